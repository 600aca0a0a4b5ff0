"""What the routing engine does when time passes: unanswered chats move on, silent visitors'
chats close or pause, waits run out, skill requirements relax, business hours open and close."""

from __future__ import annotations

from datetime import timedelta

from app.domain import Availability
from app.routing.core import EngineCore
from app.routing.decisions import Cause, Decision, ErrorCode, Outcome
from app.routing.settings import AbandonedAction, RoutingMethod
from app.routing.state import ChatPhase, QueuedInquiry
from app.routing.timers import Timer, TimerKind


class TimedEngine(EngineCore):
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
        inquiry = self._leave_queue(inquiry_id)
        return [
            self._say(
                Outcome.CLOSED,
                f"waited {self.settings.max_queue_wait_s} s in the queue, the maximum",
                inquiry=inquiry_id,
                cause=Cause.QUEUE_TIMEOUT,
                department=inquiry.department,
            )
        ]

    def _unanswered(self, chat_id: str) -> list[Decision]:
        """Rocket.Chat's AutoTransferChatScheduler (ee/.../lib/AutoTransferChatScheduler.ts):
        the next agent by the routing method, the unanswering one left out (getNextAgent with
        ignoreAgentId), or back to the queue when the method does not assign. A chat moved on
        is marked (autoTransferredAt) and never moved on again; one nobody could take stays with
        its agent, unmarked."""
        chat = self.chats.get(chat_id)
        # A chat on hold waits for its agent by design: it is not moved on (Rocket.Chat refuses
        # to transfer a room on hold).
        if chat is None or chat.phase != ChatPhase.OPEN or chat.answered:
            return []
        previous = chat.agent
        waited = self.settings.auto_transfer_unanswered_s
        chat.unanswered_by.add(previous)
        self._changed_chats.add(chat_id)
        if self.method.auto_assigns:
            # Beyond Rocket.Chat, when the chat keeps moving: never back to anyone who let it go.
            passed_over = chat.unanswered_by if self.settings.auto_transfer_repeats else {previous}
            choice = self._choose(chat.inquiry, exclude=passed_over)
            if choice is not None:
                agent, why = choice
                chat.inquiry.auto_transferred = True
                reason = f"{previous} did not answer within {waited} s; {why}"
                return self._move(chat, agent, routed=True, reason=reason, cause=Cause.UNANSWERED)
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
        chat.inquiry.auto_transferred = True
        self._end(chat, record=False)
        inquiry = self._queue_again(chat.inquiry, chat.department)
        return [
            self._say(
                Outcome.REQUEUED,
                f"{previous} did not answer within {waited} s; back to the queue",
                chat=chat_id,
                cause=Cause.UNANSWERED,
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
                    cause=Cause.ABANDONED,
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
                cause=Cause.ABANDONED,
                agent=chat.agent,
                department=chat.department,
            ),
            *self._dispatch(),
        ]

    def _hours_changed(self, hours_id: str) -> list[Decision]:
        hours = self._hours[hours_id]
        is_open = hours.is_open(self._now)
        self._hours_open[hours_id] = is_open
        self._schedule_hours(hours)
        decisions: list[Decision] = []
        for agent in self.agents.values():
            opened = self._hours_open_for(agent)
            if not opened and agent.availability is Availability.AVAILABLE:
                self._changed_agents.add(agent.id)
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
                self._changed_agents.add(agent.id)
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
