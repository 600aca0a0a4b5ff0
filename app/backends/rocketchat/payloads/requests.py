"""Request bodies Omnidesk sends Rocket.Chat, built from domain values. Each names its route;
the tests check every body against the schema rest-typings 8.8.1 checks it with.

Optional fields are left out rather than sent empty: Rocket.Chat reads a missing field as "not
given", while an empty one may mean "clear it" (a department id of '' is a refusal).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from app.config import JsonValue
from app.domain import AgentStatus, Availability

JsonObject = dict[str, Any]

TAKE = ("POST", "/v1/livechat/inquiries.take")
SEND_MESSAGE = ("POST", "/v1/chat.sendMessage")
CLOSE = ("POST", "/v1/livechat/room.closeByUser")
FORWARD = ("POST", "/v1/livechat/room.forward")
ON_HOLD = ("POST", "/v1/livechat/room.onHold")
RESUME = ("POST", "/v1/livechat/room.resumeOnHold")
SAVE_INFO = ("POST", "/v1/livechat/room.saveInfo")
AGENT_STATUS = ("POST", "/v1/livechat/agent.status")
USER_STATUS = ("POST", "/v1/users.setStatus")
NEW_DEPARTMENT = ("POST", "/v1/livechat/department")
EDIT_DEPARTMENT = ("PUT", "/v1/livechat/department/:_id")
NEW_UNIT = ("POST", "/v1/livechat/units")
EDIT_UNIT = ("POST", "/v1/livechat/units/:id")


def take_body(inquiry_id: str, *, agent_id: str | None = None) -> JsonObject:
    """Take an inquiry (for oneself; `agent_id` assigns it to another agent, as a monitor does)."""
    return _without_none({"inquiryId": inquiry_id, "userId": agent_id})


def send_message_body(message_id: str, chat_id: str, text: str) -> JsonObject:
    """An agent's message with the id the desk chose: Rocket.Chat keeps a client-chosen `_id`
    and refuses a second message with the same one, so a resend after a lost answer is safe."""
    return {"message": {"_id": message_id, "rid": chat_id, "msg": text}}


def send_message_method_body(message_id: str, chat_id: str, text: str, *, call_id: str) -> JsonObject:
    """The same message as Rocket.Chat's web client sends it: the DDP method `sendMessage` over
    REST (`POST /v1/method.call/sendMessage`, not rate-limited), its call as EJSON text."""
    call = {"msg": "method", "id": call_id, "method": "sendMessage",
            "params": [{"_id": message_id, "rid": chat_id, "msg": text}]}
    return {"message": json.dumps(call, ensure_ascii=False, separators=(",", ":"))}


def close_body(chat_id: str, *, comment: str = "", tags: Sequence[str] = ()) -> JsonObject:
    body: JsonObject = {"rid": chat_id}
    if comment:
        body["comment"] = comment
    if tags:
        body["tags"] = list(tags)
    return body


def forward_body(chat_id: str, *, to_agent_id: str | None = None, to_department_id: str | None = None,
                 comment: str = "") -> JsonObject:
    """Transfer a chat. With both targets Rocket.Chat forwards to the department, to that agent
    within it (forwardRoomToDepartment reads `userId` as the preferred agent)."""
    return _without_none({"roomId": chat_id, "userId": to_agent_id, "departmentId": to_department_id,
                          "comment": comment or None})


def on_hold_body(chat_id: str) -> JsonObject:
    return {"roomId": chat_id}


def resume_body(chat_id: str) -> JsonObject:
    return {"roomId": chat_id}


def save_info_body(chat_id: str, visitor_id: str, *, topic: str, tags: Sequence[str],
                   priority_id: str | None) -> JsonObject:
    """A chat's topic, tags and priority. Rocket.Chat names a priority by its record's id (the
    weight is the record's `sortItem`); None leaves the priority as it is."""
    room = _without_none({"_id": chat_id, "topic": topic, "tags": list(tags), "priorityId": priority_id})
    return {"guestData": {"_id": visitor_id}, "roomData": room}


def agent_status_body(availability: Availability, *, agent_id: str | None = None) -> JsonObject:
    """Set availability (statusLivechat). Always names the status: without one Rocket.Chat toggles."""
    return _without_none({"status": availability.value, "agentId": agent_id})


def user_status_body(status: AgentStatus) -> JsonObject:
    return {"status": status.value}


def department_body(fields: Mapping[str, JsonValue], *, current: Mapping[str, Any] | None = None,
                    usernames: Mapping[str, str] | None = None) -> JsonObject:
    """A department as Omnidesk's admin edits it (app.config's department record `fields`), for
    `POST livechat/department` (new) or `PUT livechat/department/:_id` (`current`: the department
    as the server sent it, whose fields Omnidesk does not edit are kept). `usernames` maps agent
    ids to usernames: the PUT lists each agent's username too.

    Not sent: business hours (Rocket.Chat assigns departments from the business hours' side) and
    the default SLA (beyond Rocket.Chat). `maxNumberSimultaneousChat` is Rocket.Chat EE's field,
    which its server reads beside the typed ones.
    """
    kept = dict(current or {})
    department: JsonObject = {
        "enabled": bool(fields.get("enabled", kept.get("enabled", True))),
        "name": str(fields.get("name", kept.get("name", ""))),
        "showOnRegistration": bool(kept.get("showOnRegistration", True)),
        "showOnOfflineForm": bool(kept.get("showOnOfflineForm", True)),
        "email": str(kept.get("email") or ""),
    }
    for key in ("description", "requestTagBeforeClosingChat", "chatClosingTags", "allowReceiveForwardOffline",
                "offlineMessageChannelName", "abandonedRoomsCloseCustomMessage", "waitingQueueMessage"):
        if kept.get(key) is not None:
            department[key] = kept[key]
    fallback = fields.get("fallback_department_id", kept.get("fallbackForwardDepartment"))
    if fallback:
        department["fallbackForwardDepartment"] = str(fallback)
    if "transfer_department_ids" in fields or kept.get("departmentsAllowedToForward") is not None:
        allowed = fields.get("transfer_department_ids", kept.get("departmentsAllowedToForward"))
        department["departmentsAllowedToForward"] = [str(i) for i in _list(allowed)]
    cap = fields.get("max_chats_per_agent", kept.get("maxNumberSimultaneousChat"))
    department["maxNumberSimultaneousChat"] = int(cap) if isinstance(cap, int | float) else 0
    agents = []
    for order, agent_id in enumerate(_list(fields.get("agent_ids"))):
        agent: JsonObject = {"agentId": str(agent_id), "count": 0, "order": order}
        if usernames is not None:
            agent["username"] = usernames.get(str(agent_id), "")
        agents.append(agent)
    body: JsonObject = {"department": department, "agents": agents}
    unit_id = fields.get("unit_id")
    if unit_id:
        body["departmentUnit"] = {"_id": str(unit_id)}
    return body


def unit_body(fields: Mapping[str, JsonValue], *, monitor_usernames: Mapping[str, str],
              visibility: str = "public") -> JsonObject:
    """A unit (Rocket.Chat EE) as Omnidesk's admin edits it: `{unitData, unitMonitors,
    unitDepartments}` (core-typings' OmnichannelBusinessUnitPayload). A monitor is named by id
    and username, so `monitor_usernames` maps one to the other."""
    return {
        "unitData": {"name": str(fields.get("name", "")), "visibility": visibility},
        "unitMonitors": [{"monitorId": str(i), "username": monitor_usernames.get(str(i), "")}
                         for i in _list(fields.get("monitor_ids"))],
        "unitDepartments": [{"departmentId": str(i)} for i in _list(fields.get("department_ids"))],
    }


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _without_none(body: JsonObject) -> JsonObject:
    return {key: value for key, value in body.items() if value is not None}
