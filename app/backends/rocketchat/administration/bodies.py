"""The request bodies an admin's changes become, built from Omnidesk's record fields and (for an
edit) the record as the server sent it. Pure; the tests check each body against the ajv schema
Rocket.Chat checks it with (rest-typings 8.8.1), where it has one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.backends.rocketchat.administration.records import DAYS, WEBSITE_SETTINGS
from app.config import JsonValue
from app.errors import InvalidInput

JsonObject = dict[str, Any]

# What saveDepartment requires of every department it saves (departmentsLib.ts), kept as the
# server has them: Omnidesk does not edit them.
_KEPT_DEPARTMENT_FIELDS = ("showOnRegistration", "showOnOfflineForm", "email", "description",
                           "requestTagBeforeClosingChat", "chatClosingTags", "departmentsAllowedToForward",
                           "allowReceiveForwardOffline", "offlineMessageChannelName")


def department_create_body(entity_id: str, fields: Mapping[str, JsonValue]) -> JsonObject:
    """`POST livechat/department`: a new department under the id Omnidesk chose for it. The
    department schema admits more fields than it types, and Rocket.Chat's model inserts a
    string `_id` it is given, so the department keeps this id: a create resent after a lost
    answer finds it instead of making a second department."""
    department: JsonObject = {
        "_id": entity_id,
        "name": str(fields.get("name", "")),
        "enabled": bool(fields.get("enabled", True)),
        "showOnRegistration": True,
        "showOnOfflineForm": True,
        "email": "",
    }
    fallback = fields.get("fallback_department_id")
    if isinstance(fallback, str) and fallback:
        department["fallbackForwardDepartment"] = fallback
    agents = [{"agentId": str(agent_id), "count": 0, "order": order}
              for order, agent_id in enumerate(_ids(fields.get("agent_ids")))]
    return {"department": department, "agents": agents}


def department_update_body(current: Mapping[str, Any], changed: Mapping[str, JsonValue]) -> JsonObject:
    """`PUT livechat/department/:_id` with the department's own fields: those changed, and those
    Rocket.Chat requires kept as it has them. A fallback department cleared is sent as '' (the
    web client's way: an absent field would be left as it is)."""
    department: JsonObject = {key: current[key] for key in _KEPT_DEPARTMENT_FIELDS
                              if current.get(key) is not None}
    department.setdefault("showOnRegistration", True)
    department.setdefault("showOnOfflineForm", True)
    department.setdefault("email", "")
    department["name"] = str(changed.get("name", current.get("name", "")))
    department["enabled"] = bool(changed.get("enabled", current.get("enabled", True)))
    fallback = changed.get("fallback_department_id", current.get("fallbackForwardDepartment"))
    department["fallbackForwardDepartment"] = str(fallback) if fallback else ""
    return {"department": department}


def department_agents_body(current: Sequence[Mapping[str, Any]], wanted: Sequence[str],
                           usernames: Mapping[str, str]) -> JsonObject:
    """`POST livechat/department/:_id/agents`: the department's agents made `wanted`, in that
    order (`order` is auto selection's tie-break); an agent already there keeps their `count`."""
    counts = {str(entry.get("agentId")): entry.get("count") for entry in current}
    upsert = []
    for order, agent_id in enumerate(wanted):
        count = counts.get(agent_id)
        upsert.append({"agentId": agent_id, "username": usernames.get(agent_id, ""),
                       "count": count if isinstance(count, int) and not isinstance(count, bool) else 0,
                       "order": order})
    remove = [{"agentId": str(entry.get("agentId")), "username": str(entry.get("username") or "")}
              for entry in current if str(entry.get("agentId")) not in wanted]
    return {"upsert": upsert, "remove": remove}


def agent_info_body(agent_id: str, livechat: Mapping[str, Any] | None,
                    department_ids: Sequence[str]) -> JsonObject:
    """`POST livechat/agents.saveInfo`. Rocket.Chat replaces the agent's whole `livechat` object
    with `agentData` (Users.setLivechatData), so what it holds is sent back as it is."""
    return {"agentId": agent_id, "agentData": dict(livechat or {}), "agentDepartments": list(department_ids)}


def business_hours_body(current: Mapping[str, Any], fields: Mapping[str, JsonValue]) -> JsonObject:
    """`POST livechat/business-hours.save` for the default business hours: every day of the week,
    open or not, with one opening each (Rocket.Chat keeps one start and one finish per day)."""
    timezone = fields.get("timezone")
    name = str(timezone) if isinstance(timezone, str) else "UTC"
    by_day: dict[int, tuple[int, int]] = {}
    for interval in _list(fields.get("intervals")):
        if not isinstance(interval, dict):
            continue
        weekday, start = interval.get("weekday"), interval.get("start_minute")
        end = interval.get("end_minute")
        if not isinstance(weekday, int) or not isinstance(start, int) or not isinstance(end, int):
            continue
        if weekday in by_day:
            raise InvalidInput(f"Rocket.Chat keeps one opening per day: {DAYS[weekday]} has more than one. "
                               "Join them into one, from the first opening to the last closing.",
                               code="one-opening-per-day")
        by_day[weekday] = (start, end)
    work_hours = []
    for weekday, day in enumerate(DAYS):
        start, end = by_day.get(weekday, (0, 0))
        work_hours.append({"day": day, "start": _clock(start), "finish": _clock(end),
                           "open": weekday in by_day})
    return {
        "_id": str(current.get("_id")),
        "name": str(current.get("name") or ""),
        "type": str(current.get("type") or "default"),
        "active": bool(current.get("active", True)),
        "timezoneName": name,
        "timezone": name,
        "daysOpen": [DAYS[weekday] for weekday in sorted(by_day)],
        "departmentsToApplyBusinessHour": "",
        "workHours": work_hours,
    }


def appearance_body(changed: Mapping[str, JsonValue]) -> list[JsonObject]:
    """`POST livechat/appearance`: the website chat's settings that changed, `[{_id, value}]`."""
    return [{"_id": WEBSITE_SETTINGS[name], "value": value} for name, value in changed.items()]


def _clock(minute: int) -> str:
    # 24:00 is written 00:00, which Rocket.Chat reads as the end of the day.
    minute %= 24 * 60
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _ids(value: object) -> list[str]:
    return [str(item) for item in _list(value)]


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []
