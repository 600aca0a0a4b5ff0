"""Carries routing decisions into the store, and says which events they make.

Runs inside one write transaction with whatever the command itself wrote, together with the
routing state the decisions changed, so the store and the routing engine's memory change together
(on a failed write the engine is rebuilt from the store).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from app.backends.embedded.routing_state import save_changes
from app.backends.events import (
    AgentStatusChanged,
    ChatAssigned,
    ChatClosed,
    ChatHoldChanged,
    ChatUnassigned,
    Event,
    InquiryQueued,
    InquiryRemoved,
    InquiryRemovedReason,
    MessageAdded,
)
from app.backends.refusals import with_names
from app.backends.wording import duration
from app.domain import AuthorKind, ChatStatus, Inquiry, Priority, Transfer
from app.routing.decisions import Cause, Decision, Outcome
from app.routing.engine import RoutingEngine
from app.routing.settings import RoutingMethod
from app.store import chats, messages, organisation, supervision
from app.words import Phrase, PhraseBook

ROUTING_ACTOR = "routing"

# How the desk words what it writes into a chat's history (system messages, routing's comments):
# in English unless the app that runs the engine says them in its user's language.
Say = Callable[[Phrase], str]


class History(PhraseBook):
    """What a chat's history says happened: routed, joined, transferred, closed..."""


@dataclass(frozen=True, slots=True)
class Request:
    """Who asked for the change, and what they said with it (a transfer or closing comment)."""

    actor_id: str = ROUTING_ACTOR
    actor_name: str = "Routing"
    comment: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


def apply_decisions(
    connection: sqlite3.Connection,
    decisions: list[Decision],
    routing: RoutingEngine,
    request: Request,
    *,
    new_id: Callable[[], str],
    names: Mapping[str, str],
    say: Say = str,
) -> list[Event]:
    """Store the decisions and what they changed in routing's memory (routing_state.save_changes);
    what they say in a chat's history names people, not ids."""
    events: list[Event] = []
    for decision in decisions:
        said = replace(decision, reason=with_names(decision.reason, names))
        events.extend(_apply(connection, said, routing, request, new_id, say))
    save_changes(connection, routing)
    # Loads are saved now: whoever watches agents (a monitor's dashboard) hears the new ones.
    events.extend(AgentStatusChanged(organisation.agent(connection, agent_id))
                  for agent_id in _loads_changed(decisions))
    return events


_LOAD_CHANGES = frozenset({Outcome.ROUTED, Outcome.TAKEN, Outcome.TRANSFERRED, Outcome.REQUEUED,
                           Outcome.CLOSED, Outcome.ON_HOLD, Outcome.RESUMED})


def _loads_changed(decisions: list[Decision]) -> list[str]:
    """The agents whose open or on-hold chats the decisions changed, once each, in order."""
    agents: dict[str, None] = {}
    for decision in decisions:
        if decision.outcome in _LOAD_CHANGES:
            for agent_id in (decision.previous_agent, decision.agent):
                if agent_id is not None:
                    agents[agent_id] = None
    return list(agents)


def _name(connection: sqlite3.Connection, user_id: str | None) -> str | Phrase:
    if user_id is None:
        return History.tr("nobody")
    return organisation.agent(connection, user_id).name


def _department_name(connection: sqlite3.Connection, department_id: str | None) -> str | Phrase:
    if department_id is None:
        return History.tr("the public queue")
    department = next((d for d in organisation.departments(connection) if d.id == department_id), None)
    return department.name if department is not None else History.tr("another department")


# How routing chose, said of the agent it chose.
_METHOD_WORDS = {
    RoutingMethod.AUTO_SELECTION: History.tr("next in turn"),
    RoutingMethod.LOAD_BALANCING: History.tr("who had the fewest open chats"),
    RoutingMethod.LOAD_ROTATION: History.tr("who had waited longest for a chat"),
    RoutingMethod.BALANCED: History.tr("who had the fewest open chats"),
    RoutingMethod.SKILLS: History.tr("who has the skills the chat needs"),
}


def _method_words(routing: RoutingEngine) -> Phrase:
    return _METHOD_WORDS.get(routing.method, History.tr("the first agent free"))


def _closed_by_routing(decision: Decision, routing: RoutingEngine) -> Phrase:
    if decision.cause is Cause.ABANDONED:
        return History.tr("The visitor was silent for {wait}, so the chat was closed.").format(
            wait=duration(routing.settings.visitor_inactivity_s))
    if decision.cause is Cause.QUEUE_TIMEOUT:
        return History.tr("Nobody took the chat within {wait}, so it was closed.").format(
            wait=duration(routing.settings.max_queue_wait_s))
    return History.tr("The chat was closed.")


def _with_comment(said: Phrase, comment: str) -> Phrase:
    """'Ana closed the chat: Solved' ('…the chat.' without a comment); `said` has no full stop."""
    return History.tr("{said}: {comment}").format(said=said, comment=comment) if comment \
        else History.tr("{said}.").format(said=said)


def _note(connection: sqlite3.Connection, chat_id: str, request: Request, text: str,
          at: datetime, new_id: Callable[[], str]) -> MessageAdded:
    message = messages.add_message(connection, chat_id, message_id=new_id(), author_kind=AuthorKind.SYSTEM,
                                   author_id=request.actor_id, author_name=request.actor_name,
                                   text=text, sent_at=at)
    summary = chats.chat_summary(connection, chat_id)
    return MessageAdded(message, summary.place)


def _apply(connection: sqlite3.Connection, decision: Decision, routing: RoutingEngine,
           request: Request, new_id: Callable[[], str], say: Say) -> list[Event]:
    outcome, at = decision.outcome, decision.at
    chat_id = decision.chat or decision.inquiry
    if outcome in (Outcome.ROUTED, Outcome.TAKEN):
        assert chat_id is not None and decision.agent is not None
        inquiry_id = chats.inquiry_for_chat(connection, chat_id)
        removed: list[Event] = []
        if inquiry_id is not None:
            # Announce the removal where the inquiry was announced, before any fallback.
            waited = chats.inquiry(connection, inquiry_id)
            removed.append(InquiryRemoved(inquiry_id, chat_id, InquiryRemovedReason.TAKEN,
                                          chats.waiting_place(connection, waited)))
            chats.keep_priority(connection, chat_id, inquiry_id)
            supervision.end_wait(connection, chat_id, at, decision.agent)
            chats.delete_inquiry(connection, inquiry_id)
        # The department may differ from the one asked for: a fallback may have taken it.
        chats.move_chat(connection, chat_id, agent_id=decision.agent, department_id=decision.department)
        chats.assign_chat(connection, chat_id, decision.agent)
        name = _name(connection, decision.agent)
        if outcome is Outcome.ROUTED:
            joined = History.tr("Routed to {agent}, {how}.").format(agent=name, how=_method_words(routing))
        elif request.actor_id in (decision.agent, ROUTING_ACTOR):
            joined = History.tr("{agent} joined the chat.").format(agent=name)
        else:  # a monitor or an admin gave it to the agent
            joined = History.tr("{actor} assigned the chat to {agent}.").format(actor=request.actor_name,
                                                                                agent=name)
        note = _note(connection, chat_id, request, say(joined), at, new_id)
        return [
            *removed,
            note,
            ChatAssigned(chats.chat_summary(connection, chat_id), previous_agent_id=None,
                         by_routing=outcome is Outcome.ROUTED),
        ]
    if outcome is Outcome.TRANSFERRED:
        assert chat_id is not None and decision.agent is not None
        was = chats.place(connection, chat_id)
        chats.move_chat(connection, chat_id, agent_id=decision.agent, department_id=decision.department)
        # To an agent of another department (Rocket.Chat's forwardRoomToDepartment with a userId).
        moved_to = decision.department if decision.department != was.department_id else None
        automatic = request.actor_id == ROUTING_ACTOR
        comment = request.comment
        if automatic:
            comment = say(History.tr("{agent} did not answer within {wait}, so routing gave the chat to "
                                     "{other}.").format(
                agent=_name(connection, decision.previous_agent),
                wait=duration(routing.settings.auto_transfer_unanswered_s),
                other=_name(connection, decision.agent)))
        chats.record_transfer(connection, chat_id, Transfer(
            at=at, by_id=request.actor_id, from_agent_id=decision.previous_agent,
            to_agent_id=decision.agent, to_department_id=moved_to, comment=comment,
        ))
        if automatic:
            text = comment
        elif request.actor_id == decision.agent:  # a monitor takes the chat over
            text = say(_with_comment(History.tr("{actor} took the chat over from {agent}").format(
                actor=request.actor_name, agent=_name(connection, decision.previous_agent)), comment))
        elif moved_to:
            into = History.tr("{actor} transferred the chat to {agent} in {department}")
            text = say(_with_comment(into.format(
                actor=request.actor_name, agent=_name(connection, decision.agent),
                department=_department_name(connection, moved_to)), comment))
        else:
            text = say(_with_comment(History.tr("{actor} transferred the chat to {agent}").format(
                actor=request.actor_name, agent=_name(connection, decision.agent)), comment))
        note = _note(connection, chat_id, request, text, at, new_id)
        return [note, ChatAssigned(chats.chat_summary(connection, chat_id),
                                   previous_agent_id=decision.previous_agent, by_routing=automatic,
                                   previous_place=was if moved_to else None)]
    if outcome is Outcome.REQUEUED:
        assert chat_id is not None
        was = chats.place(connection, chat_id)
        automatic = request.actor_id == ROUTING_ACTOR
        where = _department_name(connection, decision.department)
        comment = request.comment
        if automatic and decision.cause is Cause.UNANSWERED:
            comment = say(History.tr("{agent} did not answer within {wait}, so the chat went back to "
                                     "{where}.").format(
                agent=_name(connection, decision.previous_agent),
                wait=duration(routing.settings.auto_transfer_unanswered_s), where=where))
        elif automatic:
            comment = say(History.tr("Routing returned the chat to {where}.").format(where=where))
        chats.record_transfer(connection, chat_id, Transfer(
            at=at, by_id=request.actor_id, from_agent_id=decision.previous_agent, to_agent_id=None,
            to_department_id=decision.department, comment=comment,
        ))
        chats.requeue_chat(connection, chat_id, decision.department)
        if automatic:
            text = comment
        else:
            text = say(_with_comment(History.tr("{actor} returned the chat to {where}").format(
                actor=request.actor_name, where=where), comment))
        note = _note(connection, chat_id, request, text, at, new_id)
        summary = chats.chat_summary(connection, chat_id)
        inquiry_id = new_id()
        waiting = routing.queue.get(chat_id)
        chats.insert_inquiry(connection, Inquiry(
            id=inquiry_id, chat_id=chat_id, visitor_id="", visitor_name=summary.visitor_name,
            contact_id=summary.contact_id, channel=summary.channel, department_id=decision.department,
            priority=Priority(waiting.priority) if waiting else Priority.NOT_SPECIFIED,
            queued_at=at, sla_due_at=waiting.sla_due_at if waiting else None,
            preview=comment or summary.last_message,
        ))
        events: list[Event] = [note]
        if decision.previous_agent is not None:
            events.append(ChatUnassigned(chat_id, decision.previous_agent, summary.place, was))
        queued = chats.inquiry(connection, inquiry_id)
        events.append(InquiryQueued(queued, chats.waiting_place(connection, queued)))
        return events
    if outcome is Outcome.CLOSED:
        assert chat_id is not None
        inquiry_id = chats.inquiry_for_chat(connection, chat_id)
        left = chats.inquiry(connection, inquiry_id) if inquiry_id else None
        by_person = request.actor_id != ROUTING_ACTOR
        comment = request.comment if by_person else say(_closed_by_routing(decision, routing))
        text = (say(_with_comment(History.tr("{actor} closed the chat").format(actor=request.actor_name),
                                  comment))
                if by_person else comment)
        note = _note(connection, chat_id, request, text, at, new_id)
        chats.close_chat(connection, chat_id, at=at, comment=comment,
                         tags=request.tags if by_person else ())
        events = [note]
        if left is not None:
            supervision.end_wait(connection, chat_id, at, None)
            chats.delete_inquiry(connection, left.id)
            events.append(InquiryRemoved(left.id, chat_id, InquiryRemovedReason.CLOSED,
                                         chats.waiting_place(connection, left)))
        events.append(ChatClosed(chats.chat_summary(connection, chat_id)))
        return events
    if outcome in (Outcome.ON_HOLD, Outcome.RESUMED):
        assert chat_id is not None
        on_hold = outcome is Outcome.ON_HOLD
        chats.set_status(connection, chat_id, ChatStatus.ON_HOLD if on_hold else ChatStatus.OPEN)
        said = (History.tr("{actor} put the chat on hold.") if on_hold
                else History.tr("{actor} resumed the chat.")).format(actor=request.actor_name)
        if request.actor_id == ROUTING_ACTOR and decision.cause is Cause.ABANDONED:
            said = History.tr("The visitor has been silent for {wait}, so the chat is on hold.").format(
                wait=duration(routing.settings.visitor_inactivity_s))
        note = _note(connection, chat_id, request, say(said), at, new_id)
        summary = chats.chat_summary(connection, chat_id)
        return [note, ChatHoldChanged(summary)]
    if outcome is Outcome.QUEUED and decision.inquiry is not None:
        return _queued_in_line(connection, decision, request, new_id, say)
    if outcome is Outcome.AVAILABILITY and decision.agent is not None:
        state = routing.agents[decision.agent]
        organisation.set_agent_presence(connection, decision.agent, status=state.status,
                                        availability=state.availability,
                                        paused_by_business_hours=state.paused_by_hours)
        return [AgentStatusChanged(organisation.agent(connection, decision.agent))]
    return []


def _queued_in_line(connection: sqlite3.Connection, decision: Decision, request: Request,
                    new_id: Callable[[], str], say: Say) -> list[Event]:
    """Routing queued the chat in another department's line (a fallback): the chat moves there,
    as Rocket.Chat forwards the room, so who sees it and who may take it agree with routing."""
    assert decision.inquiry is not None
    inquiry_id = chats.inquiry_for_chat(connection, decision.inquiry)
    if inquiry_id is None:
        return []
    waiting = chats.inquiry(connection, inquiry_id)
    if waiting.department_id == decision.department:
        return []
    left = chats.waiting_place(connection, waiting)
    chats.move_to_line(connection, decision.inquiry, inquiry_id, decision.department)
    moved = chats.inquiry(connection, inquiry_id)
    text = History.tr("Nobody was online in {department}, so the chat waits for {fallback} instead.").format(
        department=_department_name(connection, waiting.department_id),
        fallback=_department_name(connection, decision.department))
    note = _note(connection, decision.inquiry, request, say(text), decision.at, new_id)
    return [InquiryRemoved(inquiry_id, decision.inquiry, InquiryRemovedReason.TRANSFERRED, left),
            InquiryQueued(moved, chats.waiting_place(connection, moved)), note]
