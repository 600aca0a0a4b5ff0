"""Chats: one conversation between a visitor and the desk, from queue to close."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.inquiry import Priority
from app.domain.visitor import Channel


class ChatStatus(StrEnum):
    QUEUED = "queued"
    OPEN = "open"
    ON_HOLD = "on_hold"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class ChatPlace:
    """Where a chat stands: everything that decides who may see it and act on it.

    Every event about a chat carries its place, so a subscriber's filter (and a remote server's
    publication) needs nothing else to know who hears of it.
    """

    chat_id: str
    department_id: str | None
    unit_id: str | None
    served_by_id: str | None
    status: ChatStatus
    contact_id: str

    @property
    def is_active(self) -> bool:
        return self.status in (ChatStatus.OPEN, ChatStatus.ON_HOLD)


@dataclass(frozen=True, slots=True)
class Transfer:
    at: datetime
    by_id: str
    from_agent_id: str | None
    to_agent_id: str | None
    to_department_id: str | None
    comment: str


@dataclass(frozen=True, slots=True)
class Chat:
    id: str
    visitor_id: str
    visitor_name: str
    contact_id: str
    channel: Channel
    department_id: str | None
    status: ChatStatus
    served_by_id: str | None
    created_at: datetime
    last_message_at: datetime | None
    closed_at: datetime | None
    close_comment: str
    tags: tuple[str, ...]
    topic: str
    transfers: tuple[Transfer, ...]
    priority: Priority = Priority.NOT_SPECIFIED
    unit_id: str | None = None

    @property
    def is_active(self) -> bool:
        return self.status in (ChatStatus.OPEN, ChatStatus.ON_HOLD)

    @property
    def place(self) -> ChatPlace:
        return ChatPlace(self.id, self.department_id, self.unit_id, self.served_by_id, self.status,
                         self.contact_id)


@dataclass(frozen=True, slots=True)
class ChatSummary:
    """A row in a chat list: enough to show and sort it without loading its messages."""

    id: str
    visitor_name: str
    contact_id: str
    channel: Channel
    department_id: str | None
    status: ChatStatus
    served_by_id: str | None
    served_by_name: str | None
    created_at: datetime
    closed_at: datetime | None
    tags: tuple[str, ...]
    last_message: str
    message_count: int
    unit_id: str | None = None

    @property
    def is_active(self) -> bool:
        return self.status in (ChatStatus.OPEN, ChatStatus.ON_HOLD)

    @property
    def place(self) -> ChatPlace:
        return ChatPlace(self.id, self.department_id, self.unit_id, self.served_by_id, self.status,
                         self.contact_id)
