"""A server's desk kept on this computer: what the server sent, written into the same store the
embedded desk uses, so the desk's queries (app.backends.store_desk) read it the same way.

Everything here is idempotent (the same payload kept twice changes nothing) and tolerant of order:
a chat may arrive before its agent, an inquiry before its chat, a message before its chat's
department. Rows a payload only mentions (the agent serving a chat, the chat's visitor and
contact) are kept as placeholders named by their id until their own payload arrives.

Functions take a connection inside the caller's write transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.domain import (
    Agent,
    Chat,
    ChatStatus,
    Department,
    Inquiry,
    Message,
    Unit,
)
from app.domain.message import AuthorKind
from app.store.rows import from_ms, tags_to_json, to_ms

# How much of a message a chat's row keeps as its last message (the list's preview).
_PREVIEW_CHARS = 200


# -- how far each collection was read ------------------------------------------------------------

def last_update(connection: sqlite3.Connection, what: str) -> datetime | None:
    """The newest `_updatedAt` kept of `what` ('rooms', 'inquiries', 'messages:<rid>', ...): a
    sync asks the server for what changed after it. None before the first sync."""
    row = connection.execute("SELECT updated_at FROM server_sync WHERE what = ?", (what,)).fetchone()
    return None if row is None else from_ms(row[0])


def marks(connection: sqlite3.Connection, prefix: str) -> dict[str, datetime]:
    """Every mark whose name starts with `prefix` ('messages:'), by the rest of its name."""
    rows = connection.execute(
        "SELECT what, updated_at FROM server_sync WHERE substr(what, 1, ?) = ?", (len(prefix), prefix))
    return {str(what)[len(prefix):]: from_ms(at) for what, at in rows}


def mark_update(connection: sqlite3.Connection, what: str, at: datetime) -> None:
    """`what` is kept up to `at`; an older mark (a late answer) never moves it back."""
    connection.execute(
        "INSERT INTO server_sync (what, updated_at) VALUES (?, ?) "
        "ON CONFLICT (what) DO UPDATE SET updated_at = max(updated_at, excluded.updated_at)",
        (what, to_ms(at)),
    )


# -- the organisation ----------------------------------------------------------------------------

def keep_units(connection: sqlite3.Connection, units: Sequence[Unit]) -> None:
    """Units as the server has them; their departments point back to them."""
    for unit in units:
        connection.execute(
            "INSERT INTO units (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
            (unit.id, unit.name),
        )
        connection.execute("DELETE FROM unit_monitors WHERE unit_id = ?", (unit.id,))
        for monitor_id in unit.monitor_ids:
            _ensure_user(connection, monitor_id)
            connection.execute("INSERT OR IGNORE INTO unit_monitors (unit_id, user_id) VALUES (?, ?)",
                               (unit.id, monitor_id))
        for department_id in unit.department_ids:
            _ensure_department(connection, department_id)
            connection.execute("UPDATE departments SET unit_id = ? WHERE id = ?", (unit.id, department_id))


def keep_departments(connection: sqlite3.Connection, departments: Sequence[Department], *,
                     complete: bool = False) -> None:
    """Departments as the server has them. `complete`: these are all of them, so any other kept
    here was removed on the server (its chats keep their history, without a department)."""
    for department in departments:
        if department.unit_id is not None:
            connection.execute("INSERT OR IGNORE INTO units (id, name) VALUES (?, ?)",
                               (department.unit_id, department.unit_id))
        if department.fallback_department_id is not None:
            _ensure_department(connection, department.fallback_department_id)
        connection.execute(
            "INSERT INTO departments (id, name, enabled, unit_id, business_hours_id, max_chats_per_agent, "
            "fallback_department_id) VALUES (?, ?, ?, ?, NULL, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, enabled = excluded.enabled, "
            "unit_id = excluded.unit_id, max_chats_per_agent = excluded.max_chats_per_agent, "
            "fallback_department_id = excluded.fallback_department_id",
            (department.id, department.name, int(department.enabled), department.unit_id,
             department.max_chats_per_agent, department.fallback_department_id),
        )
    if complete:
        kept = json.dumps([department.id for department in departments])
        connection.execute("DELETE FROM departments WHERE id NOT IN (SELECT value FROM json_each(?))",
                           (kept,))


def keep_agents(connection: sqlite3.Connection, agents: Sequence[Agent]) -> None:
    """Agents with their presence, limit and departments (in the order given)."""
    for agent in agents:
        connection.execute(
            "INSERT INTO users (id, username, name, is_agent, status, availability, max_chats) "
            "VALUES (?, ?, ?, 1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET username = excluded.username, "
            "name = excluded.name, is_agent = 1, status = excluded.status, "
            "availability = excluded.availability, max_chats = excluded.max_chats",
            (agent.id, agent.username, agent.name, agent.status.value, agent.availability.value,
             agent.max_chats),
        )
        connection.execute("DELETE FROM department_agents WHERE user_id = ?", (agent.id,))
        for order, department_id in enumerate(agent.department_ids):
            _ensure_department(connection, department_id)
            connection.execute(
                "INSERT INTO department_agents (department_id, user_id, sort_order) VALUES (?, ?, ?)",
                (department_id, agent.id, order),
            )


# -- chats, the queue, messages ------------------------------------------------------------------

def keep_chat(connection: sqlite3.Connection, chat: Chat) -> None:
    """A room as the server has it now (its status, agent, department, tags, topic...)."""
    _ensure_visitor(connection, chat.visitor_id, chat.visitor_name, chat.contact_id, chat.channel.value,
                    chat.created_at)
    if chat.served_by_id is not None:
        _ensure_user(connection, chat.served_by_id)
    if chat.department_id is not None:
        _ensure_department(connection, chat.department_id)
    connection.execute(
        "INSERT INTO chats (id, visitor_id, contact_id, department_id, status, served_by, topic, created_at, "
        "last_message_at, closed_at, close_comment, tags, priority) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET visitor_id = excluded.visitor_id, contact_id = excluded.contact_id, "
        "department_id = excluded.department_id, status = excluded.status, served_by = excluded.served_by, "
        "topic = excluded.topic, closed_at = excluded.closed_at, "
        # Rocket.Chat keeps a closing comment in the chat's livechat-close message, not in the room
        # (keep_close_comment): a room read again must not erase it.
        "close_comment = CASE WHEN excluded.close_comment != '' THEN excluded.close_comment "
        "ELSE chats.close_comment END, "
        "tags = excluded.tags, priority = excluded.priority, "
        "last_message_at = max(coalesce(chats.last_message_at, 0), coalesce(excluded.last_message_at, 0))",
        (chat.id, chat.visitor_id, chat.contact_id, chat.department_id, chat.status.value,
         chat.served_by_id, chat.topic, to_ms(chat.created_at),
         None if chat.last_message_at is None else to_ms(chat.last_message_at),
         None if chat.closed_at is None else to_ms(chat.closed_at), chat.close_comment,
         tags_to_json(chat.tags), int(chat.priority)),
    )
    if chat.status is not ChatStatus.QUEUED:
        # Taken, closed or on hold: it waits in no queue any more.
        connection.execute("DELETE FROM inquiries WHERE chat_id = ?", (chat.id,))


def keep_department_of(connection: sqlite3.Connection, chat_id: str, department_id: str) -> None:
    _ensure_department(connection, department_id)
    connection.execute("UPDATE chats SET department_id = ? WHERE id = ?", (department_id, chat_id))


def keep_close_comment(connection: sqlite3.Connection, chat_id: str, comment: str) -> None:
    """The comment the chat was closed with (its livechat-close message)."""
    connection.execute("UPDATE chats SET close_comment = ? WHERE id = ?", (comment, chat_id))


def user_id(connection: sqlite3.Connection, *, user_id: str | None, username: str) -> str:
    """The id of a user a payload names by username (and perhaps id): the id given, else the one
    kept for the username, else the username itself (until the user's own payload arrives)."""
    if user_id:
        return user_id
    row = connection.execute("SELECT id FROM users WHERE username = ?", (username,)).fetchone()
    return username if row is None else str(row[0])


def keep_inquiry(connection: sqlite3.Connection, inquiry: Inquiry) -> None:
    """A waiting inquiry (Rocket.Chat's `queued`): shown in the queue of its department."""
    _ensure_visitor(connection, inquiry.visitor_id, inquiry.visitor_name, inquiry.contact_id,
                    inquiry.channel.value, inquiry.queued_at)
    if inquiry.department_id is not None:
        _ensure_department(connection, inquiry.department_id)
    connection.execute(
        "INSERT INTO chats (id, visitor_id, contact_id, department_id, status, created_at, priority) "
        "VALUES (?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT (id) DO UPDATE SET status = 'queued', "
        "department_id = excluded.department_id, served_by = NULL, priority = excluded.priority",
        (inquiry.chat_id, inquiry.visitor_id, inquiry.contact_id, inquiry.department_id,
         to_ms(inquiry.queued_at), int(inquiry.priority)),
    )
    connection.execute(
        "INSERT INTO inquiries (id, chat_id, department_id, priority, queued_at, sla_due_at, preview) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET department_id = excluded.department_id, "
        "priority = excluded.priority, queued_at = excluded.queued_at, sla_due_at = excluded.sla_due_at, "
        "preview = CASE WHEN excluded.preview != '' THEN excluded.preview ELSE inquiries.preview END",
        (inquiry.id, inquiry.chat_id, inquiry.department_id, int(inquiry.priority), to_ms(inquiry.queued_at),
         None if inquiry.sla_due_at is None else to_ms(inquiry.sla_due_at), inquiry.preview[:_PREVIEW_CHARS]),
    )


def chat_kept(connection: sqlite3.Connection, chat_id: str) -> bool:
    return connection.execute("SELECT 1 FROM chats WHERE id = ?", (chat_id,)).fetchone() is not None


def inquiry_of_chat(connection: sqlite3.Connection, chat_id: str) -> str | None:
    """The id of the inquiry kept for the chat while it waits; None when none is."""
    row = connection.execute("SELECT id FROM inquiries WHERE chat_id = ?", (chat_id,)).fetchone()
    return None if row is None else str(row[0])


def chat_of_inquiry(connection: sqlite3.Connection, inquiry_id: str) -> str | None:
    row = connection.execute("SELECT chat_id FROM inquiries WHERE id = ?", (inquiry_id,)).fetchone()
    return None if row is None else str(row[0])


def inquiry_ids(connection: sqlite3.Connection) -> set[str]:
    """Every inquiry kept as waiting."""
    return {str(row[0]) for row in connection.execute("SELECT id FROM inquiries")}


def active_chats_of(connection: sqlite3.Connection, agent_id: str) -> set[str]:
    """The chats kept as open or on hold with `agent_id` serving them."""
    rows = connection.execute(
        "SELECT id FROM chats WHERE served_by = ? AND status IN ('open', 'on_hold')", (agent_id,))
    return {str(row[0]) for row in rows}


def forget_inquiry(connection: sqlite3.Connection, inquiry_id: str) -> None:
    """The inquiry left the queue (taken, or removed on the server)."""
    connection.execute("DELETE FROM inquiries WHERE id = ?", (inquiry_id,))


@dataclass(frozen=True, slots=True)
class Kept:
    """What keeping a message did: `new` (it was not here), `changed` (its text, edit or deletion
    differ from what was kept). Neither: the same payload again, nothing to tell anyone."""

    new: bool
    changed: bool


def keep_message(connection: sqlite3.Connection, message: Message) -> Kept:
    """A message of a chat kept here, as the server has it now (an edit or deletion replaces
    what was kept). A message of a chat not kept here is ignored: it is none of this desk's."""
    return keep_messages(connection, [message])[0]


def keep_messages(connection: sqlite3.Connection, messages: Sequence[Message]) -> list[Kept]:
    """`keep_message` for each of `messages` in order, with the same outcomes and the same rows,
    for a batch (a room's history, a stream's pending events): each chat's row (its count and
    last message) is brought up to date once for all its new messages."""
    outcomes: list[Kept] = []
    kept_chats: dict[str, bool] = {}
    added: dict[str, list[Message]] = {}
    for message in messages:
        row = connection.execute(
            "SELECT text, edited_at, deleted_at FROM messages WHERE uid = ?", (message.id,)
        ).fetchone()
        edited_at = None if message.edited_at is None else to_ms(message.edited_at)
        deleted_at = None if message.deleted_at is None else to_ms(message.deleted_at)
        if row is not None:
            if (row[0], row[1], row[2]) == (message.text, edited_at, deleted_at):
                outcomes.append(Kept(new=False, changed=False))
                continue
            connection.execute(
                "UPDATE messages SET text = ?, edited_at = ?, edited_by = ?, deleted_at = ? WHERE uid = ?",
                (message.text, edited_at, message.edited_by, deleted_at, message.id),
            )
            outcomes.append(Kept(new=False, changed=True))
            continue
        chat_id = message.chat_id
        if chat_id not in kept_chats:
            kept_chats[chat_id] = chat_kept(connection, chat_id)
        if not kept_chats[chat_id]:
            outcomes.append(Kept(new=False, changed=False))
            continue
        note = message.author_kind is AuthorKind.NOTE
        # Notes are stored as the desk stores them: system rows of kind 'note' (app.store.messages).
        kind, stored_kind = ("note", AuthorKind.SYSTEM.value) if note else ("text", message.author_kind.value)
        attachment = None if note else message.attachment
        if attachment is not None:
            kind = "file"
        cursor = connection.execute(
            "INSERT INTO messages (uid, chat_id, author_kind, author_id, author_name, text, sent_at, kind, "
            "edited_at, edited_by, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (message.id, chat_id, stored_kind, message.author_id, message.author_name, message.text,
             to_ms(message.sent_at), kind, edited_at, message.edited_by, deleted_at),
        )
        if attachment is not None:
            # The file a message carries (its id: Rocket.Chat's, as payloads/file_ids.py writes it);
            # one already kept with another message stays with that one.
            connection.execute(
                "INSERT OR IGNORE INTO attachments (id, message_id, name, media_type, size, width, height) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (attachment.id, cursor.lastrowid, attachment.name, attachment.media_type, attachment.size,
                 attachment.width, attachment.height),
            )
        added.setdefault(chat_id, []).append(message)
        outcomes.append(Kept(new=True, changed=True))
    for chat_id, new in added.items():
        # As if each had been counted in turn: the last message is the last one given of those
        # sent latest, when it is not older than the one the chat has.
        newest = max(reversed(new), key=lambda m: to_ms(m.sent_at))
        sent_at = to_ms(newest.sent_at)
        connection.execute(
            "UPDATE chats SET message_count = message_count + ?, "
            "last_message = CASE WHEN ? >= coalesce(last_message_at, 0) THEN ? ELSE last_message END, "
            "last_message_at = max(coalesce(last_message_at, 0), ?) WHERE id = ?",
            (len(new), sent_at, newest.summary[:_PREVIEW_CHARS], sent_at, chat_id),
        )
    return outcomes


# -- placeholders --------------------------------------------------------------------------------

def _ensure_user(connection: sqlite3.Connection, user_id: str) -> None:
    # Named by its id until the agent's own payload arrives (usernames are unique: so are ids).
    connection.execute(
        "INSERT OR IGNORE INTO users (id, username, name) VALUES (?, ?, ?)", (user_id, f"@{user_id}", user_id)
    )


def _ensure_department(connection: sqlite3.Connection, department_id: str) -> None:
    connection.execute(
        "INSERT OR IGNORE INTO departments (id, name) VALUES (?, ?)", (department_id, department_id)
    )


def _ensure_visitor(connection: sqlite3.Connection, visitor_id: str, name: str, contact_id: str,
                    channel: str, seen_at: datetime) -> None:
    connection.execute(
        "INSERT OR IGNORE INTO contacts (id, name, created_at, sort_name) VALUES (?, ?, ?, ?)",
        (contact_id, name, to_ms(seen_at), name.casefold()),
    )
    connection.execute(
        "INSERT INTO visitors (id, contact_id, name, channel, address, created_at) "
        "VALUES (?, ?, ?, ?, '', ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, contact_id = excluded.contact_id",
        (visitor_id, contact_id, name, channel, to_ms(seen_at)),
    )


# -- the outbox: messages written while the server could not be reached -------------------------

@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message waiting to be sent, in the order it was written (`seq`)."""

    seq: int
    message_id: str
    chat_id: str
    text: str
    tries: int


def time_after_last_message(connection: sqlite3.Connection, chat_id: str, now: datetime) -> datetime:
    """`now`, or just after the chat's newest message when that is later (the server's clock runs
    ahead of this one): a message written now is shown after what was on screen."""
    row = connection.execute("SELECT max(sent_at) FROM messages WHERE chat_id = ?", (chat_id,)).fetchone()
    if row is None or row[0] is None or row[0] < to_ms(now):
        return now
    return from_ms(row[0] + 1)


def queue_message(connection: sqlite3.Connection, message: Message) -> None:
    """Keep a message the user wrote (shown in its chat at once) and queue it to be sent with its
    own id: sent twice, the server keeps it once."""
    kept = keep_message(connection, message)
    if not kept.new:
        raise ValueError(f"message {message.id} is already kept")  # ids are fresh: a caller's bug
    connection.execute(
        "INSERT INTO outbox (message_uid, chat_id, text, queued_at) VALUES (?, ?, ?, ?)",
        (message.id, message.chat_id, message.text, to_ms(message.sent_at)),
    )


def unsent(connection: sqlite3.Connection) -> dict[str, str]:
    """The messages written here the server does not have yet, by id: '' while they wait, the
    reason when the server refused them."""
    return {str(uid): str(reason) for uid, reason in
            connection.execute("SELECT message_uid, refused FROM outbox")}


def outgoing(connection: sqlite3.Connection) -> list[Outgoing]:
    """The messages still to send, oldest first (those the server refused are not)."""
    rows = connection.execute(
        "SELECT seq, message_uid, chat_id, text, tries FROM outbox WHERE refused = '' ORDER BY seq"
    ).fetchall()
    return [Outgoing(*row) for row in rows]


def note_try(connection: sqlite3.Connection, message_id: str) -> None:
    """A send of the message was attempted (its answer may have been lost)."""
    connection.execute("UPDATE outbox SET tries = tries + 1 WHERE message_uid = ?", (message_id,))


def sent(connection: sqlite3.Connection, message_id: str, *, at: datetime | None = None) -> None:
    """The server has the message: it waits no more; `at` is the time the server gave it."""
    connection.execute("DELETE FROM outbox WHERE message_uid = ?", (message_id,))
    if at is not None:
        connection.execute("UPDATE messages SET sent_at = ? WHERE uid = ?", (to_ms(at), message_id))


def refused(connection: sqlite3.Connection, message_id: str, reason: str) -> None:
    """The server will never take the message (the chat was closed meanwhile...): it stays where
    it was written, marked with why, and is not sent again."""
    connection.execute("UPDATE outbox SET refused = ? WHERE message_uid = ?",
                       (reason or "refused", message_id))
