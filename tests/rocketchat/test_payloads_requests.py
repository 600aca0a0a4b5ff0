"""Every request body the mapping builds passes the schema Rocket.Chat 8.8.1 checks it with
(rest-typings' ajv validators; for bodies typed without one, core-typings' types), and where
Rocket.Chat answers with what was sent, reading the answer gives back what the desk meant."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.backends.rocketchat.payloads import read_chat, read_department, read_unit
from app.backends.rocketchat.payloads import requests as bodies
from app.domain import AgentStatus, Availability
from tests.rocketchat import payload_fixtures as fixtures
from tests.rocketchat import schemas
from tests.rocketchat.schemas import SchemaViolation, validate, validate_payload, validate_request

IDS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=24)
TEXT = st.text(st.characters(codec="utf-8"), max_size=200)


@settings(max_examples=50)
@given(inquiry_id=IDS, agent_id=st.none() | IDS)
def test_take(inquiry_id: str, agent_id: str | None) -> None:
    validate_request(*bodies.TAKE, bodies.take_body(inquiry_id, agent_id=agent_id))


@settings(max_examples=50)
@given(message_id=IDS, chat_id=IDS, text=TEXT)
def test_send_message_with_the_desks_id(message_id: str, chat_id: str, text: str) -> None:
    body = bodies.send_message_body(message_id, chat_id, text)
    validate_request(*bodies.SEND_MESSAGE, body)
    assert body["message"]["_id"] == message_id


def test_send_message_as_a_method_call_over_rest() -> None:
    body = bodies.send_message_method_body("desk-1", "room-1", "Olá ✓", call_id="7")
    assert set(body) == {"message"}  # rest-typings: POST /v1/method.call/:method takes { message: string }
    call = json.loads(body["message"])
    assert call == {"msg": "method", "id": "7", "method": "sendMessage",
                    "params": [{"_id": "desk-1", "rid": "room-1", "msg": "Olá ✓"}]}
    validate(call["params"][0], schemas.validator_schema("isChatSendMessageProps")["properties"]["message"],
             what="sendMessage's message")


@settings(max_examples=50)
@given(chat_id=IDS, comment=TEXT, tags=st.lists(IDS, max_size=4))
def test_close(chat_id: str, comment: str, tags: list[str]) -> None:
    validate_request(*bodies.CLOSE, bodies.close_body(chat_id, comment=comment, tags=tags))


@settings(max_examples=50)
@given(chat_id=IDS, agent=st.none() | IDS, department=st.none() | IDS, comment=TEXT)
def test_forward(chat_id: str, agent: str | None, department: str | None, comment: str) -> None:
    body = bodies.forward_body(chat_id, to_agent_id=agent, to_department_id=department, comment=comment)
    validate_request(*bodies.FORWARD, body)
    assert ("departmentId" in body) == (department is not None)


def test_hold_and_resume() -> None:
    validate_request(*bodies.ON_HOLD, bodies.on_hold_body("room-1"))
    validate_request(*bodies.RESUME, bodies.resume_body("room-1"))


def test_save_info_round_trip() -> None:
    room = fixtures.room()
    chat = read_chat(room, endpoint="GET /v1/livechat/rooms")
    body = bodies.save_info_body(chat.id, chat.visitor_id, topic="Refund", tags=["refund"],
                                 priority_id="prioHigh")
    validate_request(*bodies.SAVE_INFO, body)
    # Rocket.Chat saves roomData onto the room: read back, the chat says what was saved.
    saved = {**room, "topic": body["roomData"]["topic"], "tags": body["roomData"]["tags"]}
    validate_payload("IOmnichannelRoom", saved)
    after = read_chat(saved, endpoint="GET /v1/livechat/rooms")
    assert (after.topic, after.tags) == ("Refund", ("refund",))


@pytest.mark.parametrize("availability", list(Availability))
def test_agent_status_always_names_the_status(availability: Availability) -> None:
    body = bodies.agent_status_body(availability, agent_id="rbAXPnMktTFbNpwtJ")
    validate_request(*bodies.AGENT_STATUS, body)
    assert body["status"] == availability.value  # without one Rocket.Chat toggles


def test_user_status_is_rocket_chats_user_status() -> None:
    # users.setStatus has no ajv validator; its params type says status is a UserStatus.
    assert schemas.routes()["POST /v1/users.setStatus"]["validator"] is None
    status = schemas.payload_schema("IUser")["definitions"]["IUser"]["properties"]["status"]
    for presence in (AgentStatus.ONLINE, AgentStatus.AWAY):
        validate(bodies.user_status_body(presence)["status"], {**status, "definitions":
                 schemas.payload_schema("IUser")["definitions"]}, what="users.setStatus status")


DEPARTMENT_FIELDS: dict[str, Any] = {
    "name": "Sales", "enabled": True, "unit_id": "unitSalesEurope", "agent_ids": ["ana", "bo"],
    "max_chats_per_agent": 4, "fallback_department_id": "depSupport", "business_hours_id": "bhEurope",
    "transfer_department_ids": ["depSupport"], "sla_id": None,
}
# Rocket.Chat EE's department field its server reads beside LivechatDepartmentDTO's typed ones.
EE_DEPARTMENT_FIELDS = {"maxNumberSimultaneousChat"}


def check_department_body(body: dict[str, Any]) -> None:
    assert schemas.routes()["POST /v1/livechat/department"]["validator"] is None  # typed, not ajv-checked
    typed = {key: value for key, value in body["department"].items() if key not in EE_DEPARTMENT_FIELDS}
    validate_payload("LivechatDepartmentDTO", typed)
    agents = schemas.payload_schema("ILivechatDepartmentAgents")["definitions"]["ILivechatDepartmentAgents"]
    for agent in body["agents"]:
        assert set(agent) <= set(agents["properties"])
        assert isinstance(agent["agentId"], str) and isinstance(agent["order"], int)


def test_a_new_department() -> None:
    body = bodies.department_body(DEPARTMENT_FIELDS)
    check_department_body(body)
    assert body["departmentUnit"] == {"_id": "unitSalesEurope"}
    assert [a["agentId"] for a in body["agents"]] == ["ana", "bo"]


def test_a_department_edit_keeps_what_omnidesk_does_not_edit_and_round_trips() -> None:
    current = fixtures.department()
    validate_payload("ILivechatDepartment", current)
    body = bodies.department_body({**DEPARTMENT_FIELDS, "name": "Sales EU", "max_chats_per_agent": None},
                                  current=current, usernames={"ana": "ana", "bo": "bo"})
    check_department_body(body)
    assert body["department"]["email"] == "sales@example.com"
    assert body["department"]["description"] == "Orders and quotes"
    # The server saves the department; read back, it is what the admin edited.
    saved = {**current, **body["department"]}
    validate_payload("ILivechatDepartment", saved)
    department = read_department(saved, endpoint="GET /v1/livechat/department/:_id")
    assert (department.name, department.max_chats_per_agent, department.fallback_department_id) == (
        "Sales EU", None, "depSupport")


def test_a_unit_round_trips() -> None:
    fields: dict[str, Any] = {"name": "Sales Europe", "department_ids": ["CAJioQNAvLnYWTy8i"],
                              "monitor_ids": ["m1"]}
    body = bodies.unit_body(fields, monitor_usernames={"m1": "maya"})
    validate_payload("OmnichannelBusinessUnitPayload", body)
    saved = fixtures.unit(name=body["unitData"]["name"])
    validate_payload("IOmnichannelBusinessUnit", saved)
    unit = read_unit(saved, endpoint="GET /v1/livechat/units/:id",
                     department_ids=[d["departmentId"] for d in body["unitDepartments"]],
                     monitor_ids=[m["monitorId"] for m in body["unitMonitors"]])
    assert (unit.name, unit.department_ids, unit.monitor_ids) == (
        "Sales Europe", ("CAJioQNAvLnYWTy8i",), ("m1",))


def test_the_schemas_refuse_what_rocket_chat_refuses() -> None:
    with pytest.raises(SchemaViolation, match=r"roomId"):
        validate_request(*bodies.FORWARD, {"departmentId": "d"})
    with pytest.raises(SchemaViolation, match=r"\$\.status"):
        validate_request(*bodies.AGENT_STATUS, {"status": "busy"})
    with pytest.raises(SchemaViolation, match=r"unexpected"):
        validate_request(*bodies.TAKE, {"inquiryId": "i", "extra": 1})
    validate_request(*bodies.FORWARD, {"roomId": "r", "userId": None})  # ajv's nullable


def test_routes_are_keyed_by_method_and_path() -> None:
    take = schemas.routes()["POST /v1/livechat/inquiries.take"]
    assert take["validator"] == "isPOSTLivechatInquiriesTakeParams"
    assert schemas.request_schema("post", "livechat/room.onHold")["required"] == ["roomId"]
    with pytest.raises(LookupError, match="no ajv validator"):
        schemas.request_schema("POST", "/v1/method.call/:method")


def test_missing_typings_fail_and_say_how_to_fetch_them(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.setattr(schemas, "SCHEMAS_DIR", tmp_path)
    schemas._dump.cache_clear()
    try:
        with pytest.raises(schemas.TypingsMissing, match=r"run \./dev to fetch Rocket\.Chat's typings"):
            schemas.payload_schema("IOmnichannelRoom")
    finally:
        schemas._dump.cache_clear()
