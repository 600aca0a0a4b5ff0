"""The typed events every backend publishes: what changed, for whom it matters.

Events carry the new state, so a view can apply them without asking the backend again. Every
event about a chat carries the chat's `place` (department, unit, agent, status): who hears of it
is decided from that alone, by `app.policy` (see `hears`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain import Agent, Chat, ChatPlace, ChatSummary, Inquiry, Message, Principal
from app.policy import scope_of, sees_agent, sees_chat


class InquiryRemovedReason(StrEnum):
    TAKEN = "taken"
    CLOSED = "closed"
    TRANSFERRED = "transferred"


@dataclass(frozen=True, slots=True)
class InquiryQueued:
    inquiry: Inquiry
    place: ChatPlace


@dataclass(frozen=True, slots=True)
class InquiryRemoved:
    inquiry_id: str
    chat_id: str
    reason: InquiryRemovedReason
    # Where the inquiry waited (its department), not where the chat went.
    place: ChatPlace

    @property
    def department_id(self) -> str | None:
        return self.place.department_id


@dataclass(frozen=True, slots=True)
class ChatAssigned:
    """A chat now has `chat.served_by_id` as its agent (taken, routed or transferred)."""

    chat: ChatSummary
    previous_agent_id: str | None
    # True when the routing engine chose the agent (the agent did not ask for it).
    by_routing: bool = False
    # Where the chat stood before, when it changed department with its agent (a transfer to an
    # agent of another department): whoever saw it there hears it left.
    previous_place: ChatPlace | None = None

    @property
    def place(self) -> ChatPlace:
        return self.chat.place


@dataclass(frozen=True, slots=True)
class ChatUnassigned:
    """The chat left `previous_agent_id` without a new agent: it went back to a queue."""

    chat_id: str
    previous_agent_id: str
    place: ChatPlace
    # Where the chat stood before (its former department): whoever saw it there hears it left.
    previous_place: ChatPlace | None = None


@dataclass(frozen=True, slots=True)
class ChatHoldChanged:
    """The chat was put on hold (`chat.status` is on hold) or resumed (open)."""

    chat: ChatSummary

    @property
    def place(self) -> ChatPlace:
        return self.chat.place


@dataclass(frozen=True, slots=True)
class ChatInfoChanged:
    """The chat's topic, tags or priority changed."""

    chat: Chat

    @property
    def place(self) -> ChatPlace:
        return self.chat.place


@dataclass(frozen=True, slots=True)
class ChatClosed:
    chat: ChatSummary

    @property
    def place(self) -> ChatPlace:
        return self.chat.place


@dataclass(frozen=True, slots=True)
class MessageAdded:
    message: Message
    place: ChatPlace


@dataclass(frozen=True, slots=True)
class MessageChanged:
    """The visitor edited or deleted a message of theirs (website chat): `message` is it now,
    with its `edited_at` or `deleted_at`; or a message written offline reached the server
    (`pending` no longer set)."""

    message: Message
    place: ChatPlace


@dataclass(frozen=True, slots=True)
class VisitorTyping:
    """The visitor started or stopped typing in a chat (from the website widget)."""

    chat_id: str
    typing: bool
    place: ChatPlace


@dataclass(frozen=True, slots=True)
class AgentStatusChanged:
    agent: Agent


@dataclass(frozen=True, slots=True)
class ContactChanged:
    """A contact was created, edited, verified or merged: `merged_ids` are contacts that are now
    part of it (their chats moved to it). Carries ids only; what one may see of the contact is
    asked again (app.policy.contacts)."""

    contact_id: str
    merged_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class VisitorChanged:
    """What a website visitor's site or browser told changed (custom fields set by the site, a
    page visited): the context of their chats is asked again. Carries the id only; who may see
    that context is asked then (app.policy)."""

    visitor_id: str


class ConnectionState(StrEnum):
    ONLINE = "online"
    CONNECTING = "connecting"
    OFFLINE = "offline"


@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    """The link to whatever serves the desk changed. Offline, what is shown comes from the cache
    and commands fail with `app.errors.Offline`; `reason` says why, for the user."""

    state: ConnectionState
    reason: str = ""
    # OFFLINE: when the backend will try the link again by itself (aware UTC); None when it
    # does not say (or will not try).
    retry_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Resynced:
    """Events may have been missed (a reconnect, a rebuilt state): reload what is shown."""

    reason: str = ""


ChatEvent = (
    InquiryQueued
    | InquiryRemoved
    | ChatAssigned
    | ChatUnassigned
    | ChatHoldChanged
    | ChatInfoChanged
    | ChatClosed
    | MessageAdded
    | MessageChanged
    | VisitorTyping
)

Event = ChatEvent | AgentStatusChanged | ContactChanged | VisitorChanged | ConnectionChanged | Resynced


def hears(principal: Principal, event: Event) -> bool:
    """Whether `principal` is told of `event`: they see the chat (by the policy) where it stands
    now, or it just left them (its agent, or whoever saw it in the department it left). The
    contact-history rule widens queries, not events."""
    return listener(principal)(event)


def listener(principal: Principal) -> Callable[[Event], bool]:
    """`hears` for one principal, with their scope worked out once."""
    scope = scope_of(principal)
    me = principal.id

    def accepts(event: Event) -> bool:
        match event:
            case AgentStatusChanged(agent=agent):
                return sees_agent(scope, agent)
            case ConnectionChanged() | Resynced() | ContactChanged() | VisitorChanged():
                return True
            case ChatAssigned(previous_agent_id=previous, previous_place=was) if (
                previous == me or (was is not None and sees_chat(scope, was))
            ):
                return True
            case ChatUnassigned(previous_agent_id=previous, previous_place=was) if (
                previous == me or (was is not None and sees_chat(scope, was))
            ):
                return True
            case _:
                return sees_chat(scope, event.place)

    return accepts
