"""A website visitor's messages as Rocket.Chat's visitor API gives them: a page of the history
(newest first, the `livechat-started` system message first of all), one message, and editing or
deleting one's own (`livechat/message/:_id`), which staff then see marked."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from app.backends import validation
from app.backends.events import MessageChanged
from app.domain import Attachment, AuthorKind, Chat, Message, Visitor
from app.errors import NotAllowed, NotFound
from app.store import chats, messages
from app.store.rows import to_ms

# Rocket.Chat's system message that opens every livechat room (`t: 'livechat-started'`); the
# widget shows it as "Chat started".
STARTED = "livechat-started"


@dataclass(frozen=True, slots=True)
class VisitorMessage:
    """A message as a visitor may see it."""

    id: str
    chat_id: str
    text: str
    author_id: str
    author_name: str
    from_visitor: bool
    sent_at_ms: int
    edited_at_ms: int | None = None
    edited_by: str | None = None
    # Rocket.Chat's message type (`t`): "" for a message someone wrote.
    kind: str = ""
    # The file a file message carries.
    attachment: Attachment | None = None


def for_visitor(message: Message) -> VisitorMessage | None:
    """What a visitor may see of a message: their own and the agents'; never internal notes, the
    desk's own system messages (routing reasons, who took the chat), nor a deleted message."""
    if message.author_kind.staff_only or message.deleted_at is not None:
        return None
    return VisitorMessage(
        id=message.id,
        chat_id=message.chat_id,
        text=message.text,
        author_id=message.author_id or "",
        author_name=message.author_name,
        from_visitor=message.author_kind is AuthorKind.VISITOR,
        sent_at_ms=to_ms(message.sent_at),
        edited_at_ms=None if message.edited_at is None else to_ms(message.edited_at),
        edited_by=message.edited_by,
        attachment=message.attachment,
    )


def started(chat: Chat) -> VisitorMessage:
    """The chat's `livechat-started` message, at the moment the chat began, by its visitor."""
    return VisitorMessage(id=f"started-{chat.id}", chat_id=chat.id, text="", author_id=chat.visitor_id,
                          author_name=chat.visitor_name, from_visitor=True,
                          sent_at_ms=to_ms(chat.created_at), kind=STARTED)


def history_page(connection: sqlite3.Connection, chat: Chat, *, offset: int, limit: int,
                 before_ms: int | None) -> list[VisitorMessage]:
    """Rocket.Chat's loadMessageHistory for a visitor: up to `limit` messages newest first,
    after skipping the `offset` newest, only those sent before `before_ms` when given. The
    started message comes last (it is the oldest)."""
    found, total = messages.visitor_page(connection, chat.id, offset=offset, limit=limit,
                                         before_ms=before_ms)
    page = [visible for message in found if (visible := for_visitor(message)) is not None]
    opening = started(chat)
    if offset <= total < offset + limit and (before_ms is None or opening.sent_at_ms < before_ms):
        page.append(opening)
    return page


def own_message(connection: sqlite3.Connection, chat_id: str, message_id: str, visitor: Visitor) -> Message:
    """The visitor's own message `message_id` of the chat, as it may be edited or deleted now.

    NotFound ("invalid-message") when the chat shows the visitor no such message; NotAllowed
    ("error-action-not-allowed") when someone else wrote it, as Rocket.Chat refuses it."""
    message = messages.get(connection, chat_id, message_id)
    if message is None or for_visitor(message) is None:
        raise NotFound("This chat has no such message.", code="invalid-message")
    if message.author_kind is not AuthorKind.VISITOR or message.author_id != visitor.id:
        raise NotAllowed("Only the visitor who wrote a message may change it.",
                         code="error-action-not-allowed")
    return message


def edit(connection: sqlite3.Connection, chat_id: str, message_id: str, text: str, *, visitor: Visitor,
         at: datetime) -> MessageChanged:
    text = validation.message_text(text)
    own_message(connection, chat_id, message_id, visitor)
    messages.edit(connection, message_id, text, at=at, by=visitor.id)
    return _changed(connection, chat_id, message_id)


def delete(connection: sqlite3.Connection, chat_id: str, message_id: str, *, visitor: Visitor,
           at: datetime) -> tuple[MessageChanged, str | None]:
    """The message marked deleted, and the id of the file it carried (its row is gone now; the
    caller discards its bytes), if any."""
    message = own_message(connection, chat_id, message_id, visitor)
    file_id = message.attachment.id if message.attachment is not None else None
    messages.delete(connection, message_id, at=at, by=visitor.id)
    return _changed(connection, chat_id, message_id), file_id


def _changed(connection: sqlite3.Connection, chat_id: str, message_id: str) -> MessageChanged:
    message = messages.get(connection, chat_id, message_id)
    assert message is not None  # changed in this transaction
    return MessageChanged(message, chats.place(connection, chat_id))
