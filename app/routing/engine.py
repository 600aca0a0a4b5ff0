"""The routing engine: decides who serves which inquiry, and says why.

Pure and deterministic: no I/O, time only from the injected clock, no randomness. Every command
returns the decisions it led to, in order, so the same commands on the same clock replay to the
same decisions. Timers (auto-transfer, abandonment, queue wait, business hours) fire during
`advance()` and before each command, at their own due time.
"""

from __future__ import annotations

from datetime import timedelta

from app.domain import AgentStatus, Availability
from app.routing.core import RoutingError
from app.routing.decisions import Decision, ErrorCode, Outcome
from app.routing.settings import AbandonedAction
from app.routing.state import ChatPhase, QueuedInquiry
from app.routing.timers import TimerKind
from app.routing.transfers import TransferringEngine

__all__ = ["RoutingEngine", "RoutingError"]


class RoutingEngine(TransferringEngine):
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
        target, note = department, ""
        if department is not None:
            # Rocket.Chat's QueueManager.getDepartment: the fallback chain is followed to its end
            # (Omnichannel_max_fallback_forward_depth bounds transfers only); with nobody online
            # anywhere on it, the room keeps the department asked for.
            served, path = self._fallback(department)
            if served is not None and served != department:
                target, note = served, self._fell_back(path)
        self._sequence += 1
        inquiry = QueuedInquiry(
            id=inquiry_id,
            department=target,
            queued_at=now,
            priority=priority,
            sla_due_at=None if sla_minutes is None else now + timedelta(minutes=sla_minutes),
            skills=dict(skills or {}),
            sequence=self._sequence,
            arrived_at=now,
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
        self._join_queue(inquiry)
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
        refusal = self._take_refusal(agent, inquiry.department)
        if refusal is not None:
            code, why = refusal
            return self._failed(
                decisions, why, inquiry=inquiry_id, agent=agent_id, department=inquiry.department, error=code
            )
        self._leave_queue(inquiry_id)
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
        self._leave_queue(inquiry_id)
        self._queue_again(waiting, department)
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
        self._leave_queue(inquiry_id)
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
        self._changed_chats.add(chat_id)
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
        """The visitor wrote: the chat waits for a response again (Rocket.Chat's
        markRoomNotResponded), and an abandoned room is only one not waiting for a response."""
        decisions = self._begin()
        chat = self._chat(chat_id)
        self._changed_chats.add(chat_id)
        chat.last_visitor_message_at = self._now
        chat.waiting_response = True
        self._timers.cancel(TimerKind.ABANDONED, chat_id)
        return decisions

    def agent_message(self, chat_id: str) -> list[Decision]:
        """The agent wrote: the chat is answered (no auto-transfer). The first reply since the
        visitor last wrote starts the abandonment timer; later replies do not move it (Rocket.Chat's
        markRoomResponded keeps `responseBy.firstResponseTs`, and setPredictedVisitorAbandonmentTime
        runs only when that is this message's time)."""
        decisions = self._begin()
        chat = self._chat(chat_id)
        self._changed_chats.add(chat_id)
        chat.answered = True
        chat.last_agent_message_at = self._now
        first_response = chat.waiting_response
        chat.waiting_response = False
        self._timers.cancel(TimerKind.AUTO_TRANSFER, chat_id)
        if (first_response and self.settings.abandoned_action is not AbandonedAction.NONE
                and chat.phase == ChatPhase.OPEN):
            self._timers.set(
                TimerKind.ABANDONED,
                chat_id,
                self._now + timedelta(seconds=self.settings.visitor_inactivity_s),
            )
        return decisions

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
        self._changed_agents.add(agent_id)
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
