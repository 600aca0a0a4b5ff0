"""The what-if simulator: replay a routing scenario on a virtual clock and report the outcome.

The scenario format is documented in docs/routing-scenarios.md. Every problem in a scenario is
reported as ScenarioError naming the event and the field, never as a stack trace.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, TypeVar

from app.clock import ManualClock
from app.domain import AgentStatus, Availability, BusinessHours, OpenInterval
from app.routing.decisions import Decision
from app.routing.engine import RoutingEngine, RoutingError
from app.routing.settings import AbandonedAction, QueueOrder, RoutingMethod, RoutingSettings
from app.routing.state import AgentState, DepartmentState

E = TypeVar("E")

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PRIORITIES = {"highest": 1, "high": 2, "medium": 3, "low": 4, "lowest": 5}
_ENUM_SETTINGS: dict[str, Callable[[str], object]] = {
    "routing_method": RoutingMethod,
    "queue_order": QueueOrder,
    "abandoned_action": AbandonedAction,
}


class ScenarioError(Exception):
    """What is wrong with a scenario, and where."""


def run_text(text: str, source: str = "scenario") -> dict[str, Any]:
    try:
        scenario = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScenarioError(
            f"{source} is not valid JSON: line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    if not isinstance(scenario, dict):
        raise ScenarioError(f"{source} must be a JSON object with settings, agents and events")
    return run(scenario)


# What a scenario may hold; `about`, `source` and `expected` are for its readers (and the tests
# that check documented scenarios), never read here.
_FIELDS = ("about", "source", "start", "settings", "business_hours", "default_business_hours",
           "departments", "agents", "events", "until", "expected")


def run(scenario: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(scenario) - set(_FIELDS))
    if unknown:
        raise ScenarioError(f"the scenario: unknown field '{unknown[0]}'; known: {', '.join(_FIELDS)}")
    events = _list(scenario, "events", "the scenario")
    if not events:
        raise ScenarioError("the scenario has no events")
    start = _time(scenario["start"], "start") if "start" in scenario else _event_time(events, 0)
    clock = ManualClock(start)
    settings = _settings(scenario.get("settings", {}))
    hours = [_business_hours(h, i) for i, h in enumerate(_list(scenario, "business_hours", "the scenario"))]
    engine = RoutingEngine(
        settings, clock, business_hours=hours, default_business_hours=scenario.get("default_business_hours")
    )
    for index, raw in enumerate(_list(scenario, "departments", "the scenario")):
        engine.add_department(_department(raw, index, {h.id for h in hours}))
    for index, raw in enumerate(_list(scenario, "agents", "the scenario")):
        agent = _agent(raw, index, engine.departments.keys())
        if agent.id in engine.agents:
            raise ScenarioError(f"agents[{index}]: agent '{agent.id}' is listed twice")
        engine.add_agent(agent)

    decisions: list[dict[str, Any]] = []
    previous = start
    for index, event in enumerate(events):
        at = _event_time(events, index)
        if at < previous:
            raise ScenarioError(
                f"event {index}: field 'at' {at.isoformat()} is before {previous.isoformat()}: "
                "time cannot go backwards"
            )
        clock.advance(at - previous)
        previous = at
        try:
            made = _apply(engine, event, index)
        except RoutingError as error:
            raise ScenarioError(f"event {index} ({event.get('type')}): {error}") from None
        decisions.extend(_decision(index, d) for d in made)
    if "until" in scenario:
        until = _time(scenario["until"], "until")
        if until < previous:
            raise ScenarioError("field 'until' is before the last event")
        clock.advance(until - previous)
        decisions.extend(_decision(None, d) for d in engine.advance())
    return {
        "decisions": decisions,
        "queue": [
            {
                "inquiry": inquiry.id,
                "department": inquiry.department,
                "position": engine.queue.position(inquiry.id),
                "estimated_wait_s": engine.estimated_wait_s(inquiry.id),
            }
            for inquiry in engine.queue.in_order()
        ],
        "agents": [
            {
                "id": agent.id,
                "open_chats": agent.open_chats,
                "served_count": agent.served_count,
                "availability": agent.availability.value,
            }
            for agent in engine.agents.values()
        ],
    }


def _apply(engine: RoutingEngine, event: Mapping[str, Any], index: int) -> list[Decision]:
    where = f"event {index}"
    if not isinstance(event, Mapping):
        raise ScenarioError(f"{where}: must be an object with 'at' and 'type'")
    kind = event.get("type")
    where = f"event {index} ({kind})"

    def need(name: str) -> str:
        value = event.get(name)
        if not isinstance(value, str) or not value:
            raise ScenarioError(f"{where}: field '{name}' is required (a string)")
        return value

    def agent_field(name: str) -> str:
        agent_id = need(name)
        if agent_id not in engine.agents:
            raise ScenarioError(f"{where}: field '{name}': unknown agent '{agent_id}'")
        return agent_id

    def chat_field() -> str:
        chat_id = need("chat")
        if chat_id not in engine.chats:
            raise ScenarioError(
                f"{where}: field 'chat': '{chat_id}' is not an open chat (never assigned, or closed)"
            )
        return chat_id

    if kind == "inquiry":
        department = event.get("department")
        if department is not None and not isinstance(department, str):
            raise ScenarioError(f"{where}: field 'department' must be a string or null")
        return engine.inquiry(
            need("id"),
            department,
            priority=_priority(event.get("priority"), where),
            sla_minutes=_number(event.get("sla_minutes"), where, "sla_minutes"),
            skills=_skills(event.get("skills", {}), where),
        )
    if kind == "take":
        return engine.take(need("inquiry"), agent_field("agent"))
    if kind == "close":
        return engine.close(chat_field())
    if kind == "on_hold":
        return engine.on_hold(chat_field())
    if kind == "resume":
        return engine.resume(chat_field())
    if kind == "visitor_message":
        return engine.visitor_message(chat_field())
    if kind == "agent_message":
        return engine.agent_message(chat_field())
    if kind == "transfer":
        chat_id = chat_field()
        to_agent = event.get("agent")
        if to_agent is not None:
            to_agent = agent_field("agent")
        to_department = event.get("department")
        if to_agent is None and to_department is None:
            raise ScenarioError(f"{where}: give field 'agent' or 'department'")
        return engine.transfer(chat_id, to_agent=to_agent, to_department=to_department)
    if kind == "agent":
        agent_id = agent_field("id")
        status = _choice(event.get("status"), AgentStatus, where, "status")
        availability = _choice(event.get("availability"), Availability, where, "availability")
        return engine.set_agent(agent_id, status=status, availability=availability)
    if kind == "tick":
        return engine.advance()
    raise ScenarioError(
        f"event {index}: field 'type' is '{kind}'; expected one of inquiry, take, close, on_hold, "
        "resume, transfer, agent, visitor_message, agent_message, tick"
    )


def _decision(index: int | None, decision: Decision) -> dict[str, Any]:
    return {
        "event": index,
        "at": decision.at.isoformat().replace("+00:00", "Z"),
        "inquiry": decision.inquiry,
        "chat": decision.chat,
        "outcome": decision.outcome.value,
        "agent": decision.agent,
        "previous_agent": decision.previous_agent,
        "department": decision.department,
        "error": decision.error.value if decision.error else None,
        "reason": decision.reason,
    }


# -- parsing ----------------------------------------------------------------------------------


def _list(container: Mapping[str, Any], name: str, where: str) -> list[Any]:
    value = container.get(name, [])
    if not isinstance(value, list):
        raise ScenarioError(f"{where}: field '{name}' must be a list")
    return value


def _time(raw: object, where: str) -> datetime:
    if not isinstance(raw, str):
        raise ScenarioError(f"{where}: expected an ISO 8601 time such as 2026-11-25T09:00:00Z")
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ScenarioError(f"{where}: '{raw}' is not an ISO 8601 time") from None
    if parsed.tzinfo is None:
        raise ScenarioError(f"{where}: '{raw}' needs a timezone (Z or +01:00)")
    return parsed.astimezone(UTC)


def _event_time(events: list[Any], index: int) -> datetime:
    event = events[index]
    if not isinstance(event, Mapping) or "at" not in event:
        raise ScenarioError(f"event {index}: field 'at' is required")
    return _time(event["at"], f"event {index}: field 'at'")


def _settings(raw: object) -> RoutingSettings:
    if not isinstance(raw, Mapping):
        raise ScenarioError("field 'settings' must be an object")
    known = {f.name: f for f in fields(RoutingSettings)}
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in known:
            raise ScenarioError(f"settings: unknown setting '{name}'; known: {', '.join(sorted(known))}")
        default = getattr(RoutingSettings(), name)
        try:
            if name in _ENUM_SETTINGS:
                values[name] = _ENUM_SETTINGS[name](value)
            elif isinstance(default, bool):
                if not isinstance(value, bool):
                    raise ValueError
                values[name] = value
            elif isinstance(default, tuple):
                values[name] = tuple(int(v) for v in value)
            else:
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValueError
                values[name] = value
        except (ValueError, TypeError):
            raise ScenarioError(f"settings: '{name}' cannot be {json.dumps(value)}") from None
    return RoutingSettings(**values)


def _business_hours(raw: object, index: int) -> BusinessHours:
    where = f"business_hours[{index}]"
    if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
        raise ScenarioError(f"{where}: needs an 'id'")
    intervals = []
    for slot in _list(raw, "open", where):
        try:
            day = _DAYS.index(str(slot["day"]).lower()[:3])
            intervals.append(OpenInterval(day, _minutes(slot["start"]), _minutes(slot["end"])))
        except (KeyError, ValueError, TypeError) as error:
            raise ScenarioError(
                f"{where}: field 'open' needs {{day: mon..sun, start: HH:MM, end: HH:MM}} ({error})"
            ) from None
    timezone = str(raw.get("timezone", "UTC"))
    try:
        from zoneinfo import ZoneInfo  # noqa: PLC0415

        ZoneInfo(timezone)
    except (ValueError, KeyError, OSError):
        raise ScenarioError(f"{where}: field 'timezone': unknown timezone '{timezone}'") from None
    return BusinessHours(raw["id"], str(raw.get("name", raw["id"])), timezone, tuple(intervals))


def _minutes(text: object) -> int:
    hours, minutes = str(text).split(":")
    return int(hours) * 60 + int(minutes)


def _department(raw: object, index: int, hours: set[str]) -> DepartmentState:
    where = f"departments[{index}]"
    if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
        raise ScenarioError(f"{where}: needs an 'id'")
    business_hours = raw.get("business_hours")
    if business_hours is not None and business_hours not in hours:
        raise ScenarioError(f"{where}: field 'business_hours': unknown business hours '{business_hours}'")
    order = raw.get("order", [])
    allowed = raw.get("allowed_forward")
    return DepartmentState(
        id=raw["id"],
        enabled=bool(raw.get("enabled", True)),
        max_chats_per_agent=_count(raw.get("max_chats_per_agent"), where, "max_chats_per_agent"),
        fallback_department=raw.get("fallback_department"),
        business_hours=business_hours,
        order={agent: position for position, agent in enumerate(order)},
        allowed_forward=None if allowed is None else tuple(allowed),
    )


def _agent(raw: object, index: int, departments: Any) -> AgentState:
    where = f"agents[{index}]"
    if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
        raise ScenarioError(f"{where}: needs an 'id'")
    where = f"agents[{index}] ({raw['id']})"
    member_of = _list(raw, "departments", where)
    unknown = [d for d in member_of if d not in departments]
    if unknown:
        raise ScenarioError(f"{where}: field 'departments': unknown department(s) {', '.join(unknown)}")
    last = raw.get("last_assigned_at")
    last_at = None if last is None else _time(last, f"{where}: field 'last_assigned_at'")
    agent = AgentState(
        id=raw["id"],
        departments=tuple(member_of),
        status=_choice(raw.get("status"), AgentStatus, where, "status") or AgentStatus.ONLINE,
        availability=_choice(raw.get("availability"), Availability, where, "availability")
        or Availability.AVAILABLE,
        max_chats=_count(raw.get("max_chats"), where, "max_chats"),
        skills=_skills(raw.get("skills", {}), where),
        served_count=_count(raw.get("served_count"), where, "served_count") or 0,
        last_routed_at=last_at,
        last_assigned_at=last_at,
    )
    return agent


def _choice(raw: object, kind: Callable[[str], E], where: str, name: str) -> E | None:
    if raw is None:
        return None
    try:
        return kind(str(raw))
    except ValueError:
        raise ScenarioError(f"{where}: field '{name}' cannot be '{raw}'") from None


def _count(raw: object, where: str, name: str) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise ScenarioError(f"{where}: field '{name}' must be a whole number, got {json.dumps(raw)}")
    return raw


def _number(raw: object, where: str, name: str) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw < 0:
        raise ScenarioError(f"{where}: field '{name}' must be a number, got {json.dumps(raw)}")
    return float(raw)


def _priority(raw: object, where: str) -> int:
    if raw is None:
        return 99
    if isinstance(raw, str) and raw.lower() in _PRIORITIES:
        return _PRIORITIES[raw.lower()]
    if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 5:
        return raw
    raise ScenarioError(f"{where}: field 'priority' must be 1..5 or highest/high/medium/low/lowest")


def _skills(raw: object, where: str) -> dict[str, int]:
    if not isinstance(raw, Mapping) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) for k, v in raw.items()
    ):
        raise ScenarioError(f"{where}: field 'skills' must map skill names to whole-number levels")
    return dict(raw)
