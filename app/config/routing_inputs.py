"""Configuration records -> what routing needs: the same mapping for the published configuration
and for the one with pending edits, so a what-if compares like with like.

Pure: records in, `RoutingInputs` out; `what_if` replays a day's traffic with both. Field
names are `app.config.SCHEMAS`'. A record whose fields are empty stands for a deleted one (see
`with_edits`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from typing import Any

from app.config.records import JsonValue, Kind, Record
from app.config.relations import mirror
from app.domain import BusinessHours, OpenInterval
from app.domain.whatif import ChatDifference, WhatIf
from app.routing.replay import (
    CAVEATS,
    NO_TRAFFIC,
    AgentInputs,
    DepartmentInputs,
    RoutingInputs,
    Traffic,
    replay,
)
from app.routing.settings import AbandonedAction, QueueOrder, RoutingMethod, RoutingSettings

_ENUMS: dict[str, Any] = {
    "routing_method": RoutingMethod,
    "queue_order": QueueOrder,
    "abandoned_action": AbandonedAction,
}


def with_edits(current: Iterable[Record], edited: Sequence[Record]) -> list[Record]:
    """The configuration as it would be published: each edited record replaces the current one
    of the same kind and id (new ids are added; a record with no fields is deleted).

    Relations held on both sides (a department's `agent_ids`, an agent's `department_ids`...)
    are mirrored onto the unedited side (app.config.relations), so that removing an agent from
    a department in either editor removes it for routing too."""
    merged = {(record.kind, record.id): record for record in current}
    edited_keys = frozenset((record.kind, record.id) for record in edited)
    for record in edited:
        key = (record.kind, record.id)
        before = merged[key].fields if key in merged else {}
        merged[key] = record
        mirror(merged, record.kind, record.id, before, record.fields, leave=edited_keys)
    return [record for record in merged.values() if record.fields]


def routing_inputs(records: Iterable[Record]) -> RoutingInputs:
    """What routing needs from a whole configuration: the routing settings, departments with
    their agents in order, agents (those with the agent role) and business hours."""
    by_kind: dict[Kind, list[Record]] = {}
    for record in records:
        if record.fields:
            by_kind.setdefault(record.kind, []).append(record)
    agent_records = sorted((r for r in by_kind.get(Kind.AGENT, []) if r.fields.get("agent") is True),
                           key=lambda r: r.id)
    agent_ids = {r.id for r in agent_records}
    department_records = sorted(by_kind.get(Kind.DEPARTMENT, []), key=lambda r: r.id)
    department_ids = {r.id for r in department_records}
    hours_records = sorted(by_kind.get(Kind.BUSINESS_HOURS, []), key=lambda r: r.id)
    hours_of = {department: r.id for r in hours_records
                for department in _ids(r.fields.get("department_ids"))}

    # Membership is the union of both sides (with_edits keeps them in step); the department's
    # list gives the order, agents it does not list come after, by id.
    members: dict[str, list[str]] = {
        r.id: [a for a in _ids(r.fields.get("agent_ids")) if a in agent_ids] for r in department_records}
    for agent in agent_records:
        for department in _ids(agent.fields.get("department_ids")):
            if department in members and agent.id not in members[department]:
                members[department].append(agent.id)

    departments = tuple(
        DepartmentInputs(
            id=r.id,
            name=_text(r.fields.get("name"), r.id),
            enabled=r.fields.get("enabled") is not False,
            agent_ids=tuple(members[r.id]),
            max_chats_per_agent=_count(r.fields.get("max_chats_per_agent")),
            fallback_department_id=_ref(r.fields.get("fallback_department_id"), department_ids),
            business_hours_id=_ref(r.fields.get("business_hours_id"), {h.id for h in hours_records})
            or hours_of.get(r.id),
        )
        for r in department_records
    )
    serves = {a: tuple(d.id for d in departments if a in d.agent_ids) for a in agent_ids}
    agents = tuple(
        AgentInputs(
            id=r.id,
            name=_text(r.fields.get("name"), _text(r.fields.get("username"), r.id)),
            department_ids=serves[r.id],
            max_chats=_count(r.fields.get("max_chats")),
            skills=_skills(r.fields.get("skills")),
        )
        for r in agent_records
    )
    routing = next((r for r in by_kind.get(Kind.ROUTING, [])), None)
    return RoutingInputs(
        settings=routing_settings(routing.fields if routing else {}),
        departments=departments,
        agents=agents,
        business_hours=tuple(_hours(r) for r in hours_records),
    )


def routing_settings(values: Mapping[str, JsonValue]) -> RoutingSettings:
    """The routing record's fields as settings; a missing or malformed value keeps its default
    (validation is the editors' and the backend's job, not the replay's)."""
    chosen: dict[str, Any] = {}
    defaults = RoutingSettings()
    for spec in dataclass_fields(RoutingSettings):
        value = values.get(spec.name)
        if value is None:
            continue
        default = getattr(defaults, spec.name)
        if spec.name in _ENUMS:
            try:
                chosen[spec.name] = _ENUMS[spec.name](value)
            except ValueError:
                continue
        elif isinstance(default, bool):
            if isinstance(value, bool):
                chosen[spec.name] = value
        elif isinstance(default, int) and isinstance(value, int) and not isinstance(value, bool):
            chosen[spec.name] = max(0, value)
    return RoutingSettings(**chosen)


def _hours(record: Record) -> BusinessHours:
    intervals = []
    raw = record.fields.get("intervals")
    for slot in raw if isinstance(raw, list) else []:
        if not isinstance(slot, dict):
            continue
        try:
            intervals.append(OpenInterval(int(_number(slot.get("weekday"))),
                                          int(_number(slot.get("start_minute"))),
                                          int(_number(slot.get("end_minute")))))
        except ValueError:
            continue  # an interval validation refuses; the replay leaves it out
    return BusinessHours(
        id=record.id,
        name=_text(record.fields.get("name"), record.id),
        timezone=_timezone(record.fields.get("timezone")),
        intervals=tuple(intervals),
        active=record.fields.get("active") is not False,
    )


def _timezone(value: JsonValue) -> str:
    """The record's timezone if the system knows it, else UTC (validation names the problem)."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415  (loaded on first use: it slows start-up)

    if not isinstance(value, str) or not value:
        return "UTC"
    try:
        ZoneInfo(value)
    except (ValueError, KeyError, OSError):
        return "UTC"
    return value


def _ids(value: JsonValue) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _ref(value: JsonValue, known: set[str]) -> str | None:
    return value if isinstance(value, str) and value in known else None


def _text(value: JsonValue, default: str) -> str:
    return value if isinstance(value, str) and value else default


def _count(value: JsonValue) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _number(value: JsonValue) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def _skills(value: JsonValue) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {name: level for name, level in value.items()
            if isinstance(level, int) and not isinstance(level, bool)}


def what_if(traffic: Traffic, current: Sequence[Record], edited: Sequence[Record]) -> WhatIf:
    """`traffic` replayed with the current configuration and with `edited` in place (see
    `with_edits`), and the chats whose outcome differs, in arrival order. Agents the edits add
    are taken as present (they could not serve that day: the replay asks what if they had)."""
    before_inputs = routing_inputs(current)
    after_inputs = routing_inputs(with_edits(current, edited))
    added = {a.id for a in after_inputs.agents} - {a.id for a in before_inputs.agents}
    before, before_outcomes = replay(traffic, before_inputs)
    after, after_outcomes = replay(
        replace(traffic, present_agent_ids=traffic.present_agent_ids | added), after_inputs)
    names = {**before_inputs.names(), **after_inputs.names()}
    differences = []
    for arrival in traffic.arrivals:
        was = before_outcomes[arrival.chat_id].text(names)
        becomes = after_outcomes[arrival.chat_id].text(names)
        if was != becomes:
            differences.append(ChatDifference(arrival.chat_id, arrival.visitor_name, was, becomes))
    return WhatIf(before=before, after=after, differences=tuple(differences),
                  caveats=_caveats(traffic))


def _caveats(traffic: Traffic) -> tuple[str, ...]:
    if not traffic.arrivals:
        return (NO_TRAFFIC,)
    delay = int(traffic.pickup_delay_s)
    return (*CAVEATS, f"The day's typical pick-up delay (manual selection): {delay // 60}:{delay % 60:02d}.")
