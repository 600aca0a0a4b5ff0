"""Transfers, as Rocket.Chat's RoutingManager.transferRoom makes them: to an agent
(forwardRoomToAgent), to a department, or to an agent of a department (forwardRoomToDepartment);
Helper.ts in apps/meteor/app/livechat/server/lib/ holds both."""

from __future__ import annotations

from typing import Any

from app.routing.core import RoutingError
from app.routing.decisions import Decision, ErrorCode, Outcome
from app.routing.state import AgentState, ChatPhase, ChatState
from app.routing.timed import TimedEngine


class TransferringEngine(TimedEngine):
    def transfer(
        self, chat_id: str, *, to_agent: str | None = None, to_department: str | None = None
    ) -> list[Decision]:
        """Hand a chat to an agent, to a department, or to an agent of a department, as
        Rocket.Chat's RoutingManager.transferRoom: a department goes through
        forwardRoomToDepartment (with an agent: to that agent), an agent alone through
        forwardRoomToAgent."""
        decisions = self._begin()
        chat = self.chats.get(chat_id)
        if chat is None or chat.phase == ChatPhase.CLOSED:
            return self._failed(
                decisions, f"{chat_id} is closed", chat=chat_id, error=ErrorCode.CHAT_NOT_OPEN
            )
        if chat.phase == ChatPhase.ON_HOLD:
            # Rocket.Chat's transfer refuses a room on hold ('error-room-onHold'), whoever asks.
            return self._failed(
                decisions, f"{chat_id} is on hold", chat=chat_id, error=ErrorCode.CHAT_ON_HOLD
            )
        if to_department is not None:
            return [*decisions, *self._transfer_to_department(chat, to_department, to_agent)]
        if to_agent is None:
            raise RoutingError("a transfer needs an agent or a department")
        return [*decisions, *self._transfer_to_agent(chat, self._agent(to_agent))]

    def _transfer_to_agent(self, chat: ChatState, target: AgentState) -> list[Decision]:
        """Rocket.Chat's forwardRoomToAgent (apps/meteor/app/livechat/server/lib/Helper.ts): the
        agent must be online and available ('error-user-is-offline'); an agent of any department
        may receive the chat (departmentsAllowedToForward restricts department transfers only),
        and only their own or the global limit applies, as the inquiry is taken without its
        department. The chat stays in its department."""
        if not self.takes_chats(target):
            why = f"{target.id} is {target.status.value} and {target.availability.value}"
            return [self._transfer_failed(chat, why, ErrorCode.USER_OFFLINE, agent=target.id)]
        if target.id == chat.agent:
            why = f"{target.id} already serves it"
            return [self._transfer_failed(chat, why, ErrorCode.SAME_AGENT, agent=target.id)]
        refusal = self._limit_refusal(target, None)
        if refusal is not None:
            return [self._transfer_failed(chat, refusal[1], refusal[0], agent=target.id)]
        reason = f"{chat.agent} transferred it to {target.id}"
        return self._move(chat, target, routed=False, reason=reason)

    def _transfer_to_department(
        self, chat: ChatState, department: str, agent_id: str | None
    ) -> list[Decision]:
        """Rocket.Chat's forwardRoomToDepartment (apps/meteor/app/livechat/server/lib/Helper.ts)."""
        if department not in self.departments:
            return [self._transfer_failed(chat, f"department {department} does not exist",
                                          ErrorCode.UNKNOWN_DEPARTMENT)]
        source = self.departments.get(chat.department or "")
        # ee/.../hooks/beforeForwardRoomToDepartment.ts: an empty list restricts nothing.
        if source is not None and source.allowed_forward and department not in source.allowed_forward:
            return [self._transfer_failed(
                chat, f"{source.id} may only forward to {', '.join(source.allowed_forward)}",
                ErrorCode.FORWARD_NOT_ALLOWED, department=department)]
        target: AgentState | None = None
        if agent_id is not None:
            target = self._agent(agent_id)
            if not self.takes_chats(target):
                why = f"{target.id} is {target.status.value} and {target.availability.value}"
                return [self._transfer_failed(chat, why, ErrorCode.USER_OFFLINE, agent=target.id)]
            if department not in target.departments:
                return [self._transfer_failed(chat, f"{target.id} is not in {department}",
                                              ErrorCode.USER_NOT_IN_DEPARTMENT, agent=target.id)]
        if not self.method.auto_assigns:
            # Without autoAssignAgent the chat waits in the department's queue (unassignAgent),
            # whoever was named and whether or not anyone there is online.
            return self._requeue(chat, department)
        if target is not None:
            return self._forward_to_member(chat, target, department)
        # livechat:onTransferFailure (ee/.../hooks/onTransferFailure.ts): with nobody online,
        # the fallback chain, up to Omnichannel_max_fallback_forward_depth hops.
        served, path = self._fallback(department, self.settings.max_fallback_depth)
        if served is None:
            return [self._transfer_failed(
                chat, f"nobody is online in {department} or its fallbacks", ErrorCode.FORWARD_FAILED,
                department=department)]
        return self._requeue(chat, served, self._fell_back(path) if served != department else "")

    def _forward_to_member(self, chat: ChatState, target: AgentState, department: str) -> list[Decision]:
        """delegateInquiry with the agent given: they take the chat into the department. An agent
        at their limit cannot; with the waiting queue the chat then waits in the department's
        queue (ee/.../hooks/onAgentAssignmentFailed.ts)."""
        refusal = self._limit_refusal(target, department)
        if refusal is None:
            reason = f"{chat.agent} transferred it to {target.id} in {department}"
            return self._move(chat, target, routed=False, reason=reason, department=department)
        if self.settings.waiting_queue:
            return self._requeue(chat, department, f"{refusal[1]}; waits in {department}")
        return [self._transfer_failed(chat, refusal[1], refusal[0], agent=target.id)]

    def _requeue(self, chat: ChatState, department: str, note: str = "") -> list[Decision]:
        """The chat leaves its agent for a department's queue, then routing may serve it."""
        previous = chat.agent
        self._end(chat, record=False)
        inquiry = self._queue_again(chat.inquiry, department, note)
        why = f"{previous} transferred it to {department}" + (f" ({note})" if note else "")
        return [
            self._say(
                Outcome.REQUEUED,
                why,
                chat=chat.id,
                inquiry=inquiry.id,
                previous_agent=previous,
                department=department,
            ),
            *self._dispatch(),
        ]

    def _transfer_failed(self, chat: ChatState, why: str, error: ErrorCode, **about: Any) -> Decision:
        return self._say(Outcome.FAILED, why, chat=chat.id, error=error, **about)

