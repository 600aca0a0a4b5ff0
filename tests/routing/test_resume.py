"""A routing engine saved as a store saves it (after every command, only what `take_changes()`
named) and resumed through the restore hooks at any point decides exactly as the engine that
kept running: same agents, same timers at the same instants (hypothesis generates the runs)."""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.clock import ManualClock
from app.domain import BusinessHours, OpenInterval
from app.routing.decisions import Decision
from app.routing.engine import RoutingEngine
from app.routing.settings import AbandonedAction, QueueOrder, RoutingMethod, RoutingSettings
from app.routing.state import AgentState, ChatPhase, ChatState, DepartmentState, QueuedInquiry
from app.routing.timers import Timer, TimerKey, TimerKind
from tests.routing import test_properties as properties
from tests.routing.build import START

DEPARTMENTS = properties.DEPARTMENTS
# d1 keeps office hours that open and close every few minutes of a run (UTC, Wednesday 09:00+).
OFFICE = BusinessHours("office", "Office", "UTC", tuple(
    OpenInterval(2, 9 * 60 + start, 9 * 60 + start + 4) for start in range(2, 180, 7)
))

# The operations the other properties play, and what else moves routing state: skills, waiting
# inquiries that leave or change department, visitors writing, long waits.
operation = st.one_of(
    properties.operation,
    st.tuples(st.just("inquiry"), st.sampled_from((*DEPARTMENTS, None)), st.sampled_from((1, 3, 99)),
              st.sampled_from((1, 2))),
    st.tuples(st.just("withdraw"), st.integers(0, 50)),
    st.tuples(st.just("move"), st.integers(0, 50), st.sampled_from(DEPARTMENTS)),
    st.tuples(st.just("visitor"), st.integers(0, 50)),
    st.tuples(st.just("wait"), st.integers(30, 900)),
)

world = st.fixed_dictionaries({
    "method": st.sampled_from(list(RoutingMethod)),
    "order": st.sampled_from(list(QueueOrder)),
    "global_limit": st.integers(0, 3),
    "agents": st.lists(
        st.tuples(st.sets(st.sampled_from(DEPARTMENTS), min_size=1), st.sampled_from((None, 1, 2)),
                  st.integers(0, 2)),
        min_size=1, max_size=6),
    "auto_transfer": st.sampled_from((0, 60, 60)),
    "repeats": st.booleans(),
    "abandoned": st.sampled_from(list(AbandonedAction)),
    "queue_wait": st.sampled_from((0, 300)),
    "hours": st.booleans(),
    "operations": st.lists(operation, max_size=60),
    # Where the engine stops and resumes, as a share of the run.
    "split": st.floats(0, 1),
    # How long the engine was stopped at the split (the clock runs on in both runs).
    "stopped_s": st.sampled_from((0, 0, 45, 600)),
})


@dataclass
class Store:
    """What a store holds of the engine, kept as the embedded desk keeps it: after each command,
    the agents, chats, queued inquiries and timers the engine says changed, and its instant."""

    agents: dict[str, AgentState] = field(default_factory=dict)
    chats: dict[str, ChatState] = field(default_factory=dict)
    queue: dict[str, QueuedInquiry] = field(default_factory=dict)
    timers: dict[TimerKey, Timer] = field(default_factory=dict)
    now: datetime = START
    sequence: int = 0

    def save(self, routing: RoutingEngine) -> None:
        changes = routing.take_changes()
        for agent_id in changes.agents:
            self.agents[agent_id] = copy.deepcopy(routing.agents[agent_id])
        for chat_id in changes.chats:
            chat = routing.chats.get(chat_id)
            if chat is None:
                self.chats.pop(chat_id, None)
            else:
                self.chats[chat_id] = copy.deepcopy(chat)
        for inquiry_id in changes.inquiries:
            inquiry = routing.queue.get(inquiry_id)
            if inquiry is None:
                self.queue.pop(inquiry_id, None)
            else:
                self.queue[inquiry_id] = copy.deepcopy(inquiry)
        for key in changes.timers:
            timer = routing.timer(*key)
            if timer is None:
                self.timers.pop(key, None)
            else:
                self.timers[key] = timer
        self.now, self.sequence = routing.now, routing.sequence


def _engine(spec: dict[str, Any], clock: ManualClock, resume_at: datetime | None = None) -> RoutingEngine:
    made = RoutingEngine(
        RoutingSettings(
            routing_method=spec["method"], queue_order=spec["order"], waiting_queue=True,
            max_chats_per_agent=spec["global_limit"], auto_transfer_unanswered_s=spec["auto_transfer"],
            auto_transfer_repeats=spec.get("repeats", False),
            abandoned_action=spec["abandoned"], visitor_inactivity_s=90, max_queue_wait_s=spec["queue_wait"],
            business_hours_enabled=spec["hours"],
        ),
        clock, business_hours=(OFFICE,), resume_at=resume_at,
    )
    for department in DEPARTMENTS:
        made.add_department(DepartmentState(
            id=department, max_chats_per_agent=2 if department == "d2" else None,
            business_hours="office" if department == "d1" else None, order={"a1": -1},
            fallback_department="d0" if department == "d2" else None))
    return made


def _agents(spec: dict[str, Any]) -> list[AgentState]:
    return [
        AgentState(id=f"a{i}", departments=tuple(sorted(member_of)), max_chats=limit,
                   skills={"fr": level} if level else {})
        for i, (member_of, limit, level) in enumerate(spec["agents"])
    ]


def _resume(spec: dict[str, Any], store: Store, clock: ManualClock) -> RoutingEngine:
    """A new engine from the store only, through the restore hooks."""
    made = _engine(spec, clock, resume_at=store.now)
    for saved in store.agents.values():
        made.add_agent(AgentState(
            id=saved.id, departments=saved.departments, status=saved.status,
            availability=saved.availability, max_chats=saved.max_chats, skills=dict(saved.skills),
            served_count=saved.served_count, served_in=Counter(saved.served_in),
            last_routed_at=saved.last_routed_at, last_assigned_at=saved.last_assigned_at,
            paused_by_hours=saved.paused_by_hours,
        ))
    for chat in store.chats.values():
        made.restore_chat(
            chat.id, chat.agent, chat.department, assigned_at=chat.assigned_at,
            on_hold=chat.phase == ChatPhase.ON_HOLD, answered=chat.answered,
            unanswered_by=chat.unanswered_by, last_agent_message_at=chat.last_agent_message_at,
            last_visitor_message_at=chat.last_visitor_message_at,
            waiting_response=chat.waiting_response, inquiry=copy.deepcopy(chat.inquiry),
        )
    for inquiry in store.queue.values():
        made.restore_inquiry(
            inquiry.id, inquiry.department, queued_at=inquiry.queued_at, priority=inquiry.priority,
            sla_due_at=inquiry.sla_due_at, skills=inquiry.skills, note=inquiry.note,
            sequence=inquiry.sequence, arrived_at=inquiry.arrived_at,
            auto_transferred=inquiry.auto_transferred,
        )
    made.restore_sequence(store.sequence)
    for timer in store.timers.values():
        made.restore_timer(timer)
    return made


def _play(spec: dict[str, Any], *, resume: bool) -> list[Decision]:
    clock = ManualClock(START)
    routing = _engine(spec, clock)
    for agent in _agents(spec):
        routing.add_agent(agent)
    store = Store(agents={a.id: copy.deepcopy(a) for a in routing.agents.values()})
    store.save(routing)
    agents = sorted(routing.agents)
    everything: list[Decision] = []
    for index, op in enumerate(spec["operations"]):
        if index == int(spec["split"] * len(spec["operations"])):
            clock.advance(timedelta(seconds=spec["stopped_s"]))
            if resume:
                routing = _resume(spec, store, clock)
                # What fell due while it was stopped, each at its own instant.
                everything.extend(routing.dispatch())
            else:
                everything.extend(routing.advance())  # as a running desk's timer loop would
        everything.extend(_operate(routing, clock, op, index, agents))
        store.save(routing)
        _same(store, routing)
    return everything


def _same(store: Store, routing: RoutingEngine) -> None:
    """The store holds all of the engine's state: the changes it was told name everything."""
    assert store.agents == routing.agents
    assert store.chats == routing.chats
    assert store.queue == {i.id: i for i in routing.queue.in_order()}
    assert store.timers == {(t.kind, t.target): t for t in routing.pending_timers()}
    assert (store.now, store.sequence) == (routing.now, routing.sequence)


def _operate(routing: RoutingEngine, clock: ManualClock, op: tuple[Any, ...], index: int,
             agents: list[str]) -> list[Decision]:
    chats = sorted(routing.chats)
    waiting = [i.id for i in routing.queue.in_order()]
    kind = op[0]
    if kind == "inquiry":
        level = op[3] if len(op) > 3 else 0  # with a skill level: also an SLA of that many minutes
        return routing.inquiry(f"q{index}", op[1], priority=op[2], sla_minutes=level or None,
                               skills={"fr": level} if level else None)
    if kind == "wait":
        clock.advance(timedelta(seconds=op[1]))
        return routing.advance()
    if kind == "presence":
        return routing.set_agent(agents[op[1] % len(agents)], status=op[2], availability=op[3])
    if kind in ("take", "withdraw", "move"):
        if not waiting:
            return []
        target = waiting[op[1] % len(waiting)]
        if kind == "take":
            return routing.take(target, agents[op[2] % len(agents)])
        return routing.withdraw(target) if kind == "withdraw" else routing.move_waiting(target, op[2])
    if not chats:
        return []
    chat = chats[op[1] % len(chats)]
    if kind == "close":
        return routing.close(chat)
    if kind == "hold":
        return routing.on_hold(chat)
    if kind == "resume":
        return routing.resume(chat)
    if kind == "answer":
        return routing.agent_message(chat)
    if kind == "visitor":
        return routing.visitor_message(chat)
    if kind == "to_agent":
        return routing.transfer(chat, to_agent=agents[op[2] % len(agents)])
    return routing.transfer(chat, to_department=op[2])


_PLAIN = {"order": QueueOrder.TIMESTAMP, "global_limit": 0, "abandoned": AbandonedAction.NONE,
          "queue_wait": 0}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world)
# Rare paths, always played: nobody else can take an unanswered chat, whose timer falls due while
# the engine is stopped; an office closes on its only agent.
@example({**_PLAIN, "method": RoutingMethod.LOAD_BALANCING, "agents": [({"d0"}, None, 0)],
          "auto_transfer": 60, "hours": False, "split": 0.5, "stopped_s": 600,
          "operations": [("inquiry", "d0", 99), ("wait", 10), ("wait", 10)]})
@example({**_PLAIN, "method": RoutingMethod.BALANCED, "agents": [({"d1"}, None, 0)], "auto_transfer": 0,
          "hours": True, "split": 1.0, "stopped_s": 0, "operations": [("wait", 200), ("wait", 200)]})
def test_an_engine_resumed_from_saved_state_decides_as_if_it_had_kept_running(spec: dict[str, Any]) -> None:
    assert _play(spec, resume=True) == _play(spec, resume=False)


def test_saved_timers_due_at_the_same_instant_fire_in_their_saved_order() -> None:
    clock = ManualClock(START)
    routing = _engine({"method": RoutingMethod.LOAD_BALANCING, "order": QueueOrder.TIMESTAMP,
                       "global_limit": 0, "auto_transfer": 60, "abandoned": AbandonedAction.NONE,
                       "queue_wait": 0, "hours": False}, clock)
    for agent_id in ("a0", "a1"):
        routing.add_agent(AgentState(id=agent_id, departments=("d0",)))
    due = START + timedelta(seconds=60)
    routing.restore_chat("late", "a0", "d0", assigned_at=START, answered=False)
    routing.restore_chat("early", "a1", "d0", assigned_at=START, answered=False)
    # Restored in the opposite order of their sequence: the sequence decides.
    routing.restore_timer(Timer(due, TimerKind.AUTO_TRANSFER, "late", sequence=8))
    routing.restore_timer(Timer(due, TimerKind.AUTO_TRANSFER, "early", sequence=3))
    clock.advance(timedelta(seconds=60))
    fired = routing.advance()
    assert [(d.at, d.chat) for d in fired] == [(due, "early"), (due, "late")]
    # A timer set after the restore comes after every restored one (a chat never moved on for
    # going unanswered: those are not moved on twice).
    routing.restore_chat("third", "a0", "d0", assigned_at=START, answered=True)
    routing.transfer("third", to_agent="a1")
    renewed = routing.timer(TimerKind.AUTO_TRANSFER, "third")
    assert renewed is not None and renewed.due == due + timedelta(seconds=60) and renewed.sequence > 8


def test_a_saved_business_hours_timer_gives_way_to_an_edited_schedule() -> None:
    clock = ManualClock(START)
    spec = {"method": RoutingMethod.BALANCED, "order": QueueOrder.TIMESTAMP, "global_limit": 0,
            "auto_transfer": 0, "abandoned": AbandonedAction.NONE, "queue_wait": 0, "hours": True}
    routing = _engine(spec, clock)
    scheduled = routing.timer(TimerKind.BUSINESS_HOURS, "office")
    assert scheduled is not None and scheduled.due == START + timedelta(minutes=2)
    routing.restore_timer(Timer(START + timedelta(minutes=3), TimerKind.BUSINESS_HOURS, "office", 40))
    assert routing.timer(TimerKind.BUSINESS_HOURS, "office") == scheduled
    routing.restore_timer(Timer(scheduled.due, TimerKind.BUSINESS_HOURS, "office", 40))
    assert routing.timer(TimerKind.BUSINESS_HOURS, "office") == Timer(
        scheduled.due, TimerKind.BUSINESS_HOURS, "office", 40)


def test_changes_name_only_what_a_command_touched() -> None:
    clock = ManualClock(START)
    spec = {"method": RoutingMethod.LOAD_BALANCING, "order": QueueOrder.TIMESTAMP, "global_limit": 1,
            "auto_transfer": 60, "abandoned": AbandonedAction.NONE, "queue_wait": 0, "hours": False}
    routing = _engine(spec, clock)
    for number in range(50):
        routing.add_agent(AgentState(id=f"a{number:02d}", departments=("d0",)))
    for number in range(51):
        routing.inquiry(f"q{number}", "d0")
    routing.take_changes()
    closed = routing.chats["q0"].agent
    routing.close("q0")  # a0 frees a place: the waiting q50 goes to them
    changes = routing.take_changes()
    assert changes.agents == {closed}
    assert changes.chats == {"q0", "q50"} and changes.inquiries == {"q50"}
    assert changes.timers == {(TimerKind.AUTO_TRANSFER, "q0"), (TimerKind.AUTO_TRANSFER, "q50")}
    assert routing.take_changes() == type(changes)()
