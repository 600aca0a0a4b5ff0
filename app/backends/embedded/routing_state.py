"""Builds the routing engine's memory from the store, so routing starts where the desk stands."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from app.clock import Clock
from app.domain import Agent, BusinessHours, ChatStatus, Department, Inquiry
from app.routing.decisions import Decision, Outcome
from app.routing.engine import RoutingEngine
from app.routing.settings import AbandonedAction, QueueOrder, RoutingMethod, RoutingSettings
from app.routing.state import AgentState, DepartmentState
from app.store import chats, organisation

_ENUMS: dict[str, Any] = {
    "routing_method": RoutingMethod,
    "queue_order": QueueOrder,
    "abandoned_action": AbandonedAction,
}


def routing_settings(values: Mapping[str, str]) -> RoutingSettings:
    """Routing settings from the store's text values; a value that does not parse keeps its default."""
    defaults = RoutingSettings()
    chosen: dict[str, Any] = {}
    for field in fields(RoutingSettings):
        raw = values.get(field.name)
        if raw is None:
            continue
        default = getattr(defaults, field.name)
        try:
            if field.name in _ENUMS:
                chosen[field.name] = _ENUMS[field.name](raw)
            elif isinstance(default, bool):
                chosen[field.name] = raw.strip().lower() == "true"
            elif isinstance(default, tuple):
                chosen[field.name] = tuple(int(part) for part in raw.split(",") if part.strip())
            else:
                chosen[field.name] = max(0, int(raw))
        except ValueError:
            continue
    return RoutingSettings(**chosen)


@dataclass(frozen=True, slots=True)
class Snapshot:
    settings: dict[str, str]
    business_hours: list[BusinessHours]
    departments: list[Department]
    orders: dict[str, dict[str, int]]
    agents: list[Agent]
    active: list[tuple[str, str, str | None, str, datetime]]
    queued: list[Inquiry]
    paused: set[str]


def read_snapshot(connection: sqlite3.Connection) -> Snapshot:
    return Snapshot(
        settings=organisation.settings(connection),
        business_hours=organisation.business_hours(connection),
        departments=organisation.departments(connection),
        orders=organisation.department_orders(connection),
        agents=organisation.agents(connection),
        active=chats.active_chat_states(connection),
        queued=chats.all_queued_inquiries(connection),
        paused=organisation.paused_by_business_hours(connection),
    )


def build_routing(snapshot: Snapshot, clock: Clock) -> tuple[RoutingEngine, list[Decision]]:
    """The engine over this snapshot, and what it decided at once (business hours that are
    closed now, inquiries that current capacity can take)."""
    settings = routing_settings(snapshot.settings)
    engine = RoutingEngine(settings, clock, business_hours=snapshot.business_hours,
                           default_business_hours=snapshot.settings.get("default_business_hours_id"))
    for department in snapshot.departments:
        engine.add_department(DepartmentState(
            id=department.id, enabled=department.enabled,
            max_chats_per_agent=department.max_chats_per_agent,
            fallback_department=department.fallback_department_id,
            business_hours=department.business_hours_id,
            order=snapshot.orders.get(department.id, {}),
        ))
    available_before = {}
    for agent in snapshot.agents:
        engine.add_agent(AgentState(
            id=agent.id, departments=agent.department_ids, status=agent.status,
            availability=agent.availability, max_chats=agent.max_chats,
            paused_by_hours=agent.id in snapshot.paused,
        ))
        available_before[agent.id] = agent.availability
    for chat_id, agent_id, department_id, status, created_at in snapshot.active:
        if agent_id in engine.agents:
            engine.restore_chat(chat_id, agent_id, department_id, assigned_at=created_at,
                                on_hold=status == ChatStatus.ON_HOLD.value)
    for inquiry in snapshot.queued:
        engine.restore_inquiry(inquiry.chat_id, inquiry.department_id, queued_at=inquiry.queued_at,
                               priority=int(inquiry.priority), sla_due_at=inquiry.sla_due_at)
    # Business hours may have paused agents while the desk was closed: say so, like any change.
    now = clock.now()
    changed = [
        Decision(now, Outcome.AVAILABILITY,
                 f"business hours are closed: {a.id} is not-available" if a.paused_by_hours
                 else f"business hours are open: {a.id} is available again", agent=a.id)
        for a in engine.agents.values() if a.availability is not available_before[a.id]
    ]
    return engine, [*changed, *engine.dispatch()]
