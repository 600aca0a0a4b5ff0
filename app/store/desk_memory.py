"""Repository for what each user's desk remembers across restarts: drafts, read positions and
the waiting inquiries they were told about. Everything is per user (`user_id`); which chats a
user may keep these for is the backend's to check."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from app.store.rows import ids_to_json, to_ms

_ACTIVE = "c.status IN ('open', 'on_hold')"

# -- drafts ---------------------------------------------------------------------------------


def save_draft(connection: sqlite3.Connection, user_id: str, chat_id: str, text: str, at: datetime) -> None:
    """Keep `text` as the user's draft in the chat; blank text removes the draft."""
    if not text.strip():
        forget_draft(connection, user_id, chat_id)
        return
    connection.execute(
        "INSERT INTO drafts (user_id, chat_id, text, saved_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (user_id, chat_id) DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at",
        (user_id, chat_id, text, to_ms(at)),
    )


def forget_draft(connection: sqlite3.Connection, user_id: str, chat_id: str) -> None:
    connection.execute("DELETE FROM drafts WHERE user_id = ? AND chat_id = ?", (user_id, chat_id))


def drafts(connection: sqlite3.Connection, user_id: str) -> dict[str, str]:
    """The user's drafts in the chats they serve now (open or on hold), by chat id. Drafts in
    chats that went to someone else or closed stay out of sight."""
    rows = connection.execute(
        "SELECT d.chat_id, d.text FROM drafts d JOIN chats c ON c.id = d.chat_id "
        f"WHERE d.user_id = ? AND c.served_by = d.user_id AND {_ACTIVE}",
        (user_id,),
    )
    return {str(chat_id): str(text) for chat_id, text in rows}


# -- read positions -------------------------------------------------------------------------


def mark_read(connection: sqlite3.Connection, user_id: str, chat_id: str, message_id: str,
              at: datetime) -> None:
    """The user has seen the chat up to `message_id`. A position never moves back: an older
    message (an answer arriving late) leaves a newer position as it is."""
    row = connection.execute("SELECT id FROM messages WHERE uid = ? AND chat_id = ?",
                             (message_id, chat_id)).fetchone()
    if row is None:
        return  # not a message of this chat (any more): nothing to remember
    connection.execute(
        "INSERT INTO read_positions (user_id, chat_id, message_id, read_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (user_id, chat_id) DO UPDATE SET message_id = excluded.message_id, "
        "read_at = excluded.read_at "
        "WHERE coalesce((SELECT m.id FROM messages m WHERE m.uid = read_positions.message_id), 0) < ?",
        (user_id, chat_id, message_id, to_ms(at), row[0]),
    )


def seen_by_serving_agents(connection: sqlite3.Connection) -> None:
    """Every open or on-hold chat read by its agent up to its last message (sample data)."""
    connection.execute(
        "INSERT OR REPLACE INTO read_positions (user_id, chat_id, message_id, read_at) "
        "SELECT c.served_by, c.id, m.uid, m.sent_at FROM chats c "
        "JOIN messages m ON m.id = (SELECT max(id) FROM messages WHERE chat_id = c.id) "
        f"WHERE c.served_by IS NOT NULL AND {_ACTIVE}"
    )


def unread_counts(connection: sqlite3.Connection, user_id: str) -> dict[str, int]:
    """Visitor messages after the user's read position in each chat they serve now (every one
    of a chat they never looked at); chats with none unread are left out."""
    rows = connection.execute(
        "SELECT c.id, (SELECT count(*) FROM messages m WHERE m.chat_id = c.id "
        "  AND m.author_kind = 'visitor' AND m.id > coalesce("
        "    (SELECT r.id FROM read_positions p JOIN messages r ON r.uid = p.message_id "
        "     WHERE p.user_id = c.served_by AND p.chat_id = c.id), 0)) "
        f"FROM chats c WHERE c.served_by = ? AND {_ACTIVE}",
        (user_id,),
    )
    return {str(chat_id): int(count) for chat_id, count in rows if count}


# -- announcements --------------------------------------------------------------------------


def announced(connection: sqlite3.Connection, user_id: str, inquiry_ids: Iterable[str]) -> set[str]:
    """Which of these inquiries the user was already told about."""
    rows = connection.execute(
        "SELECT a.inquiry_id FROM announced_inquiries a JOIN json_each(?) j ON j.value = a.inquiry_id "
        "WHERE a.user_id = ?",
        (ids_to_json(tuple(inquiry_ids)), user_id),
    )
    return {str(row[0]) for row in rows}


def mark_announced(connection: sqlite3.Connection, user_id: str, inquiry_ids: Iterable[str],
                   at: datetime) -> None:
    """The user was told about these inquiries; those no longer waiting are not remembered."""
    connection.execute(
        "INSERT OR IGNORE INTO announced_inquiries (user_id, inquiry_id, at) "
        "SELECT ?, i.id, ? FROM inquiries i JOIN json_each(?) j ON j.value = i.id",
        (user_id, to_ms(at), ids_to_json(tuple(inquiry_ids))),
    )
