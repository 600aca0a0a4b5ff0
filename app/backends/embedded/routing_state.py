"""The routing engine's memory and the store: built from the store when routing starts, and the
changes of each command saved with its decisions, so a restart resumes routing exactly where it
stood (counters, last routing times, answered chats, pending timers, the queue's order)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from app.clock import Clock
from app.domain import Agent, BusinessHours, ChatStatus, Department, Inquiry
from app.routing.decisions import Decision, Outcome
from app.routing.engine import RoutingEngine
from app.routing.settings import AbandonedAction, QueueOrder, RoutingMethod, RoutingSettings
from app.routing.state import AgentState, ChatState, DepartmentState, QueuedInquiry
from app.routing.timers import Timer, TimerKind
from app.store import chats, configuration, organisation
from app.store import routing as saved

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
    counters: dict[str, saved.AgentCounters]
    chat_facts: dict[str, saved.ChatFacts]
    waiting: dict[str, saved.WaitingFacts]
    timers: list[saved.SavedTimer]
    clock: saved.SavedClock | None
    # Departments whose chats may be transferred only to some departments.
    transfer_targets: dict[str, tuple[str, ...]]
    skills: dict[str, dict[str, int]]


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
        counters=saved.agent_counters(connection),
        chat_facts=saved.chat_facts(connection),
        waiting=saved.waiting_facts(connection),
        timers=saved.timers(connection),
        clock=saved.clock(connection),
        transfer_targets=configuration.transfer_targets(connection),
        skills=configuration.agent_skills(connection),
    )


class _Milliseconds:
    """The clock, to the millisecond: the store keeps milliseconds, so routing decides in them
    too, and what it saves (due times, last routing times) reads back exactly."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> datetime:
        now = self._clock.now().astimezone(UTC)
        return now.replace(microsecond=now.microsecond // 1000 * 1000)


def build_routing(snapshot: Snapshot, clock: Clock) -> tuple[RoutingEngine, list[Decision]]:
    """The engine over this snapshot, and what it decided at once (timers that fell due while
    the desk was closed, business hours that changed, inquiries that current capacity can take).
    What the snapshot lacked (a store that routing never saved into) is marked for saving."""
    settings = routing_settings(snapshot.settings)
    engine = RoutingEngine(settings, _Milliseconds(clock), business_hours=snapshot.business_hours,
                           default_business_hours=snapshot.settings.get("default_business_hours_id"),
                           resume_at=snapshot.clock.now if snapshot.clock else None)
    for department in snapshot.departments:
        engine.add_department(DepartmentState(
            id=department.id, enabled=department.enabled,
            max_chats_per_agent=department.max_chats_per_agent,
            fallback_department=department.fallback_department_id,
            business_hours=department.business_hours_id,
            order=snapshot.orders.get(department.id, {}),
            allowed_forward=snapshot.transfer_targets.get(department.id),
        ))
    available_before = {}
    for agent in snapshot.agents:
        counters = snapshot.counters.get(agent.id)
        engine.add_agent(AgentState(
            id=agent.id, departments=agent.department_ids, status=agent.status,
            availability=agent.availability, max_chats=agent.max_chats,
            skills=dict(snapshot.skills.get(agent.id, {})),
            paused_by_hours=agent.id in snapshot.paused,
            served_count=counters.served_count if counters else 0,
            served_in=Counter(counters.served_in) if counters else Counter(),
            last_routed_at=counters.last_routed_at if counters else None,
            last_assigned_at=counters.last_assigned_at if counters else None,
        ))
        available_before[agent.id] = agent.availability
    _restore_chats(engine, snapshot)
    if snapshot.clock is not None:
        engine.restore_sequence(snapshot.clock.sequence)
    _restore_queue(engine, snapshot)
    for timer in snapshot.timers:
        engine.restore_timer(Timer(timer.due, TimerKind(timer.kind), timer.target, timer.sequence))
    # The load is derived from the chats the engine serves; the stored one follows it.
    engine.mark_changed(agents=[
        a.id for a in snapshot.agents
        if a.id in engine.agents and a.open_chats != engine.agents[a.id].open_chats
    ])
    # Business hours may have paused agents while the desk was closed: say so, like any change.
    now = engine.now
    changed = [
        Decision(now, Outcome.AVAILABILITY,
                 f"business hours are closed: {a.id} is not-available" if a.paused_by_hours
                 else f"business hours are open: {a.id} is available again", agent=a.id)
        for a in engine.agents.values() if a.availability is not available_before[a.id]
    ]
    return engine, [*changed, *engine.dispatch()]


def _restore_chats(engine: RoutingEngine, snapshot: Snapshot) -> None:
    unsaved: list[str] = []
    for chat_id, agent_id, department_id, status, created_at in snapshot.active:
        if agent_id not in engine.agents:
            continue
        on_hold = status == ChatStatus.ON_HOLD.value
        facts = snapshot.chat_facts.get(chat_id)
        if facts is None:
            # Written without routing (the sample organisation): taken as answered, as served
            # since it began; saved so from now on.
            engine.restore_chat(chat_id, agent_id, department_id, assigned_at=created_at, on_hold=on_hold)
            unsaved.append(chat_id)
            continue
        engine.restore_chat(
            chat_id, agent_id, department_id, assigned_at=facts.assigned_at, on_hold=on_hold,
            answered=facts.answered, unanswered_by=facts.unanswered_by,
            last_agent_message_at=facts.last_agent_message_at,
            last_visitor_message_at=facts.last_visitor_message_at,
            waiting_response=facts.waiting_response,
            inquiry=QueuedInquiry(id=chat_id, department=department_id, queued_at=facts.queued_at,
                                  priority=facts.priority, sla_due_at=facts.sla_due_at,
                                  skills=dict(facts.skills), note=facts.note,
                                  arrived_at=facts.arrived_at,
                                  auto_transferred=facts.auto_transferred),
        )
    engine.mark_changed(chats=unsaved)


def _restore_queue(engine: RoutingEngine, snapshot: Snapshot) -> None:
    unsaved: list[Inquiry] = []
    for inquiry in snapshot.queued:
        waiting = snapshot.waiting.get(inquiry.chat_id)
        if waiting is None or not waiting.sequence:
            unsaved.append(inquiry)
            continue
        engine.restore_inquiry(
            inquiry.chat_id, waiting.department_id, queued_at=waiting.queued_at,
            priority=int(inquiry.priority), sla_due_at=waiting.sla_due_at, skills=dict(waiting.skills),
            note=waiting.note, sequence=waiting.sequence, arrived_at=waiting.arrived_at,
            auto_transferred=waiting.auto_transferred,
        )
    # Written without routing (the sample organisation): numbered after the saved ones, in the
    # order they arrived, and saved from now on.
    for inquiry in unsaved:
        engine.restore_inquiry(inquiry.chat_id, inquiry.department_id, queued_at=inquiry.queued_at,
                               priority=int(inquiry.priority), sla_due_at=inquiry.sla_due_at)
    engine.mark_changed(inquiries=[i.chat_id for i in unsaved])


def save_changes(connection: sqlite3.Connection, routing: RoutingEngine) -> None:
    """Save what routing changed since the last save: the agents, chats, queued inquiries and
    timers it touched (never the whole organisation), and the instant it has decided up to.
    Runs in the transaction that applies the decisions, so store and memory change together."""
    changes = routing.take_changes()
    saved.save_agents(connection, [
        _counters(routing.agents[a]) for a in sorted(changes.agents) if a in routing.agents
    ])
    kept = sorted(c for c in changes.chats if c in routing.chats)
    saved.save_chats(connection, [_facts(routing.chats[c]) for c in kept])
    saved.forget_chats(connection, sorted(c for c in changes.chats if c not in routing.chats))
    waiting = (routing.queue.get(i) for i in sorted(changes.inquiries))
    saved.save_waiting(connection, [
        saved.WaitingFacts(chat_id=w.id, department_id=w.department, queued_at=w.queued_at,
                           sla_due_at=w.sla_due_at, sequence=w.sequence, note=w.note, skills=w.skills,
                           arrived_at=w.arrived_at, auto_transferred=w.auto_transferred)
        for w in waiting if w is not None
    ])
    # Timers are saved with their due instants, not recomputed from the facts at start: whether a
    # timer is still set depends on history the facts do not keep (a hold then a resume does not
    # re-arm abandonment; a requeue does not re-arm the queue wait, and a move keeps the first;
    # a failed auto-transfer is not re-armed; a visitor and an agent writing in the same
    # millisecond). One row per set timer is exact by construction, and its sequence keeps the
    # order of timers due at the same instant. Business hours, a pure function of the schedule,
    # are recomputed; their saved row only lends its order (RoutingEngine.restore_timer).
    timers = [(key, routing.timer(*key)) for key in sorted(changes.timers)]
    saved.save_timers(connection, [
        saved.SavedTimer(kind=t.kind.value, target=t.target, due=t.due, sequence=t.sequence)
        for _key, t in timers if t is not None
    ])
    saved.delete_timers(connection, [(kind.value, target) for (kind, target), t in timers if t is None])
    saved.save_clock(connection, saved.SavedClock(now=routing.now, sequence=routing.sequence))


def _counters(agent: AgentState) -> saved.AgentCounters:
    return saved.AgentCounters(
        agent_id=agent.id, open_chats=agent.open_chats, served_count=agent.served_count,
        served_in=dict(agent.served_in), last_routed_at=agent.last_routed_at,
        last_assigned_at=agent.last_assigned_at,
    )


def _facts(chat: ChatState) -> saved.ChatFacts:
    inquiry = chat.inquiry
    return saved.ChatFacts(
        chat_id=chat.id, assigned_at=chat.assigned_at, answered=chat.answered,
        unanswered_by=tuple(sorted(chat.unanswered_by)),
        last_agent_message_at=chat.last_agent_message_at,
        last_visitor_message_at=chat.last_visitor_message_at, queued_at=inquiry.queued_at,
        priority=inquiry.priority, sla_due_at=inquiry.sla_due_at, skills=inquiry.skills,
        note=inquiry.note, arrived_at=inquiry.arrived_at, auto_transferred=inquiry.auto_transferred,
        waiting_response=chat.waiting_response,
    )
