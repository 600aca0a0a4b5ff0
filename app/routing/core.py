"""The routing engine's state and machinery: who may take chats, the candidate pools, the queue,
assigning and releasing, choosing the next agent, and the clock. Commands are in engine.py,
transfers in transfers.py, timers in timed.py."""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from app.clock import Clock
from app.domain import AgentStatus, Availability, BusinessHours
from app.routing import explain
from app.routing.decisions import Cause, Decision, ErrorCode, Outcome
from app.routing.pools import PUBLIC, CandidatePools
from app.routing.queue import WaitingQueue
from app.routing.settings import RoutingMethod, RoutingSettings
from app.routing.state import AgentState, Changes, ChatPhase, ChatState, DepartmentState, QueuedInquiry
from app.routing.timers import Timer, TimerKind, Timers

# With skill requirements, the head of a line may wait for a skilled agent while later
# inquiries are served; scanning is bounded so a long line cannot make a decision slow.
_SKILL_SCAN = 32


class RoutingError(Exception):
    """A command that refers to something the engine does not know (a bug in the caller)."""


class EngineCore:
    def __init__(
        self,
        settings: RoutingSettings,
        clock: Clock,
        *,
        business_hours: Iterable[BusinessHours] = (),
        default_business_hours: str | None = None,
        resume_at: datetime | None = None,
    ) -> None:
        """`resume_at`: the instant a saved engine had reached (its `now`). The engine starts
        there, so whatever fell due while it was stopped fires at its own instant on the first
        `advance()`, exactly as if it had kept running."""
        self.settings = settings
        self._clock = clock
        self.agents: dict[str, AgentState] = {}
        self.departments: dict[str, DepartmentState] = {}
        self.chats: dict[str, ChatState] = {}
        self.queue = WaitingQueue(settings.queue_order)
        self._pools = CandidatePools(settings.routing_method, self.departments.get)
        self._timers = Timers()
        self._hours = {h.id: h for h in business_hours}
        self._default_hours = default_business_hours
        self._hours_open: dict[str, bool] = {}
        self._durations: deque[float] = deque(maxlen=max(1, settings.estimate_sample))
        self._sequence = 0
        # Agents taking chats, per department and in all (PUBLIC): "is anyone online?" in O(1).
        self._online: Counter[str] = Counter()
        self._taking: set[str] = set()
        # Ids whose state changed since the owner last took them (take_changes): a store saves
        # these and nothing else. An owner that never takes them (the simulator, the benchmark)
        # keeps every id its run touched: a few strings each, for the length of the run.
        self._changed_agents: set[str] = set()
        self._changed_chats: set[str] = set()
        self._changed_inquiries: set[str] = set()
        now = clock.now()
        # Never ahead of the clock, should the clock have gone back while the engine was stopped.
        self._now = now if resume_at is None else min(resume_at, now)
        if settings.business_hours_enabled:
            for hours in self._hours.values():
                self._hours_open[hours.id] = hours.is_open(self._now)
                self._schedule_hours(hours)

    @property
    def method(self) -> RoutingMethod:
        return self.settings.routing_method

    @property
    def now(self) -> datetime:
        """The instant the engine has decided up to (a saved engine resumes from it)."""
        return self._now

    @property
    def sequence(self) -> int:
        """The arrival number last given to an inquiry (ties in the queue go to the lower)."""
        return self._sequence

    def timer(self, kind: TimerKind, target: str) -> Timer | None:
        """The timer of this kind set for this target, if any."""
        return self._timers.get(kind, target)

    def pending_timers(self) -> list[Timer]:
        """Every timer still to fire, in firing order."""
        return self._timers.pending()

    def take_changes(self) -> Changes:
        """What changed since the last call (see Changes), and start a new list."""
        changes = Changes(
            agents=frozenset(self._changed_agents),
            chats=frozenset(self._changed_chats),
            inquiries=frozenset(self._changed_inquiries),
            timers=self._timers.take_changed(),
        )
        self._changed_agents.clear()
        self._changed_chats.clear()
        self._changed_inquiries.clear()
        return changes

    def mark_changed(
        self, *, agents: Iterable[str] = (), chats: Iterable[str] = (), inquiries: Iterable[str] = ()
    ) -> None:
        """Have the owner save these as the engine has them (state restored from an older or
        partial store, which the engine has just completed)."""
        self._changed_agents.update(agents)
        self._changed_chats.update(chats)
        self._changed_inquiries.update(inquiries)

    def add_department(self, department: DepartmentState) -> None:
        self.departments[department.id] = department

    def add_agent(self, agent: AgentState) -> None:
        unknown = [d for d in agent.departments if d not in self.departments]
        if unknown:
            raise RoutingError(f"agent {agent.id} is in unknown departments {unknown}")
        self.agents[agent.id] = agent
        if self.settings.business_hours_enabled:
            open_now = self._hours_open_for(agent)
            if not open_now and agent.availability is Availability.AVAILABLE:
                agent.availability = Availability.NOT_AVAILABLE
                agent.paused_by_hours = True
            elif open_now and agent.paused_by_hours:
                agent.availability = Availability.AVAILABLE
                agent.paused_by_hours = False
        elif agent.paused_by_hours:
            agent.availability = Availability.AVAILABLE
            agent.paused_by_hours = False
        self._place(agent)

    def restore_chat(
        self,
        chat_id: str,
        agent_id: str,
        department: str | None,
        *,
        assigned_at: datetime,
        on_hold: bool = False,
        answered: bool = True,
        unanswered_by: Iterable[str] = (),
        last_agent_message_at: datetime | None = None,
        last_visitor_message_at: datetime | None = None,
        waiting_response: bool | None = None,
        inquiry: QueuedInquiry | None = None,
    ) -> None:
        """Load a chat that was already being served (when the engine starts over a store).
        `inquiry` is the one the chat came from (its priority, SLA, skills, note, queueing time
        and whether it was auto-transferred, kept should the chat go back to a queue); by default
        a plain one queued when the chat was assigned. `waiting_response` None: told by the
        messages' instants (the visitor wrote after the agent, or the agent never wrote).
        Restoring is not a change: nothing is marked to save."""
        if waiting_response is None:
            waiting_response = last_agent_message_at is None or (
                last_visitor_message_at is not None and last_visitor_message_at > last_agent_message_at)
        agent = self._agent(agent_id)
        chat = ChatState(
            id=chat_id,
            inquiry=inquiry or QueuedInquiry(id=chat_id, department=department, queued_at=assigned_at),
            agent=agent_id,
            department=department,
            assigned_at=assigned_at,
            answered=answered,
            unanswered_by=set(unanswered_by),
            last_agent_message_at=last_agent_message_at,
            last_visitor_message_at=last_visitor_message_at,
            waiting_response=waiting_response,
            phase=ChatPhase.ON_HOLD if on_hold else ChatPhase.OPEN,
        )
        self.chats[chat_id] = chat
        if not on_hold:
            self._count_load(agent, department, +1)

    def restore_inquiry(
        self,
        inquiry_id: str,
        department: str | None,
        *,
        queued_at: datetime,
        priority: int = 99,
        sla_due_at: datetime | None = None,
        skills: dict[str, int] | None = None,
        note: str = "",
        sequence: int | None = None,
        arrived_at: datetime | None = None,
        auto_transferred: bool = False,
    ) -> None:
        """Load an inquiry that was already waiting; `dispatch()` then routes what it can.
        `sequence` is its saved arrival number; without one it gets the next."""
        if sequence is None:
            self._sequence += 1
            sequence = self._sequence
        self._sequence = max(self._sequence, sequence)
        self.queue.add(
            QueuedInquiry(
                id=inquiry_id,
                department=department,
                queued_at=queued_at,
                priority=priority,
                sla_due_at=sla_due_at,
                skills=dict(skills or {}),
                sequence=sequence,
                note=note,
                arrived_at=arrived_at,
                auto_transferred=auto_transferred,
            )
        )

    def restore_sequence(self, sequence: int) -> None:
        """Continue arrival numbers after a saved engine's last one."""
        self._sequence = max(self._sequence, sequence)

    def restore_timer(self, timer: Timer) -> None:
        """Re-arm a saved timer at its saved instant, in its saved order among timers due at the
        same instant. Business hours are recomputed from their schedule when the engine starts:
        a saved business-hours timer only lends its order, and only if the schedule still changes
        at its instant (an edited schedule wins). A timer due before the engine's start instant
        fires at that instant: saved timers never are, but ones derived from an older store may be."""
        if timer.kind is TimerKind.BUSINESS_HOURS:
            scheduled = self._timers.get(TimerKind.BUSINESS_HOURS, timer.target)
            if scheduled is None or scheduled.due != timer.due:
                return
        if timer.due < self._now:
            timer = Timer(self._now, timer.kind, timer.target, timer.sequence)
        self._timers.restore(timer)

    def dispatch(self) -> list[Decision]:
        """Route whatever waiting inquiries current capacity allows."""
        return [*self._begin(), *self._dispatch()]

    def limit_of(self, agent: AgentState) -> int:
        """The agent's own limit if set, else the global one; 0 means none."""
        return agent.max_chats if agent.max_chats else self.settings.max_chats_per_agent

    def takes_chats(self, agent: AgentState) -> bool:
        """Rocket.Chat's online-agent filter: available, not offline, away only if allowed."""
        if agent.availability is not Availability.AVAILABLE:
            return False
        if agent.status is AgentStatus.OFFLINE:
            return False
        return agent.status is not AgentStatus.AWAY or self.settings.route_to_away_agents

    def has_room(self, agent: AgentState, department: str | None) -> bool:
        limit = self.limit_of(agent)
        if limit and agent.open_chats >= limit:
            return False
        if department:
            cap = self.departments[department].max_chats_per_agent
            if cap and agent.open_in[department] >= cap:
                return False
        return True

    def _eligible_in(self, agent: AgentState, pool: str) -> bool:
        return self.takes_chats(agent) and self.has_room(agent, pool or None)

    def _place(self, agent: AgentState) -> None:
        self._pools.place(agent, lambda pool: self._eligible_in(agent, pool))
        taking = self.takes_chats(agent)
        if taking != (agent.id in self._taking):
            change = 1 if taking else -1
            for pool in (PUBLIC, *agent.departments):
                self._online[pool] += change
            if taking:
                self._taking.add(agent.id)
            else:
                self._taking.discard(agent.id)

    def _online_in(self, department: str | None) -> bool:
        return self._online[department or PUBLIC] > 0

    def can_serve(self, department: str | None = None) -> bool:
        """Whether an inquiry would be accepted now: someone online, or the waiting queue on."""
        return self.settings.waiting_queue or self._online_in(department)

    def next_agent(self, department: str | None = None) -> str | None:
        """Who a new inquiry of `department` would be given to now, without giving it (Rocket.Chat's
        getNextAgent): None when agents pick from the queue (manual selection) or nobody is free."""
        if not self.method.auto_assigns or (department is not None and department not in self.departments):
            return None
        pool = PUBLIC if department is None else (self._fallback(department)[0] or department)
        return next(self._pools.candidates(pool), None)

    def next_due(self) -> datetime | None:
        """When the engine next needs `advance()` (for a live scheduler)."""
        return self._timers.next_due()

    def advance(self) -> list[Decision]:
        """Fire every timer due by now, each at its own due time."""
        decisions: list[Decision] = []
        now = self._clock.now()
        if now < self._now:
            raise RoutingError(f"time went backwards: {now.isoformat()} < {self._now.isoformat()}")
        while (timer := self._timers.pop_due(now)) is not None:
            self._now = timer.due
            decisions.extend(self._fire(timer))
        self._now = now
        return decisions

    def _begin(self) -> list[Decision]:
        return self.advance()

    def _fallback(self, department: str, hops: int | None = None) -> tuple[str | None, list[str]]:
        """The department that serves in `department`'s stead: itself when someone there is
        online, else the first of its fallback departments with someone online, following at
        most `hops` fallbacks (None: the whole chain). Returns it (None: nobody online on the
        way) and the departments passed through. A chain that loops ends where it loops."""
        current, path = department, [department]
        while not self._online_in(current):
            following = self.departments[current].fallback_department
            if hops is not None and len(path) > hops:
                return None, path
            if following is None or following not in self.departments or following in path:
                return None, path
            current = following
            path.append(current)
        return current, path

    @staticmethod
    def _fell_back(path: list[str]) -> str:
        return f"nobody online in {' → '.join(path[:-1])}; fell back to {path[-1]}"

    def _limit_refusal(self, agent: AgentState, department: str | None) -> tuple[ErrorCode, str] | None:
        """Why the agent may not have one more open chat (in `department`), if they may not."""
        if self.has_room(agent, department):
            return None
        limit = self.limit_of(agent)
        if limit and agent.open_chats >= limit:
            return ErrorCode.CHAT_LIMIT, f"{agent.id} has {agent.open_chats} open chats, the limit is {limit}"
        cap = self.departments[department].max_chats_per_agent if department else None
        return ErrorCode.CHAT_LIMIT, (
            f"{agent.id} has {agent.open_in[department or '']} open chats "
            f"in {department}, the department's limit is {cap}"
        )

    def _take_refusal(self, agent: AgentState, department: str | None) -> tuple[ErrorCode, str] | None:
        """Why the agent may not take an inquiry of `department`, if they may not: Rocket.Chat's
        takeInquiry ('error-agent-status-service-offline' unless online and available) and its
        chat limits. Omnidesk also refuses an agent of another department, whose queue
        Rocket.Chat never shows them (its takeInquiry does not check)."""
        if not self.takes_chats(agent):
            return (
                ErrorCode.AGENT_NOT_AVAILABLE,
                f"{agent.id} is {agent.status.value} and {agent.availability.value}",
            )
        if department is not None and department not in agent.departments:
            return ErrorCode.USER_NOT_IN_DEPARTMENT, f"{agent.id} is not in {department}"
        return self._limit_refusal(agent, department)

    def _hours_open_for(self, agent: AgentState) -> bool:
        if not self.settings.business_hours_enabled:
            return True
        applying = {self.departments[d].business_hours for d in agent.departments} - {None}
        applying = {h for h in applying if h in self._hours}
        if not applying and self._default_hours in self._hours:
            applying = {self._default_hours}
        if not applying:
            return True
        return any(self._hours_open.get(h, False) for h in applying if h is not None)

    def estimated_wait_s(self, inquiry_id: str) -> int | None:
        """((position - 1) // N + 1) × average chat length, N = agents online in the line's
        department: Rocket.Chat's formula, with the agents where Rocket.Chat passes the sample
        size. None when nobody is online to serve the line."""
        inquiry = self.queue.get(inquiry_id)
        if inquiry is None:
            return None
        serving = self._online[inquiry.department or PUBLIC]
        if serving == 0:
            return None
        average = (
            sum(self._durations) / len(self._durations)
            if self._durations
            else float(self.settings.default_chat_duration_s)
        )
        return math.ceil(((self.queue.position(inquiry_id) - 1) // serving + 1) * average)

    def _say(self, outcome: Outcome, reason: str, **about: Any) -> Decision:
        """A decision made now."""
        return Decision(self._now, outcome, reason, **about)

    def _queue_again(self, original: QueuedInquiry, department: str | None, note: str = "") -> QueuedInquiry:
        """Put an inquiry (back) at the end of a line, keeping its priority, SLA and skills."""
        self._sequence += 1
        inquiry = QueuedInquiry(
            id=original.id,
            department=department,
            queued_at=self._now,
            priority=original.priority,
            sla_due_at=original.sla_due_at,
            skills=dict(original.skills),
            sequence=self._sequence,
            note=note,
            arrived_at=original.arrived_at or original.queued_at,
            auto_transferred=original.auto_transferred,
        )
        self._join_queue(inquiry)
        return inquiry

    def _move(self, chat: ChatState, agent: AgentState, *, routed: bool, reason: str,
              cause: Cause = Cause.NONE, department: str | None = None) -> list[Decision]:
        """Hand a chat from its agent to another (into `department`, when given), then use the
        capacity that freed."""
        previous = chat.agent
        self._release(chat)
        if department is not None:
            chat.department = chat.inquiry.department = department
        self._attach(chat, agent, routed=routed)
        return [
            self._say(
                Outcome.TRANSFERRED,
                reason,
                chat=chat.id,
                inquiry=chat.inquiry.id,
                agent=agent.id,
                previous_agent=previous,
                department=chat.department,
                cause=cause,
            ),
            *self._dispatch(),
        ]

    def _failed(self, decisions: list[Decision], reason: str, **about: Any) -> list[Decision]:
        """What happened so far (timers that fired), then why this command could not be done."""
        return [*decisions, self._say(Outcome.FAILED, reason, **about)]

    def _agent(self, agent_id: str) -> AgentState:
        agent = self.agents.get(agent_id)
        if agent is None:
            raise RoutingError(f"unknown agent {agent_id}")
        return agent

    def _chat(self, chat_id: str) -> ChatState:
        chat = self.chats.get(chat_id)
        if chat is None:
            raise RoutingError(f"unknown chat {chat_id}")
        return chat

    def _load(self, agent: AgentState, department: str | None, change: int) -> None:
        self._changed_agents.add(agent.id)
        self._count_load(agent, department, change)

    def _count_load(self, agent: AgentState, department: str | None, change: int) -> None:
        agent.open_chats += change
        if department:
            agent.open_in[department] += change
        self._place(agent)

    def _assign(self, inquiry: QueuedInquiry, agent: AgentState, *, routed: bool) -> ChatState:
        self._timers.cancel(TimerKind.QUEUE_WAIT, inquiry.id)
        self._timers.cancel(TimerKind.SKILL_RELAX, inquiry.id)
        chat = ChatState(
            id=inquiry.id,
            inquiry=inquiry,
            agent=agent.id,
            department=inquiry.department,
            assigned_at=self._now,
        )
        self.chats[chat.id] = chat
        self._attach(chat, agent, routed=routed)
        return chat

    def _attach(self, chat: ChatState, agent: AgentState, *, routed: bool) -> None:
        self._changed_agents.add(agent.id)
        self._changed_chats.add(chat.id)
        chat.agent = agent.id
        chat.assigned_at = self._now
        chat.answered = False
        agent.last_assigned_at = self._now
        if routed:
            agent.served_count += 1
            if chat.department:
                agent.served_in[chat.department] += 1
            agent.last_routed_at = self._now
        if chat.phase == ChatPhase.OPEN:
            self._load(agent, chat.department, +1)
        else:
            self._place(agent)
        # Rocket.Chat's afterTakeInquiry schedules the auto-transfer only for a room without
        # autoTransferredAt (ee/.../hooks/afterTakeInquiry.ts): once moved on, a chat stays.
        again = not chat.inquiry.auto_transferred or self.settings.auto_transfer_repeats
        if self.settings.auto_transfer_unanswered_s and again:
            self._timers.set(
                TimerKind.AUTO_TRANSFER,
                chat.id,
                self._now + timedelta(seconds=self.settings.auto_transfer_unanswered_s),
            )

    def _release(self, chat: ChatState) -> None:
        if chat.phase == ChatPhase.OPEN:
            self._load(self.agents[chat.agent], chat.department, -1)
        self._timers.cancel(TimerKind.AUTO_TRANSFER, chat.id)

    def _join_queue(self, inquiry: QueuedInquiry) -> None:
        self._changed_inquiries.add(inquiry.id)
        self.queue.add(inquiry)

    def _leave_queue(self, inquiry_id: str) -> QueuedInquiry:
        self._changed_inquiries.add(inquiry_id)
        return self.queue.remove(inquiry_id)

    def _hold(self, chat: ChatState) -> None:
        self._changed_chats.add(chat.id)
        chat.phase = ChatPhase.ON_HOLD
        self._load(self.agents[chat.agent], chat.department, -1)
        self._timers.cancel(TimerKind.ABANDONED, chat.id)

    def _end(self, chat: ChatState, *, record: bool = True) -> None:
        """The chat leaves its agent for good; the engine forgets it (memory stays flat)."""
        self._release(chat)
        self._changed_chats.add(chat.id)
        chat.phase = ChatPhase.CLOSED
        self._timers.cancel(TimerKind.ABANDONED, chat.id)
        self.chats.pop(chat.id, None)
        if record:
            self._durations.append((self._now - chat.inquiry.queued_at).total_seconds())

    def _dispatch(self) -> list[Decision]:
        """Route waiting inquiries while capacity allows: the earliest line head first.

        A line whose head nobody can serve is blocked, so a later inquiry never overtakes an
        earlier one of its department (the skills method may, by design, up to a bound).
        """
        if not self.method.auto_assigns or not len(self.queue):
            return []
        decisions: list[Decision] = []
        blocked: set[str] = set()
        while True:
            best: tuple[tuple[float, ...], str] | None = None
            for pool in self.queue.lines():
                if pool in blocked:
                    continue
                key = self.queue.head_key(pool)
                if key is not None and (best is None or key < best[0]):
                    best = (key, pool)
            if best is None:
                return decisions
            pool = best[1]
            routed = self._route_line(pool)
            if routed is None:
                blocked.add(pool)
            else:
                decisions.append(routed)

    def _route_line(self, pool: str) -> Decision | None:
        scan = _SKILL_SCAN if self.method is RoutingMethod.SKILLS else 1
        for inquiry in list(self._first(self.queue.line(pool), scan)):
            choice = self._choose(inquiry)
            if choice is not None:
                agent, why = choice
                self._leave_queue(inquiry.id)
                chat = self._assign(inquiry, agent, routed=True)
                return self._say(
                    Outcome.ROUTED,
                    f"{inquiry.note}; {why}" if inquiry.note else why,
                    inquiry=inquiry.id,
                    chat=chat.id,
                    agent=agent.id,
                    department=inquiry.department,
                )
        return None

    @staticmethod
    def _first(items: Iterator[QueuedInquiry], count: int) -> Iterator[QueuedInquiry]:
        for index, item in enumerate(items):
            if index >= count:
                return
            yield item

    def _choose(
        self, inquiry: QueuedInquiry, exclude: set[str] | None = None
    ) -> tuple[AgentState, str] | None:
        pool = inquiry.department or PUBLIC
        needs, note = self._requirements(inquiry)
        found: list[AgentState] = []
        for agent_id in self._pools.candidates(pool):
            if exclude and agent_id in exclude:
                continue
            agent = self.agents[agent_id]
            if needs and not all(agent.skills.get(s, 0) >= level for s, level in needs.items()):
                continue
            found.append(agent)
            if len(found) == 2:
                break
        if not found:
            return None
        runner_up = found[1] if len(found) > 1 else None
        return found[0], explain.chosen(self.method, pool, found[0], runner_up, note)

    def _requirements(self, inquiry: QueuedInquiry) -> tuple[dict[str, int], str]:
        """Skill levels the inquiry needs now: each configured wait relaxes them by one level."""
        if self.method is not RoutingMethod.SKILLS or not inquiry.skills:
            return {}, ""
        waited = (self._now - inquiry.queued_at).total_seconds()
        steps = sum(1 for after in self.settings.skill_relax_after_s if waited >= after)
        needs = {s: level - steps for s, level in inquiry.skills.items() if level - steps > 0}
        wanted = ", ".join(f"{s}≥{lvl}" for s, lvl in sorted(needs.items())) or "no skill"
        relaxed = f" (relaxed {steps} level{'s' if steps > 1 else ''} after {int(waited)} s)" if steps else ""
        return needs, f"needs {wanted}{relaxed}"

    def _schedule_hours(self, hours: BusinessHours) -> None:
        change = hours.next_change(self._now)
        if change is not None:
            self._timers.set(TimerKind.BUSINESS_HOURS, hours.id, change)

    def _fire(self, timer: Timer) -> list[Decision]:
        raise NotImplementedError  # timed.py

    def _schedule_relax(self, inquiry: QueuedInquiry) -> None:
        raise NotImplementedError  # timed.py
