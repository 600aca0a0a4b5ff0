"""Inquiries: chats waiting in the queue for an agent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

from app.domain.visitor import Channel

# What an inquiry shows before the visitor's first words.
WAITING_FOR_FIRST_MESSAGE = "Waiting for their first message"


class Priority(IntEnum):
    """Rocket.Chat's priority weights: a lower weight is served first; unspecified goes last."""

    HIGHEST = 1
    HIGH = 2
    MEDIUM = 3
    LOW = 4
    LOWEST = 5
    NOT_SPECIFIED = 99

    @property
    def label(self) -> str:
        return "—" if self is Priority.NOT_SPECIFIED else self.name.capitalize()


@dataclass(frozen=True, slots=True)
class Inquiry:
    id: str
    chat_id: str
    visitor_id: str
    visitor_name: str
    contact_id: str
    channel: Channel
    department_id: str | None
    priority: Priority
    queued_at: datetime
    sla_due_at: datetime | None
    # The visitor's first words, so an agent can judge the inquiry before taking it.
    preview: str
    # Why no agent may take it now (Rocket.Chat's 'error-unknown-contact' or
    # 'error-unverified-contact', under the blocking settings); empty when it can be taken.
    blocked: str = ""

    @property
    def shown_preview(self) -> str:
        """The preview as a list row or a notice says it: a website visitor's chat is queued
        before they write, and says so until their first message arrives."""
        return self.preview if self.preview.strip() else WAITING_FOR_FIRST_MESSAGE

    def waited_seconds(self, now: datetime) -> float:
        return max(0.0, (now - self.queued_at).total_seconds())


@dataclass(frozen=True, slots=True)
class QueuePlace:
    """Where a waiting inquiry stands, as routing reckons it (what the visitor's widget shows):
    its 1-based place in its department's line, and the estimated wait in seconds (None when
    nobody is online to serve that line)."""

    place: int
    estimated_wait_s: int | None
