"""Replay a day's traffic through the routing engine with given settings: what-if, before publish.

Pure and deterministic: the engine runs on a ManualClock from the day's first instant, each chat
arrives when it arrived that day, is routed (or queued, or refused) by the settings given, stays
with its agent as long as the real conversation lasted, then closes and frees the agent. The same
traffic and inputs always give the same figures and outcomes.

What the replay simplifies (the caveats it reports, see `CAVEATS`):
- presence: the agents who served chats that day (and any agent the edits add) are online and
  available all day, business hours permitting; the others are away;
- every agent answers at once and every visitor stays (no unanswered transfer, no abandonment);
- manual selection: an available agent takes a waiting chat after the day's typical pick-up
  delay (the fewest open chats first, then the longest idle), or as soon as one is free after it;
- a disabled department takes no chats: as if nobody were online in it, so its chats fall back
  (Rocket.Chat's fallback chain) or are refused.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import IntEnum

from sortedcontainers import SortedList

from app.clock import ManualClock
from app.domain import Availability, BusinessHours
from app.domain.whatif import ReplayFigures
from app.routing.decisions import Decision, Outcome
from app.routing.engine import RoutingEngine
from app.routing.settings import AbandonedAction, RoutingSettings
from app.routing.state import AgentState, DepartmentState

CAVEATS = (
    "Agents' presence: those who served chats that day (and agents the edits add) are taken as "
    "online and available all day, within business hours; the others as away.",
    "Every agent answers at once and every visitor stays until the chat's real end: unanswered "
    "transfers and abandonment are not replayed.",
    "A chat lasts as long as it did that day (from its start to its close; chats not closed "
    "last the day's typical length).",
    "Manual selection: an available agent takes a waiting chat after the day's typical pick-up "
    "delay, or as soon as one is free.",
    "A disabled department takes no chats: they fall back to its fallback department, or are "
    "refused.",
)
NO_TRAFFIC = "No chats arrived that day: nothing to replay."


@dataclass(frozen=True, slots=True)
class Arrival:
    """One chat of the day, as it came in."""

    chat_id: str
    visitor_name: str
    department_id: str | None
    # Rocket.Chat weights: 1 (highest) .. 5 (lowest), 99 when not specified.
    priority: int
    arrived_at: datetime
    # How long the conversation lasted once an agent had it; None: not closed (typical length).
    duration_s: float | None


@dataclass(frozen=True, slots=True)
class Traffic:
    day: date
    # In arrival order, each on `day` (UTC).
    arrivals: tuple[Arrival, ...]
    # Who was there to take chats (see the module's caveats).
    present_agent_ids: frozenset[str]
    # Manual selection: how long a waiting chat typically waited before an agent took it.
    pickup_delay_s: float = 60.0
    # The length given to chats that did not close.
    typical_duration_s: float = 300.0

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.day, time(0), tzinfo=UTC)

    @property
    def ends_at(self) -> datetime:
        """Chats still waiting then were refused: nobody took them that day."""
        return self.starts_at + timedelta(days=1)


@dataclass(frozen=True, slots=True)
class AgentInputs:
    id: str
    name: str
    department_ids: tuple[str, ...]
    # None or 0: the organisation's limit.
    max_chats: int | None = None
    skills: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DepartmentInputs:
    id: str
    name: str
    enabled: bool = True
    # Its agents, in the admin's order (auto selection's tie-break).
    agent_ids: tuple[str, ...] = ()
    max_chats_per_agent: int | None = None
    fallback_department_id: str | None = None
    business_hours_id: str | None = None


@dataclass(frozen=True, slots=True)
class RoutingInputs:
    """What routing needs to know of the organisation (app.config.routing_inputs builds it)."""

    settings: RoutingSettings
    departments: tuple[DepartmentInputs, ...] = ()
    agents: tuple[AgentInputs, ...] = ()
    business_hours: tuple[BusinessHours, ...] = ()

    def names(self) -> dict[str, str]:
        return {agent.id: agent.name for agent in self.agents}


@dataclass(frozen=True, slots=True)
class ChatOutcome:
    """What became of one chat in a replay."""

    # Who first got it; None when refused.
    agent_id: str | None
    # From arrival to that agent; None when refused.
    wait_s: float | None
    # Waited in a queue at all (not given to an agent on arrival).
    queued: bool

    @property
    def refused(self) -> bool:
        return self.agent_id is None

    def text(self, names: Mapping[str, str]) -> str:
        """'Ana at once', 'Ana after 0:42', 'queued 3 min, then Bo', 'refused'."""
        if self.agent_id is None or self.wait_s is None:
            return "refused"
        name = names.get(self.agent_id, "an agent who left")
        if not self.queued:
            return f"{name} at once"
        if self.wait_s < 60:
            return f"{name} after 0:{int(self.wait_s):02d}"
        return f"queued {round(self.wait_s / 60)} min, then {name}"


class _Event(IntEnum):
    # At one instant: chats close (freeing agents) before new ones arrive, then picks.
    CLOSE = 0
    ARRIVE = 1
    PICK = 2


def replay(traffic: Traffic, inputs: RoutingInputs) -> tuple[ReplayFigures, dict[str, ChatOutcome]]:
    """Route `traffic` with `inputs`; the day's figures and each chat's outcome, by chat id, in
    arrival order."""
    return _Replay(traffic, inputs).run()


class _Replay:
    def __init__(self, traffic: Traffic, inputs: RoutingInputs) -> None:
        outside = [a.chat_id for a in traffic.arrivals
                   if not traffic.starts_at <= a.arrived_at < traffic.ends_at]
        if outside:
            raise ValueError(f"chats {outside[:3]} did not arrive on {traffic.day}")
        self._traffic = traffic
        self._clock = ManualClock(traffic.starts_at)
        self._engine = _engine(traffic, inputs, self._clock)
        self._arrivals = {arrival.chat_id: arrival for arrival in traffic.arrivals}
        self._events: list[tuple[datetime, int, int, str]] = []
        self._pushed = 0
        self._assigned: dict[str, tuple[str, float]] = {}
        self._queued: set[str] = set()
        # Manual selection: waiting chats agents have seen (the pick-up delay passed), in the
        # queue's order; those just seen; agents whose chats just closed (or whom a timer changed).
        self._ready: SortedList = SortedList()
        self._arrived_ready: list[str] = []
        self._freed: set[str] = set()
        self._department_agents: dict[str, list[AgentState]] = {}
        # Telling the engine that the agent answered and the visitor wrote back matters only to
        # the timers that watch for silence (and costs a fifth of a replay).
        settings = inputs.settings
        self._answers = bool(settings.auto_transfer_unanswered_s
                             or settings.abandoned_action is not AbandonedAction.NONE)

    def run(self) -> tuple[ReplayFigures, dict[str, ChatOutcome]]:
        for arrival in self._traffic.arrivals:
            self._push(arrival.arrived_at, _Event.ARRIVE, arrival.chat_id)
        ends_at = self._traffic.ends_at
        manual = not self._engine.method.auto_assigns
        while True:
            due = [t for t in (self._events[0][0] if self._events else None,
                               self._engine.next_due()) if t is not None]
            if not due or min(due) > ends_at:
                break
            at = min(due)
            self._clock.advance(at - self._clock.now())
            if self._follow(self._engine.advance()):
                # A timer (business hours) changed who takes chats: anyone may have room now.
                self._freed.update(self._engine.agents)
            while self._events and self._events[0][0] == at:
                _at, kind, _order, chat_id = heapq.heappop(self._events)
                self._handle(_Event(kind), chat_id)
            if manual:
                self._pick()
        return self._figures()

    def _push(self, at: datetime, kind: _Event, chat_id: str) -> None:
        self._pushed += 1
        heapq.heappush(self._events, (at, kind, self._pushed, chat_id))

    def _handle(self, kind: _Event, chat_id: str) -> None:
        engine = self._engine
        if kind is _Event.ARRIVE:
            arrival = self._arrivals[chat_id]
            self._follow(engine.inquiry(chat_id, arrival.department_id, priority=arrival.priority))
        elif kind is _Event.CLOSE:
            chat = engine.chats.get(chat_id)
            if chat is not None:
                self._freed.add(chat.agent)
                self._follow(engine.close(chat_id))
        elif chat_id in engine.queue:
            self._ready.add((engine.queue.key_of(chat_id), chat_id))
            self._arrived_ready.append(chat_id)

    def _follow(self, decisions: Iterable[Decision]) -> bool:
        """Note what the engine decided; a chat given to an agent is answered at once (its
        unanswered timer never fires) and closes when the real one did. True when there was
        anything to note."""
        pending = deque(decisions)
        noted = bool(pending)
        while pending:
            decision = pending.popleft()
            chat_id = decision.inquiry
            if chat_id is None or chat_id not in self._arrivals:
                continue
            if decision.outcome in (Outcome.ROUTED, Outcome.TAKEN) and chat_id not in self._assigned:
                arrival = self._arrivals[chat_id]
                assert decision.agent is not None
                wait = (decision.at - arrival.arrived_at).total_seconds()
                self._assigned[chat_id] = (decision.agent, wait)
                duration = (arrival.duration_s if arrival.duration_s is not None
                            else self._traffic.typical_duration_s)
                self._push(decision.at + timedelta(seconds=max(0.0, duration)), _Event.CLOSE, chat_id)
                if self._answers:
                    pending.extend(self._engine.agent_message(chat_id))
                    pending.extend(self._engine.visitor_message(chat_id))
            elif decision.outcome is Outcome.QUEUED:
                self._queued.add(chat_id)
                if not self._engine.method.auto_assigns:
                    self._push(decision.at + timedelta(seconds=self._traffic.pickup_delay_s),
                               _Event.PICK, chat_id)
        return noted

    def _pick(self) -> None:
        """Manual selection: agents take the waiting chats they have seen, in the queue's order;
        each chat goes to the least loaded (then longest idle) of those who may take it.

        Only what changed is looked at, so a long queue costs little per instant: a chat that
        has just been seen is offered to every agent, and every seen chat to the agents who
        have just been freed (anyone else had no room for it already)."""
        engine = self._engine
        for chat_id in self._arrived_ready:
            inquiry = engine.queue.get(chat_id)
            if inquiry is None:
                continue
            able = [agent for agent in self._members(inquiry.department)
                    if engine.takes_chats(agent) and engine.has_room(agent, inquiry.department)]
            if able:
                self._take(chat_id, min(able, key=_least_loaded))
        self._arrived_ready.clear()
        freed = [engine.agents[agent_id] for agent_id in self._freed if agent_id in engine.agents]
        self._freed.clear()
        freed = [agent for agent in freed if engine.takes_chats(agent) and engine.has_room(agent, None)]
        for key, chat_id in list(self._ready):
            if not freed:
                return
            inquiry = engine.queue.get(chat_id)
            if inquiry is None:
                self._ready.discard((key, chat_id))  # waited the maximum and was closed unserved
                continue
            department = inquiry.department
            able = [agent for agent in freed if (department is None or department in agent.departments)
                    and engine.has_room(agent, department)]
            if able:
                self._take(chat_id, min(able, key=_least_loaded))
                freed = [agent for agent in freed if engine.has_room(agent, None)]

    def _take(self, chat_id: str, agent: AgentState) -> None:
        self._ready.discard((self._engine.queue.key_of(chat_id), chat_id))
        self._follow(self._engine.take(chat_id, agent.id))

    def _members(self, department: str | None) -> list[AgentState]:
        if department is None:
            return list(self._engine.agents.values())
        if department not in self._department_agents:
            self._department_agents[department] = [
                agent for agent in self._engine.agents.values() if department in agent.departments]
        return self._department_agents[department]

    def _figures(self) -> tuple[ReplayFigures, dict[str, ChatOutcome]]:
        outcomes: dict[str, ChatOutcome] = {}
        for arrival in self._traffic.arrivals:
            assigned = self._assigned.get(arrival.chat_id)
            outcomes[arrival.chat_id] = ChatOutcome(
                agent_id=assigned[0] if assigned else None,
                wait_s=assigned[1] if assigned else None,
                queued=arrival.chat_id in self._queued,
            )
        waits = sorted(wait for _agent, wait in self._assigned.values())
        per_agent = Counter(agent for agent, _wait in self._assigned.values())
        figures = ReplayFigures(
            chats=len(self._traffic.arrivals),
            wait_p50_s=percentile(waits, 50),
            wait_p90_s=percentile(waits, 90),
            queued=sum(1 for outcome in outcomes.values() if outcome.queued),
            refused=sum(1 for outcome in outcomes.values() if outcome.refused),
            per_agent=dict(sorted(per_agent.items())),
        )
        return figures, outcomes


def _least_loaded(agent: AgentState) -> tuple[int, float, str]:
    idle_since = agent.last_assigned_at.timestamp() if agent.last_assigned_at else -math.inf
    return (agent.open_chats, idle_since, agent.id)


def percentile(sorted_values: Sequence[float], rank: int) -> float | None:
    """The nearest-rank percentile of already sorted values; None when there are none."""
    if not sorted_values:
        return None
    index = max(0, math.ceil(rank / 100 * len(sorted_values)) - 1)
    return sorted_values[index]


def _engine(traffic: Traffic, inputs: RoutingInputs, clock: ManualClock) -> RoutingEngine:
    engine = RoutingEngine(inputs.settings, clock, business_hours=inputs.business_hours)
    enabled = {d.id for d in inputs.departments if d.enabled}
    for department in inputs.departments:
        engine.add_department(DepartmentState(
            id=department.id,
            enabled=department.enabled,
            max_chats_per_agent=department.max_chats_per_agent,
            fallback_department=department.fallback_department_id,
            business_hours=department.business_hours_id,
            order={agent_id: position for position, agent_id in enumerate(department.agent_ids)},
        ))
    for agent in inputs.agents:
        present = agent.id in traffic.present_agent_ids
        engine.add_agent(AgentState(
            id=agent.id,
            # Nobody serves a disabled department: its chats fall back or are refused.
            departments=tuple(d for d in agent.department_ids if d in enabled),
            availability=Availability.AVAILABLE if present else Availability.NOT_AVAILABLE,
            max_chats=agent.max_chats,
            skills=dict(agent.skills),
        ))
    return engine
