"""The routing engine: decides who serves which inquiry, and says why.

Pure and deterministic: no I/O, time only from the injected clock, no randomness. Every command
returns the decisions it led to, in order, so the same commands on the same clock replay to the
same decisions. Timers (auto-transfer, abandonment, queue wait, business hours) fire during
`advance()` and before each command, at their own due time.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from app.clock import Clock
from app.domain import AgentStatus, Availability, BusinessHours
from app.routing import explain
from app.routing.decisions import Decision, ErrorCode, Outcome
from app.routing.pools import PUBLIC, CandidatePools
from app.routing.queue import WaitingQueue
from app.routing.settings import AbandonedAction, RoutingMethod, RoutingSettings
from app.routing.state import AgentState, ChatPhase, ChatState, DepartmentState, QueuedInquiry
from app.routing.timers import Timer, TimerKind, Timers

# With skill requirements, the head of a line may wait for a skilled agent while later
# inquiries are served; scanning is bounded so a long line cannot make a decision slow.
_SKILL_SCAN = 32


class RoutingError(Exception):
    """A command that refers to something the engine does not know (a bug in the caller)."""


class RoutingEngine:
    def __init__(
        self,
        settings: RoutingSettings,
        clock: Clock,
        *,
        business_hours: Iterable[BusinessHours] = (),
        default_business_hours: str | None = None,
    ) -> None:
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
        self._now = clock.now()
        if settings.business_hours_enabled:
            for hours in self._hours.values():
                self._hours_open[hours.id] = hours.is_open(self._now)
                self._schedule_hours(hours)

    @property
    def method(self) -> RoutingMethod:
        return self.settings.routing_method

    # -- set-up ----------------------------------------------------------------------------

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
    ) -> None:
        """Load a chat that was already being served (when the engine starts over a store)."""
        agent = self._agent(agent_id)
        inquiry = QueuedInquiry(id=chat_id, department=department, queued_at=assigned_at)
        chat = ChatState(
            id=chat_id,
            inquiry=inquiry,
            agent=agent_id,
            department=department,
            assigned_at=assigned_at,
            answered=True,
            phase=ChatPhase.ON_HOLD if on_hold else ChatPhase.OPEN,
        )
        self.chats[chat_id] = chat
        if not on_hold:
            self._load(agent, department, +1)

    def restore_inquiry(
        self,
        inquiry_id: str,
        department: str | None,
        *,
        queued_at: datetime,
        priority: int = 99,
        sla_due_at: datetime | None = None,
    ) -> None:
        """Load an inquiry that was already waiting; `dispatch()` then routes what it can."""
        self._sequence += 1
        self.queue.add(
            QueuedInquiry(
                id=inquiry_id,
                department=department,
                queued_at=queued_at,
                priority=priority,
                sla_due_at=sla_due_at,
                sequence=self._sequence,
            )
        )

    def dispatch(self) -> list[Decision]:
        """Route whatever waiting inquiries current capacity allows."""
        return [*self._begin(), *self._dispatch()]

    # -- eligibility -----------------------------------------------------------------------

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

    # -- time ------------------------------------------------------------------------------

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

    # -- inquiries -------------------------------------------------------------------------

    def inquiry(
        self,
        inquiry_id: str,
        department: str | None = None,
        *,
        priority: int = 99,
        sla_minutes: float | None = None,
        skills: dict[str, int] | None = None,
        always_queue: bool = False,
    ) -> list[Decision]:
        """A visitor asks for a chat: route it, queue it, or turn it away. `always_queue` keeps
        it even with nobody online (an offline message waits for the next agent)."""
        decisions = self._begin()
        now = self._now
        if inquiry_id in self.queue or inquiry_id in self.chats:
            raise RoutingError(f"inquiry {inquiry_id} already exists")
        if department is not None and department not in self.departments:
            return [
                *decisions,
                self._say(
                    Outcome.REJECTED,
                    f"department {department} does not exist",
                    inquiry=inquiry_id,
                    error=ErrorCode.UNKNOWN_DEPARTMENT,
                ),
            ]
        target, note = self._fallback(department)
        self._sequence += 1
        inquiry = QueuedInquiry(
            id=inquiry_id,
            department=target,
            queued_at=now,
            priority=priority,
            sla_due_at=None if sla_minutes is None else now + timedelta(minutes=sla_minutes),
            skills=dict(skills or {}),
            sequence=self._sequence,
        )
        if not always_queue and not self.settings.waiting_queue and not self._online_in(target):
            where = f" in {target}" if target else ""
            return [
                *decisions,
                self._say(
                    Outcome.REJECTED,
                    f"no agent is online{where} and the waiting queue is off",
                    inquiry=inquiry_id,
                    department=target,
                    error=ErrorCode.NO_AGENT_ONLINE,
                ),
            ]
        inquiry.note = note
        self.queue.add(inquiry)
        if self.settings.max_queue_wait_s:
            self._timers.set(
                TimerKind.QUEUE_WAIT, inquiry_id, now + timedelta(seconds=self.settings.max_queue_wait_s)
            )
        self._schedule_relax(inquiry)
        routed = self._dispatch()
        if any(d.inquiry == inquiry_id for d in routed):
            return [*decisions, *routed]
        why = note + "; " if note else ""
        if not self.method.auto_assigns:
            why += "manual_selection: waits for an agent to take it"
        else:
            why += f"{self.method.value}: every eligible agent is busy or at their limit"
        return [*decisions, *routed, self._say(Outcome.QUEUED, why, inquiry=inquiry_id, department=target)]

    def _fallback(self, department: str | None) -> tuple[str | None, str]:
        """Rocket.Chat's department fallback: a department with nobody online passes its
        inquiries to its fallback department, up to the maximum depth."""
        if department is None:
            return None, ""
        current, path = department, [department]
        for _ in range(self.settings.max_fallback_depth):
            if self._online_in(current):
                break
            following = self.departments[current].fallback_department
            if following is None or following not in self.departments or following in path:
                break
            current = following
            path.append(current)
        if current == department:
            return department, ""
        return current, f"nobody online in {' → '.join(path[:-1])}; fell back to {current}"

    def take(self, inquiry_id: str, agent_id: str) -> list[Decision]:
        """An agent takes a queued inquiry by hand (any routing method)."""
        decisions = self._begin()
        agent = self._agent(agent_id)
        inquiry = self.queue.get(inquiry_id)
        if inquiry is None:
            return self._failed(
                decisions,
                f"{inquiry_id} is not waiting in the queue",
                inquiry=inquiry_id,
                agent=agent_id,
                error=ErrorCode.INQUIRY_NOT_QUEUED,
            )
        refusal = self._refusal(agent, inquiry.department)
        if refusal is not None:
            code, why = refusal
            return self._failed(
                decisions, why, inquiry=inquiry_id, agent=agent_id, department=inquiry.department, error=code
            )
        self.queue.remove(inquiry_id)
        chat = self._assign(inquiry, agent, routed=False)
        return [
            *decisions,
            self._say(
                Outcome.TAKEN,
                f"{agent_id} took it from the queue",
                inquiry=inquiry_id,
                chat=chat.id,
                agent=agent_id,
                department=inquiry.department,
            ),
        ]

    def _refusal(self, agent: AgentState, department: str | None) -> tuple[ErrorCode, str] | None:
        if not self.takes_chats(agent):
            return (
                ErrorCode.AGENT_NOT_AVAILABLE,
                f"{agent.id} is {agent.status.value} and {agent.availability.value}",
            )
        if department is not None and department not in agent.departments:
            return ErrorCode.FORWARD_NOT_ALLOWED, f"{agent.id} is not in {department}"
        if not self.has_room(agent, department):
            limit = self.limit_of(agent)
            cap = self.departments[department].max_chats_per_agent if department else None
            if limit and agent.open_chats >= limit:
                return (
                    ErrorCode.CHAT_LIMIT,
                    f"{agent.id} has {agent.open_chats} open chats, the limit is {limit}",
                )
            return ErrorCode.CHAT_LIMIT, (
                f"{agent.id} has {agent.open_in[department or '']} open chats "
                f"in {department}, the department's limit is {cap}"
            )
        return None

    # -- chats -----------------------------------------------------------------------------

    def close(self, chat_id: str) -> list[Decision]:
        decisions = self._begin()
        chat = self._chat(chat_id)
        if chat.phase == ChatPhase.CLOSED:
            return self._failed(
                decisions, f"{chat_id} is already closed", chat=chat_id, error=ErrorCode.CHAT_NOT_OPEN
            )
        self._end(chat)
        return [
            *decisions,
            self._say(
                Outcome.CLOSED,
                f"{chat.agent} closed the chat",
                chat=chat_id,
                inquiry=chat.inquiry.id,
                agent=chat.agent,
                department=chat.department,
            ),
            *self._dispatch(),
        ]

    def move_waiting(self, inquiry_id: str, department: str) -> list[Decision]:
        """A waiting inquiry changes department: it joins that line (at its end) and may be
        routed at once."""
        decisions = self._begin()
        waiting = self.queue.get(inquiry_id)
        if waiting is None or department not in self.departments:
            return decisions
        self.queue.remove(inquiry_id)
        self._sequence += 1
        moved = QueuedInquiry(
            id=inquiry_id,
            department=department,
            queued_at=self._now,
            priority=waiting.priority,
            sla_due_at=waiting.sla_due_at,
            skills=dict(waiting.skills),
            sequence=self._sequence,
        )
        self.queue.add(moved)
        return [
            *decisions,
            self._say(
                Outcome.REQUEUED,
                f"moved to {department} at the visitor's request",
                inquiry=inquiry_id,
                chat=inquiry_id,
                department=department,
            ),
            *self._dispatch(),
        ]

    def withdraw(self, inquiry_id: str, reason: str = "the visitor left the queue") -> list[Decision]:
        """A waiting inquiry ends before anyone took it."""
        decisions = self._begin()
        inquiry = self.queue.get(inquiry_id)
        if inquiry is None:
            return decisions
        self.queue.remove(inquiry_id)
        self._timers.cancel(TimerKind.QUEUE_WAIT, inquiry_id)
        self._timers.cancel(TimerKind.SKILL_RELAX, inquiry_id)
        return [
            *decisions,
            self._say(Outcome.CLOSED, reason, inquiry=inquiry_id, department=inquiry.department),
        ]

    def on_hold(self, chat_id: str) -> list[Decision]:
        decisions = self._begin()
        chat = self._chat(chat_id)
        if chat.phase != ChatPhase.OPEN:
            return self._failed(
                decisions, f"{chat_id} is not open", chat=chat_id, error=ErrorCode.CHAT_NOT_OPEN
            )
        self._hold(chat)
        return [
            *decisions,
            self._say(
                Outcome.ON_HOLD,
                f"on hold: {chat.agent}'s load drops to {self.agents[chat.agent].open_chats}",
                chat=chat_id,
                agent=chat.agent,
                department=chat.department,
            ),
            *self._dispatch(),
        ]

    def resume(self, chat_id: str) -> list[Decision]:
        decisions = self._begin()
        chat = self._chat(chat_id)
        agent = self.agents[chat.agent]
        if chat.phase != ChatPhase.ON_HOLD:
            return self._failed(
                decisions, f"{chat_id} is not on hold", chat=chat_id, error=ErrorCode.CHAT_NOT_OPEN
            )
        if not self.has_room(agent, chat.department):
            return self._failed(
                decisions,
                f"{agent.id} is at their limit; close a chat before resuming",
                chat=chat_id,
                agent=agent.id,
                error=ErrorCode.CHAT_LIMIT,
            )
        chat.phase = ChatPhase.OPEN
        self._load(agent, chat.department, +1)
        return [
            *decisions,
            self._say(
                Outcome.RESUMED,
                f"{agent.id} resumed the chat",
                chat=chat_id,
                agent=agent.id,
                department=chat.department,
            ),
        ]

    def visitor_message(self, chat_id: str) -> list[Decision]:
        decisions = self._begin()
        chat = self._chat(chat_id)
        chat.last_visitor_message_at = self._now
        self._timers.cancel(TimerKind.ABANDONED, chat_id)
        return decisions

    def agent_message(self, chat_id: str) -> list[Decision]:
        decisions = self._begin()
        chat = self._chat(chat_id)
        chat.answered = True
        chat.last_agent_message_at = self._now
        self._timers.cancel(TimerKind.AUTO_TRANSFER, chat_id)
        if self.settings.abandoned_action is not AbandonedAction.NONE and chat.phase == ChatPhase.OPEN:
            self._timers.set(
                TimerKind.ABANDONED,
                chat_id,
                self._now + timedelta(seconds=self.settings.visitor_inactivity_s),
            )
        return decisions

    def transfer(
        self, chat_id: str, *, to_agent: str | None = None, to_department: str | None = None
    ) -> list[Decision]:
        """Hand a chat to an agent or a department; a department wins, as in Rocket.Chat."""
        decisions = self._begin()
        chat = self._chat(chat_id)
        if chat.phase == ChatPhase.CLOSED:
            return self._failed(
                decisions, f"{chat_id} is closed", chat=chat_id, error=ErrorCode.CHAT_NOT_OPEN
            )
        if to_department is not None:
            return [*decisions, *self._transfer_to_department(chat, to_department)]
        if to_agent is None:
            raise RoutingError("a transfer needs an agent or a department")
        target = self._agent(to_agent)
        refusal = self._refusal(target, chat.department)
        if refusal is None and target.id == chat.agent:
            refusal = (ErrorCode.FORWARD_FAILED, f"{target.id} already serves it")
        if refusal is not None:
            code, why = refusal
            return self._failed(
                decisions, f"transfer failed: {why}", chat=chat_id, agent=to_agent, error=code
            )
        previous = chat.agent
        self._release(chat)
        self._attach(chat, target, routed=False)
        return [
            *decisions,
            self._say(
                Outcome.TRANSFERRED,
                f"{previous} transferred it to {target.id}",
                chat=chat_id,
                inquiry=chat.inquiry.id,
                agent=target.id,
                previous_agent=previous,
                department=chat.department,
            ),
            *self._dispatch(),
        ]

    def _transfer_to_department(self, chat: ChatState, department: str) -> list[Decision]:
        now = self._now
        if department not in self.departments:
            return [
                self._say(
                    Outcome.FAILED,
                    f"department {department} does not exist",
                    chat=chat.id,
                    error=ErrorCode.UNKNOWN_DEPARTMENT,
                )
            ]
        source = self.departments.get(chat.department or "")
        if (
            source is not None
            and source.allowed_forward is not None
            and department not in source.allowed_forward
        ):
            return [
                self._say(
                    Outcome.FAILED,
                    f"{source.id} may only forward to {', '.join(source.allowed_forward) or 'nobody'}",
                    chat=chat.id,
                    department=department,
                    error=ErrorCode.FORWARD_NOT_ALLOWED,
                )
            ]
        # Rocket.Chat's onTransferFailure: try the target's fallback chain before giving up.
        target, note = self._fallback(department)
        if target is None or not self._online_in(target):
            return [
                self._say(
                    Outcome.FAILED,
                    f"transfer failed: nobody is online in {department} or its fallbacks",
                    chat=chat.id,
                    department=department,
                    error=ErrorCode.FORWARD_FAILED,
                )
            ]
        previous = chat.agent
        self._end(chat, record=False)
        self._sequence += 1
        inquiry = QueuedInquiry(
            id=chat.inquiry.id,
            department=target,
            queued_at=now,
            priority=chat.inquiry.priority,
            sla_due_at=chat.inquiry.sla_due_at,
            skills=dict(chat.inquiry.skills),
            sequence=self._sequence,
            note=note,
        )
        self.queue.add(inquiry)
        why = f"{previous} transferred it to {target}" + (f" ({note})" if note else "")
        return [
            self._say(
                Outcome.REQUEUED,
                why,
                chat=chat.id,
                inquiry=inquiry.id,
                previous_agent=previous,
                department=target,
            ),
            *self._dispatch(),
        ]

    # -- agents ----------------------------------------------------------------------------

    def set_agent(
        self, agent_id: str, *, status: AgentStatus | None = None, availability: Availability | None = None
    ) -> list[Decision]:
        decisions = self._begin()
        agent = self._agent(agent_id)
        if availability is Availability.AVAILABLE and not self._hours_open_for(agent):
            return self._failed(
                decisions,
                f"business hours are closed for {agent.id}'s departments",
                agent=agent_id,
                error=ErrorCode.BUSINESS_HOURS_CLOSED,
            )
        if status is not None:
            agent.status = status
        if availability is not None:
            agent.availability = availability
            agent.paused_by_hours = False
        self._place(agent)
        state = "takes chats" if self.takes_chats(agent) else "does not take chats"
        return [
            *decisions,
            self._say(
                Outcome.AVAILABILITY,
                f"{agent.id} is {agent.status.value} and {agent.availability.value}: {state}",
                agent=agent_id,
            ),
            *self._dispatch(),
        ]

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

    # -- reading ---------------------------------------------------------------------------

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

    # -- the machinery ---------------------------------------------------------------------

    def _say(self, outcome: Outcome, reason: str, **about: Any) -> Decision:
        """A decision made now."""
        return Decision(self._now, outcome, reason, **about)

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
        if self.settings.auto_transfer_unanswered_s:
            self._timers.set(
                TimerKind.AUTO_TRANSFER,
                chat.id,
                self._now + timedelta(seconds=self.settings.auto_transfer_unanswered_s),
            )

    def _release(self, chat: ChatState) -> None:
        if chat.phase == ChatPhase.OPEN:
            self._load(self.agents[chat.agent], chat.department, -1)
        self._timers.cancel(TimerKind.AUTO_TRANSFER, chat.id)

    def _hold(self, chat: ChatState) -> None:
        chat.phase = ChatPhase.ON_HOLD
        self._load(self.agents[chat.agent], chat.department, -1)
        self._timers.cancel(TimerKind.ABANDONED, chat.id)

    def _end(self, chat: ChatState, *, record: bool = True) -> None:
        """The chat leaves its agent for good; the engine forgets it (memory stays flat)."""
        self._release(chat)
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
                self.queue.remove(inquiry.id)
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

    # -- timers ----------------------------------------------------------------------------

    def _schedule_relax(self, inquiry: QueuedInquiry) -> None:
        if self.method is not RoutingMethod.SKILLS or not inquiry.skills:
            return
        waited = (self._now - inquiry.queued_at).total_seconds()
        upcoming = [after for after in self.settings.skill_relax_after_s if after > waited]
        if upcoming:
            self._timers.set(
                TimerKind.SKILL_RELAX, inquiry.id, inquiry.queued_at + timedelta(seconds=min(upcoming))
            )

    def _fire(self, timer: Timer) -> list[Decision]:
        if timer.kind is TimerKind.QUEUE_WAIT:
            return self._queue_wait_expired(timer.target)
        if timer.kind is TimerKind.AUTO_TRANSFER:
            return self._unanswered(timer.target)
        if timer.kind is TimerKind.ABANDONED:
            return self._abandoned(timer.target)
        if timer.kind is TimerKind.SKILL_RELAX:
            inquiry = self.queue.get(timer.target)
            if inquiry is None:
                return []
            self._schedule_relax(inquiry)
            return self._dispatch()
        return self._hours_changed(timer.target)

    def _queue_wait_expired(self, inquiry_id: str) -> list[Decision]:
        if inquiry_id not in self.queue:
            return []
        inquiry = self.queue.remove(inquiry_id)
        return [
            self._say(
                Outcome.CLOSED,
                f"waited {self.settings.max_queue_wait_s} s in the queue, the maximum",
                inquiry=inquiry_id,
                department=inquiry.department,
            )
        ]

    def _unanswered(self, chat_id: str) -> list[Decision]:
        chat = self.chats.get(chat_id)
        if chat is None or chat.phase == ChatPhase.CLOSED or chat.answered:
            return []
        previous = chat.agent
        waited = self.settings.auto_transfer_unanswered_s
        chat.unanswered_by.add(previous)
        if self.method.auto_assigns:
            choice = self._choose(chat.inquiry, exclude=chat.unanswered_by)
            if choice is not None:
                agent, why = choice
                self._release(chat)
                self._attach(chat, agent, routed=True)
                return [
                    self._say(
                        Outcome.TRANSFERRED,
                        f"{previous} did not answer within {waited} s; {why}",
                        chat=chat_id,
                        inquiry=chat.inquiry.id,
                        agent=agent.id,
                        previous_agent=previous,
                        department=chat.department,
                    ),
                    *self._dispatch(),
                ]
            return [
                self._say(
                    Outcome.FAILED,
                    f"{previous} did not answer within {waited} s; nobody else can take it, "
                    f"so it stays with {previous}",
                    chat=chat_id,
                    agent=previous,
                    department=chat.department,
                    error=ErrorCode.FORWARD_FAILED,
                )
            ]
        # Without automatic routing the chat goes back to the queue (Rocket.Chat's returnQueue).
        self._end(chat, record=False)
        self._sequence += 1
        inquiry = QueuedInquiry(
            id=chat.inquiry.id,
            department=chat.department,
            queued_at=self._now,
            priority=chat.inquiry.priority,
            sla_due_at=chat.inquiry.sla_due_at,
            skills=dict(chat.inquiry.skills),
            sequence=self._sequence,
        )
        self.queue.add(inquiry)
        return [
            self._say(
                Outcome.REQUEUED,
                f"{previous} did not answer within {waited} s; back to the queue",
                chat=chat_id,
                inquiry=inquiry.id,
                previous_agent=previous,
                department=chat.department,
            )
        ]

    def _abandoned(self, chat_id: str) -> list[Decision]:
        chat = self.chats.get(chat_id)
        if chat is None or chat.phase != ChatPhase.OPEN:
            return []
        silent = self.settings.visitor_inactivity_s
        if self.settings.abandoned_action is AbandonedAction.CLOSE:
            self._end(chat)
            return [
                self._say(
                    Outcome.CLOSED,
                    f"abandoned: the visitor was silent for {silent} s",
                    chat=chat_id,
                    agent=chat.agent,
                    department=chat.department,
                ),
                *self._dispatch(),
            ]
        self._hold(chat)
        return [
            self._say(
                Outcome.ON_HOLD,
                f"abandoned: the visitor was silent for {silent} s",
                chat=chat_id,
                agent=chat.agent,
                department=chat.department,
            ),
            *self._dispatch(),
        ]

    def _schedule_hours(self, hours: BusinessHours) -> None:
        change = hours.next_change(self._now)
        if change is not None:
            self._timers.set(TimerKind.BUSINESS_HOURS, hours.id, change)

    def _hours_changed(self, hours_id: str) -> list[Decision]:
        hours = self._hours[hours_id]
        is_open = hours.is_open(self._now)
        self._hours_open[hours_id] = is_open
        self._schedule_hours(hours)
        decisions: list[Decision] = []
        for agent in self.agents.values():
            opened = self._hours_open_for(agent)
            if not opened and agent.availability is Availability.AVAILABLE:
                agent.availability = Availability.NOT_AVAILABLE
                agent.paused_by_hours = True
                self._place(agent)
                decisions.append(
                    self._say(
                        Outcome.AVAILABILITY,
                        f"{hours.name} closed: {agent.id} is not-available",
                        agent=agent.id,
                    )
                )
            elif opened and agent.paused_by_hours:
                # Only agents the closing paused come back: a deliberate "not available" stays.
                agent.availability = Availability.AVAILABLE
                agent.paused_by_hours = False
                self._place(agent)
                decisions.append(
                    self._say(
                        Outcome.AVAILABILITY,
                        f"{hours.name} opened: {agent.id} is available again",
                        agent=agent.id,
                    )
                )
        return [*decisions, *self._dispatch()]
