"""A Rocket.Chat server's configuration as Omnidesk's records, and what of it a Community server
lets an admin change (`COMMUNITY`). Pure: no I/O.

Rocket.Chat keeps no versions. A record's version here is a digest of its fields: the same
fields give the same version, so `conflicts_between` sees at once that a record nobody changed
is unchanged, and compares field by field otherwise.

What each record holds (docs/rocketchat.md, "Administration over a server"):
- a department (ILivechatDepartment, with its ILivechatDepartmentAgents): name, enabled (false
  when archived), its agents in their `order`, fallback department, business hours (set from the
  business hours' side), and Enterprise's unit, cap and transfer targets (read, not offered);
- an agent (a user with the livechat-agent role): username, name, the departments listing them,
  Enterprise's `livechat.maxNumberSimultaneousChat` (read, not offered);
- the business hours (ILivechatBusinessHour; a Community server has one, the default): its
  timezone and one opening per open day;
- routing and the website chat: the public settings they map to.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from app.backends.rocketchat.payloads.fields import Fields
from app.config import FieldType, JsonValue, Kind, Record, schema_of
from app.config.offer import ConfigurationOffer, KindOffer

DEPARTMENTS = "livechat/department"
DEPARTMENT = "livechat/department/:_id"
AGENTS = "livechat/users/agent"
AGENT = "livechat/users/agent/:_id"
BUSINESS_HOUR = "livechat/business-hour"
SETTINGS = "settings.public"

# Omnidesk's routing record's fields and the public settings that hold them on a Community
# server (apps/meteor/server/settings/omnichannel.ts).
ROUTING_SETTINGS: Mapping[str, str] = {
    "routing_method": "Livechat_Routing_Method",
    "route_to_away_agents": "Livechat_enabled_when_agent_idle",
    "business_hours_enabled": "Livechat_enable_business_hours",
}
# The website chat's: those Rocket.Chat's `POST livechat/appearance` changes (its own list of
# settings it accepts, apps/meteor/server/api/v1/omnichannel/appearance.ts).
WEBSITE_SETTINGS: Mapping[str, str] = {
    "title": "Livechat_title",
    "color": "Livechat_title_color",
    "registration_form": "Livechat_registration_form",
    "offline_title": "Livechat_offline_title",
    "offline_message": "Livechat_offline_message",
    "offline_success_message": "Livechat_offline_success_message",
}
SETTING_IDS: tuple[str, ...] = (*ROUTING_SETTINGS.values(), *WEBSITE_SETTINGS.values())

# Livechat_Routing_Method's values and Omnidesk's names for them. Community offers the first
# two and External (which Omnidesk does not model); Enterprise adds the last two.
ROUTING_METHODS: Mapping[str, str] = {
    "Manual_Selection": "manual_selection",
    "Auto_Selection": "auto_selection",
    "Load_Balancing": "load_balancing",
    "Load_Rotation": "load_rotation",
}
COMMUNITY_METHODS = ("manual_selection", "auto_selection")

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
# What the routing and website records hold beyond the settings read: Rocket.Chat's own
# defaults, or what a Community server does (no waiting queue, no contact blocking). Not
# offered, not shown: they keep validation and previews true to the server.
_ROUTING_ON_COMMUNITY: Mapping[str, JsonValue] = {
    "max_chats_per_agent": 0, "waiting_queue": False, "queue_order": "timestamp", "max_fallback_depth": 3,
    "auto_transfer_unanswered_s": 0, "auto_transfer_repeats": False, "abandoned_action": "none",
    "visitor_inactivity_s": 3600, "max_queue_wait_s": 0, "block_unknown_contacts": False,
    "block_unverified_contacts": False, "contact_merge_custom_fields": "drop",
}
_WEBSITE_ON_COMMUNITY: Mapping[str, JsonValue] = {"data_processing_consent": False}

# Rocket.Chat's default business hours are created without a name.
DEFAULT_HOURS_NAME = "Default business hours"

# What a Community server lets an admin change. Enterprise's kinds (units, priorities, SLA
# policies, tags, departments' canned responses) are not offered, nor Enterprise's fields of
# these kinds, nor what Rocket.Chat lacks (skills, a department's default SLA).
COMMUNITY = ConfigurationOffer({
    Kind.DEPARTMENT: KindOffer(
        fields=frozenset({"name", "enabled", "agent_ids", "fallback_department_id"}),
        shown=frozenset({"business_hours_id"}),
        note="A Rocket.Chat Community server keeps one department; removing one needs the server's "
             "setting Omnichannel_enable_department_removal."),
    Kind.AGENT: KindOffer(
        fields=frozenset({"department_ids"}), on_create=frozenset({"username", "name"}),
        note="Adding an agent gives an existing Rocket.Chat user (by username) the livechat-agent role; "
             "the server keeps the user's own name. Deleting takes the role away."),
    Kind.BUSINESS_HOURS: KindOffer(
        fields=frozenset({"timezone", "intervals"}), shown=frozenset({"name"}), create=False, delete=False,
        note="A Rocket.Chat Community server has one set of business hours, for every department, "
             "with one opening per day."),
    Kind.ROUTING: KindOffer(
        fields=frozenset(ROUTING_SETTINGS), choices={"routing_method": COMMUNITY_METHODS},
        note="Rocket.Chat asks your password (or second factor) before it changes these settings."),
    Kind.WEBSITE: KindOffer(fields=frozenset(WEBSITE_SETTINGS)),
}, what_if=False)


def version_of(fields: Mapping[str, JsonValue]) -> int:
    """The record's version: a digest of its fields (never 0, which no record has)."""
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:6], "big") | 1


def record(kind: Kind, entity_id: str, fields: Mapping[str, JsonValue]) -> Record:
    """A record with every field of its kind (defaults for those the server does not hold)."""
    complete = {**schema_of(kind).defaults(), **fields}
    return Record(kind, entity_id, complete, version_of(complete))


def agents_in_order(listed: Iterable[Mapping[str, Any]], *, endpoint: str) -> list[str]:
    """A department's agents (ILivechatDepartmentAgents) in the order auto selection breaks ties."""
    entries = [Fields(entry, kind="department agent", endpoint=endpoint) for entry in listed]
    ranked = sorted(entries, key=lambda e: (e.whole_or_none("order") or 0, e.text_or("username")))
    return [entry.text("agentId") for entry in ranked]


def department_record(payload: object, agent_ids: Sequence[str], *, endpoint: str) -> Record:
    department = Fields(payload, kind="department", endpoint=endpoint)
    ancestors = department.texts("ancestors")
    cap = department.raw("maxNumberSimultaneousChat")
    return record(Kind.DEPARTMENT, department.text("_id"), {
        "name": department.text("name"),
        "enabled": department.flag("enabled", default=True) and not department.flag("archived"),
        "unit_id": department.text_or_none("parentId") or (ancestors[0] if ancestors else None),
        "agent_ids": list(agent_ids),
        "max_chats_per_agent": int(cap) if isinstance(cap, int | float) and not isinstance(cap, bool)
        and cap > 0 else None,
        "fallback_department_id": department.text_or_none("fallbackForwardDepartment") or None,
        "business_hours_id": department.text_or_none("businessHourId") or None,
        "transfer_department_ids": list(department.texts("departmentsAllowedToForward")),
        "sla_id": None,
    })


def agent_record(payload: object, department_ids: Sequence[str], *, endpoint: str) -> Record:
    agent = Fields(payload, kind="agent", endpoint=endpoint)
    livechat = agent.obj_or_none("livechat")
    limit = livechat.whole_or_none("maxNumberSimultaneousChat") if livechat is not None else None
    username = agent.text("username")
    return record(Kind.AGENT, agent.text("_id"), {
        "username": username,
        "name": agent.text_or("name") or username,
        "agent": True,
        # Monitors are Enterprise's; the user payloads of agent lists do not say it either.
        "monitor": False,
        "department_ids": list(department_ids),
        "max_chats": limit or None,
        "skills": {},
    })


def business_hours_record(payload: object, department_ids: Sequence[str], *, endpoint: str) -> Record:
    hours = Fields(payload, kind="business hours", endpoint=endpoint)
    intervals: list[JsonValue] = []
    for day in hours.objs("workHours"):
        if not day.flag("open"):
            continue
        name = day.text("day")
        if name not in DAYS:
            raise day.error("day", f"is {name!r}, not a day of the week")
        start, finish = _minute(day.obj("start")), _minute(day.obj("finish"))
        intervals.append({"weekday": DAYS.index(name), "start_minute": start,
                          "end_minute": finish if finish > start else 24 * 60})
    intervals.sort(key=lambda i: (i["weekday"], i["start_minute"]) if isinstance(i, dict) else (0, 0))
    return record(Kind.BUSINESS_HOURS, hours.text("_id"), {
        "name": hours.text_or("name") or DEFAULT_HOURS_NAME,
        "timezone": hours.obj("timezone").text("name") or "UTC",
        "active": hours.flag("active", default=True),
        "intervals": intervals,
        "department_ids": list(department_ids),
    })


def routing_record(settings: Mapping[str, object]) -> Record | None:
    """None when the server routes in a way Omnidesk does not model (External)."""
    method = ROUTING_METHODS.get(str(settings.get(ROUTING_SETTINGS["routing_method"], "Auto_Selection")))
    if method is None:
        return None
    return record(Kind.ROUTING, Kind.ROUTING.value, {
        **_ROUTING_ON_COMMUNITY,
        "routing_method": method,
        "route_to_away_agents": _flag(settings.get(ROUTING_SETTINGS["route_to_away_agents"]), True),
        "business_hours_enabled": _flag(settings.get(ROUTING_SETTINGS["business_hours_enabled"]), False),
    })


def website_record(settings: Mapping[str, object]) -> Record:
    fields: dict[str, JsonValue] = dict(_WEBSITE_ON_COMMUNITY)
    for name, setting in WEBSITE_SETTINGS.items():
        value = settings.get(setting)
        if schema_of(Kind.WEBSITE).spec(name).type is FieldType.BOOL:
            fields[name] = _flag(value, True)
        else:
            fields[name] = value if isinstance(value, str) else ""
    return record(Kind.WEBSITE, Kind.WEBSITE.value, fields)


def setting_value(kind: Kind, name: str, value: JsonValue) -> JsonValue:
    """A field's value as the setting holds it."""
    if kind is Kind.ROUTING and name == "routing_method":
        return next(server for server, mine in ROUTING_METHODS.items() if mine == value)
    return value


def _flag(value: object, default: bool) -> bool:
    return value if isinstance(value, bool) else default


def _minute(time: Fields) -> int:
    text = time.text("time")
    found = _TIME.fullmatch(text)
    if found is None:
        raise time.error("time", f"is {text!r}, not a time of day HH:mm")
    return int(found.group(1)) * 60 + int(found.group(2))
