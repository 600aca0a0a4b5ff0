"""What the server sent, applied to the cache inside one write, and the events it makes.

Each function takes a connection inside the caller's write transaction and a value already read
by payloads/ (so nothing half-read is ever written), keeps it with cache.py, and says what changed
as the desk's events (app.backends.events): the same events the embedded engine publishes for
the same changes. Keeping the same state twice says nothing the second time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from app.backends.events import (
    ChatAssigned,
    ChatClosed,
    ChatHoldChanged,
    ChatInfoChanged,
    ChatUnassigned,
    Event,
    InquiryQueued,
    InquiryRemoved,
    InquiryRemovedReason,
    MessageAdded,
    MessageChanged,
)
from app.backends.rocketchat import cache
from app.backends.rocketchat.payloads.history import ClosingComment, Said, Who
from app.domain import Chat, ChatPlace, ChatStatus, Inquiry, Message, Transfer
from app.store import chats, messages

_ACTIVE = (ChatStatus.OPEN, ChatStatus.ON_HOLD)


def room_changed(connection: sqlite3.Connection, chat: Chat, *, previous_agent_id: str | None = None
                 ) -> list[Event]:
    """A room as the server has it now (a stream's rooms-changed, a sync's rooms/get).
    `previous_agent_id`: who had it, when the room is handed over and this cache did not know."""
    before = _chat_or_none(connection, chat.id)
    waiting = cache.inquiry_of_chat(connection, chat.id)
    waiting_place = chats.place(connection, chat.id) if waiting is not None else None
    cache.keep_chat(connection, chat)
    after = chats.place(connection, chat.id)
    summary = chats.chat_summary(connection, chat.id)
    events: list[Event] = []
    if waiting is not None and waiting_place is not None and chat.status is not ChatStatus.QUEUED:
        closed = chat.status is ChatStatus.CLOSED
        reason = InquiryRemovedReason.CLOSED if closed else InquiryRemovedReason.TAKEN
        events.append(InquiryRemoved(waiting, chat.id, reason, waiting_place))
    previous_agent = (before.served_by_id if before is not None else None) or previous_agent_id
    if chat.served_by_id is not None and chat.served_by_id != previous_agent and chat.status in _ACTIVE:
        moved = before is not None and before.department_id != chat.department_id
        events.append(ChatAssigned(summary, previous_agent,
                                   previous_place=before.place if moved and before is not None else None))
    elif chat.served_by_id is None and previous_agent is not None and chat.status is ChatStatus.QUEUED:
        assert before is not None
        events.append(ChatUnassigned(chat.id, previous_agent, after, previous_place=before.place))
    if before is None:
        if chat.status is ChatStatus.CLOSED:
            events.append(ChatClosed(summary))
        return events
    if chat.status is ChatStatus.CLOSED and before.status is not ChatStatus.CLOSED:
        events.append(ChatClosed(summary))
    elif (before.status in _ACTIVE and chat.status in _ACTIVE and before.status is not chat.status
          and chat.served_by_id == previous_agent):
        events.append(ChatHoldChanged(summary))
    if (before.topic, before.tags, before.priority) != (chat.topic, chat.tags, chat.priority):
        events.append(ChatInfoChanged(chats.chat(connection, chat.id)))
    return events


def inquiry_waits(connection: sqlite3.Connection, inquiry: Inquiry) -> list[Event]:
    """An inquiry waiting for an agent (added to a queue, or changed while it waits)."""
    known = cache.inquiry_of_chat(connection, inquiry.chat_id) == inquiry.id
    active = _chat_or_none(connection, inquiry.chat_id)
    if active is not None and active.status is not ChatStatus.QUEUED and not known:
        # The room moved on (taken, closed) before this news of its queue arrived: stale.
        return []
    cache.keep_inquiry(connection, inquiry)
    if known:
        return []
    return [InquiryQueued(chats.inquiry(connection, inquiry.id), chats.place(connection, inquiry.chat_id))]


def inquiry_left(connection: sqlite3.Connection, inquiry_id: str, *, taken: bool) -> list[Event]:
    """An inquiry left the queue (taken by an agent, or removed when its room closed)."""
    chat_id = cache.chat_of_inquiry(connection, inquiry_id)
    if chat_id is None:
        return []
    place = chats.place(connection, chat_id)
    cache.forget_inquiry(connection, inquiry_id)
    reason = InquiryRemovedReason.TAKEN if taken else InquiryRemovedReason.CLOSED
    return [InquiryRemoved(inquiry_id, chat_id, reason, place)]


def message_arrived(connection: sqlite3.Connection, message: Message) -> list[Event]:
    """A message of a chat kept here (new, edited or deleted)."""
    return messages_arrived(connection, [message])


def messages_arrived(connection: sqlite3.Connection, arrived: Sequence[Message]) -> list[Event]:
    """`message_arrived` for each message in turn, the same events in the same order (a message
    changes nothing of its chat's place: each chat's is read once)."""
    events: list[Event] = []
    places: dict[str, ChatPlace] = {}
    for message, kept in zip(arrived, cache.keep_messages(connection, arrived), strict=True):
        if not kept.changed:
            continue
        place = places.get(message.chat_id)
        if place is None:
            place = places[message.chat_id] = chats.place(connection, message.chat_id)
        events.append(MessageAdded(message, place) if kept.new else MessageChanged(message, place))
    return events


def message_removed(connection: sqlite3.Connection, message_id: str, *, at: datetime) -> list[Event]:
    """The server deleted a message this cache keeps: it stays where it was, marked deleted, as
    the desk shows a deleted message. Told once."""
    if not messages.exists(connection, message_id):
        return []
    if messages.message_by_id(connection, message_id).deleted_at is not None:
        return []
    messages.delete(connection, message_id, at=at, by=None)
    stored = messages.message_by_id(connection, message_id)
    return [MessageChanged(stored, chats.place(connection, stored.chat_id))]


def message_acknowledged(connection: sqlite3.Connection, message: Message) -> list[Event]:
    """The server has a message written here (the outbox sent it): it is no longer pending, and
    carries the server's time. Told as a change of the message."""
    told = message_arrived(connection, message)
    if told or not messages.exists(connection, message.id):
        return told
    stored = messages.message_by_id(connection, message.id)
    return [MessageChanged(stored, chats.place(connection, message.chat_id))]


def history_said(connection: sqlite3.Connection, said: Said) -> list[Event]:
    """What a chat's system message records, kept the first time the message arrives: the
    closing comment, or a transfer in the chat's transfer history."""
    if not cache.chat_kept(connection, said.chat_id):
        return []
    if isinstance(said, ClosingComment):
        cache.keep_close_comment(connection, said.chat_id, said.comment)
        return []

    def known(who: Who) -> str:
        return cache.user_id(connection, user_id=who.id, username=who.username)

    chats.record_transfer(connection, said.chat_id, Transfer(
        at=said.at, by_id=known(said.by),
        from_agent_id=known(said.from_agent) if said.from_agent is not None else None,
        to_agent_id=known(said.to_agent) if said.to_agent is not None else None,
        to_department_id=said.to_department_id, comment=said.comment))
    return []


def rooms_moved(connection: sqlite3.Connection, moved: list[tuple[str, str]]) -> list[Event]:
    """Rooms now in another department (what the user's subscriptions say of them)."""
    for chat_id, department_id in moved:
        if cache.chat_kept(connection, chat_id):
            cache.keep_department_of(connection, chat_id, department_id)
    return []


def room_out_of_sight(connection: sqlite3.Connection, chat_id: str, user_id: str) -> list[Event]:
    """The user's chat left them where they can no longer see it (Rocket.Chat removed their
    subscription and will not show them the room: moved to another department's queue): it is
    kept as waiting for someone else, and told as no longer theirs."""
    before = _chat_or_none(connection, chat_id)
    if before is None or before.served_by_id != user_id or before.status not in _ACTIVE:
        return []
    connection.execute("UPDATE chats SET served_by = NULL, status = 'queued' WHERE id = ?", (chat_id,))
    return [ChatUnassigned(chat_id, user_id, chats.place(connection, chat_id), previous_place=before.place)]


class _Before:
    __slots__ = ("department_id", "place", "priority", "served_by_id", "status", "tags", "topic")

    def __init__(self, chat: Chat, place: ChatPlace) -> None:
        self.place = place
        self.status = chat.status
        self.served_by_id = chat.served_by_id
        self.department_id = chat.department_id
        self.topic = chat.topic
        self.tags = chat.tags
        self.priority = chat.priority


def _chat_or_none(connection: sqlite3.Connection, chat_id: str) -> _Before | None:
    if not cache.chat_kept(connection, chat_id):
        return None
    return _Before(chats.chat(connection, chat_id), chats.place(connection, chat_id))
