"""The typed events every backend publishes: what changed, for whom it matters.

Events carry the new state, so a view can apply them without asking the backend again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain import Agent, ChatSummary, Inquiry, Message


class InquiryRemovedReason(StrEnum):
    TAKEN = "taken"
    CLOSED = "closed"
    TRANSFERRED = "transferred"


@dataclass(frozen=True, slots=True)
class InquiryQueued:
    inquiry: Inquiry


@dataclass(frozen=True, slots=True)
class InquiryRemoved:
    inquiry_id: str
    chat_id: str
    department_id: str | None
    reason: InquiryRemovedReason


@dataclass(frozen=True, slots=True)
class ChatAssigned:
    """A chat now has `chat.served_by_id` as its agent (taken, routed or transferred)."""

    chat: ChatSummary
    previous_agent_id: str | None
    # True when the routing engine chose the agent (the agent did not ask for it).
    by_routing: bool = False


@dataclass(frozen=True, slots=True)
class ChatUnassigned:
    """The chat left `previous_agent_id` without a new agent: it went back to a queue."""

    chat_id: str
    previous_agent_id: str


@dataclass(frozen=True, slots=True)
class ChatClosed:
    chat: ChatSummary


@dataclass(frozen=True, slots=True)
class MessageAdded:
    message: Message
    department_id: str | None
    served_by_id: str | None


@dataclass(frozen=True, slots=True)
class VisitorTyping:
    """The visitor started or stopped typing in a chat (from the website widget)."""

    chat_id: str
    typing: bool
    department_id: str | None
    served_by_id: str | None


@dataclass(frozen=True, slots=True)
class AgentStatusChanged:
    agent: Agent


Event = (
    InquiryQueued
    | InquiryRemoved
    | ChatAssigned
    | ChatUnassigned
    | ChatClosed
    | MessageAdded
    | VisitorTyping
    | AgentStatusChanged
)
