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

    @property
    def is_active(self) -> bool:
        return self.status in (ChatStatus.OPEN, ChatStatus.ON_HOLD)


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
