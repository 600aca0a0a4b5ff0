"""A burst of backend events, as a busy desk produces them, for tests and the benchmark."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.backends.bus import EventBus
from app.backends.events import InquiryQueued, MessageAdded
from app.domain import AuthorKind, Channel, ChatPlace, ChatStatus, Inquiry, Message, Priority


def publish_burst(bus: EventBus, *, count: int, chat_id: str, department_id: str, start: datetime,
                  served_by_id: str) -> None:
    """Half new inquiries in the department, half visitor messages in `chat_id`."""
    for number in range(count // 2):
        at = start + timedelta(milliseconds=number)
        bus.publish(InquiryQueued(Inquiry(
            id=f"burst-{number}", chat_id=f"burst-chat-{number}", visitor_id="v",
            visitor_name=f"Visitor {number}",
            contact_id="c", channel=Channel.WIDGET, department_id=department_id,
            priority=Priority.NOT_SPECIFIED, queued_at=at, sla_due_at=None, preview="hello"),
            ChatPlace(f"burst-chat-{number}", department_id, None, None, ChatStatus.QUEUED, "c")))
        bus.publish(MessageAdded(Message(
            id=f"burst-message-{number}", chat_id=chat_id, author_kind=AuthorKind.VISITOR, author_id="v",
            author_name="Visitor", text=f"message {number}", sent_at=at),
            ChatPlace(chat_id, department_id, None, served_by_id, ChatStatus.OPEN, "c")))
