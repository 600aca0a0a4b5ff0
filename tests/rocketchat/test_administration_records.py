"""A server's configuration read as records, and the bodies admins' changes become: pure functions,
checked against Rocket.Chat's own schemas (rest-typings 8.8.1's ajv validators)."""

from __future__ import annotations

import pytest

from app.backends.rocketchat.administration import bodies, records
from app.backends.rocketchat.payloads import PayloadError
from app.config import JsonValue, Kind
from app.errors import InvalidInput
from tests.rocketchat import schemas


def _department(**fields: object) -> dict[str, object]:
    return {"_id": "dep-1", "_updatedAt": "2026-11-25T10:00:00.000Z", "name": "Support", "enabled": True,
            "email": "", "showOnRegistration": True, "showOnOfflineForm": True, "numAgents": 2,
            "offlineMessageChannelName": "", **fields}


def _day(day: str, start: str, finish: str, *, open: bool) -> dict[str, object]:
    def moment(time: str) -> dict[str, object]:
        return {"time": time, "utc": {"dayOfWeek": day, "time": time},
                "cron": {"dayOfWeek": day, "time": time}}

    return {"day": day, "start": moment(start), "finish": moment(finish), "open": open, "code": 1}


def test_a_department_reads_with_its_agents_in_their_order_and_archived_reads_disabled() -> None:
    agents = [{"agentId": "u-cy", "username": "cy", "order": 1},
              {"agentId": "u-bo", "username": "bo", "order": 0},
              {"agentId": "u-al", "username": "al", "order": 1}]
    record = records.department_record(_department(fallbackForwardDepartment="", archived=True),
                                       records.agents_in_order(agents, endpoint="test"), endpoint="test")
    assert record.fields["agent_ids"] == ["u-bo", "u-al", "u-cy"]
    assert record.fields["enabled"] is False  # archived
    assert record.fields["fallback_department_id"] is None  # '' is none
    same = _department(fallbackForwardDepartment="", archived=True)
    assert record.version == records.department_record(same, ["u-bo", "u-al", "u-cy"], endpoint="t").version
    assert record.version != records.department_record(_department(), ["u-bo"], endpoint="t").version


def test_a_department_without_its_name_is_a_payload_error_naming_the_field() -> None:
    payload = _department()
    del payload["name"]
    with pytest.raises(PayloadError, match="name"):
        records.department_record(payload, [], endpoint="GET /v1/livechat/department")


def test_business_hours_read_their_open_days_and_a_close_at_midnight_ends_the_day() -> None:
    hours = {"_id": "bh", "name": "", "active": True, "type": "default",
             "timezone": {"name": "Europe/Berlin"},
             "workHours": [_day("Monday", "08:00", "00:00", open=True),
                           _day("Sunday", "10:00", "12:00", open=False),
                           _day("Tuesday", "09:30", "17:00", open=True)]}
    record = records.business_hours_record(hours, [], endpoint="test")
    assert record.name == records.DEFAULT_HOURS_NAME
    assert record.fields["intervals"] == [{"weekday": 0, "start_minute": 480, "end_minute": 1440},
                                          {"weekday": 1, "start_minute": 570, "end_minute": 1020}]
    broken = {**hours, "workHours": [_day("Monday", "8 am", "17:00", open=True)]}
    with pytest.raises(PayloadError, match=r"workHours\[0\]\.start\.time"):
        records.business_hours_record(broken, [], endpoint="test")


def test_routing_reads_the_methods_omnidesk_models_and_none_for_external() -> None:
    routing = records.routing_record({"Livechat_Routing_Method": "Manual_Selection",
                                      "Livechat_enabled_when_agent_idle": False})
    assert routing is not None
    assert routing.fields["routing_method"] == "manual_selection"
    assert routing.fields["route_to_away_agents"] is False
    assert routing.fields["waiting_queue"] is False  # a Community server has none
    assert records.routing_record({"Livechat_Routing_Method": "External"}) is None
    assert records.setting_value(Kind.ROUTING, "routing_method", "auto_selection") == "Auto_Selection"


def test_the_bodies_pass_the_schemas_rocket_chat_checks_them_with() -> None:
    sales: dict[str, JsonValue] = {"name": "Sales", "enabled": True, "agent_ids": ["u-bo"],
                                   "fallback_department_id": "dep-1"}
    created = bodies.department_create_body("d" * 32, sales)
    schemas.validate(created, schemas.validator_schema("isPOSTLivechatDepartmentProps"), what="create")
    assert created["department"]["_id"] == "d" * 32
    agents = bodies.department_agents_body([{"agentId": "u-bo", "username": "bo", "count": 4}],
                                           ["u-cy"], {"u-cy": "cy"})
    schemas.validate(agents, schemas.validator_schema("isLivechatDepartmentDepartmentIdAgentsPOSTProps"),
                     what="agents")
    assert agents == {"upsert": [{"agentId": "u-cy", "username": "cy", "count": 0, "order": 0}],
                      "remove": [{"agentId": "u-bo", "username": "bo"}]}
    info = bodies.agent_info_body("u-bo", {"maxNumberSimultaneousChat": 3}, ["dep-1"])
    schemas.validate(info, schemas.validator_schema("isPOSTLivechatAgentSaveInfoParams"), what="info")
    assert info["agentData"] == {"maxNumberSimultaneousChat": 3}  # kept: Rocket.Chat replaces it whole
    hours = bodies.business_hours_body({"_id": "bh", "name": "", "type": "default", "active": True},
                                       {"timezone": "UTC", "intervals": [
                                           {"weekday": 4, "start_minute": 600, "end_minute": 1440}]})
    schemas.validate(hours, schemas.validator_schema("isPOSTLivechatBusinessHoursSaveParams"), what="hours")
    assert [w for w in hours["workHours"] if w["open"]] == [
        {"day": "Friday", "start": "10:00", "finish": "00:00", "open": True}]
    appearance = bodies.appearance_body({"title": "Hi"})
    schemas.validate(appearance, schemas.validator_schema("isPOSTLivechatAppearanceParams"),
                     what="appearance")


def test_an_edit_keeps_what_omnidesk_does_not_edit_and_clears_a_fallback_as_rocket_chat_does() -> None:
    current = _department(email="help@example.com", description="Front line",
                          fallbackForwardDepartment="dep-2")
    body = bodies.department_update_body(current, {"fallback_department_id": None})
    assert body["department"]["fallbackForwardDepartment"] == ""
    assert body["department"]["email"] == "help@example.com" and body["department"]["name"] == "Support"
    assert body["department"]["description"] == "Front line"


def test_two_openings_on_one_day_are_refused_before_anything_is_sent() -> None:
    twice: list[JsonValue] = [{"weekday": 0, "start_minute": 480, "end_minute": 720},
             {"weekday": 0, "start_minute": 780, "end_minute": 1020}]
    with pytest.raises(InvalidInput, match="one opening per day: Monday"):
        bodies.business_hours_body({"_id": "bh"}, {"timezone": "UTC", "intervals": twice})
