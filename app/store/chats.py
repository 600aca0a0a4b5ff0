"""Repository for chats, the inquiries that queue them, and their transfer history."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from app.contacts.blocking import BLOCKED_SQL
from app.domain import Channel, Chat, ChatPlace, ChatStatus, ChatSummary, Inquiry, Priority, Transfer
from app.errors import NotFound
from app.policy import Scope
from app.store import scope as visible
from app.store.rows import (
    from_ms,
    from_ms_or_none,
    tags_from_json,
    tags_to_json,
    to_ms,
    to_ms_or_none,
)

# -- inquiries ------------------------------------------------------------------------------

_INQUIRY_SELECT = (
    "SELECT i.id, i.chat_id, c.visitor_id, v.name, c.contact_id, v.channel, i.department_id, "
    "i.priority, i.queued_at, i.sla_due_at, i.preview, " + BLOCKED_SQL + " "
    # The queue first (CROSS JOIN keeps that order): the scope's OR of conditions on the chat
    # would otherwise make SQLite scan every chat ever held to find the few waiting.
    "FROM inquiries i CROSS JOIN chats c ON c.id = i.chat_id JOIN visitors v ON v.id = c.visitor_id "
    "JOIN contacts k ON k.id = c.contact_id"
)


def _inquiry(row: tuple) -> Inquiry:  # type: ignore[type-arg]
    return Inquiry(
        id=row[0], chat_id=row[1], visitor_id=row[2], visitor_name=row[3], contact_id=row[4],
        channel=Channel(row[5]), department_id=row[6], priority=Priority(row[7]),
        queued_at=from_ms(row[8]), sla_due_at=from_ms_or_none(row[9]), preview=row[10],
        blocked=row[11],
    )


def queued_inquiries(connection: sqlite3.Connection, scope: Scope) -> list[Inquiry]:
    """Waiting inquiries the scope shows, oldest first (in the order they arrived when they came
    in the same millisecond: routing's order, not their random ids')."""
    rows = connection.execute(
        _INQUIRY_SELECT + " WHERE " + visible.visible_chat("c") + " ORDER BY i.queued_at, i.sequence, i.id",
        visible.parameters(scope),
    )
    return [_inquiry(row) for row in rows]


def all_queued_inquiries(connection: sqlite3.Connection) -> list[Inquiry]:
    """Every waiting inquiry, oldest first: what routing rebuilds its queue from."""
    rows = connection.execute(_INQUIRY_SELECT + " ORDER BY i.queued_at, i.sequence, i.id")
    return [_inquiry(row) for row in rows]


def inquiry(connection: sqlite3.Connection, inquiry_id: str) -> Inquiry:
    row = connection.execute(_INQUIRY_SELECT + " WHERE i.id = ?", (inquiry_id,)).fetchone()
    if row is None:
        raise NotFound("This inquiry is no longer in the queue: someone else has taken it or it closed.",
                       code="inquiry-gone")
    return _inquiry(row)


def insert_inquiry(connection: sqlite3.Connection, inquiry: Inquiry) -> None:
    connection.execute(
        "INSERT INTO inquiries (id, chat_id, department_id, priority, queued_at, sla_due_at, preview) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (inquiry.id, inquiry.chat_id, inquiry.department_id, int(inquiry.priority),
         to_ms(inquiry.queued_at), to_ms_or_none(inquiry.sla_due_at), inquiry.preview),
    )


def fill_preview(connection: sqlite3.Connection, chat_id: str, preview: str) -> Inquiry | None:
    """The waiting chat's first words, when its inquiry was queued before any (a website visitor
    opens the room, then writes): the inquiry as it is now, or None when it is not waiting or
    already has a preview."""
    row = connection.execute(
        "UPDATE inquiries SET preview = ? WHERE chat_id = ? AND preview = '' RETURNING id",
        (preview, chat_id),
    ).fetchone()
    return None if row is None else inquiry(connection, str(row[0]))


def move_to_line(connection: sqlite3.Connection, chat_id: str, inquiry_id: str,
                 department_id: str | None) -> None:
    """A waiting chat (and its inquiry) now waits in `department_id`'s line (a fallback)."""
    connection.execute("UPDATE chats SET department_id = ? WHERE id = ?", (department_id, chat_id))
    connection.execute("UPDATE inquiries SET department_id = ? WHERE id = ?", (department_id, inquiry_id))


def delete_inquiry(connection: sqlite3.Connection, inquiry_id: str) -> None:
    connection.execute("DELETE FROM inquiries WHERE id = ?", (inquiry_id,))


def inquiry_for_chat(connection: sqlite3.Connection, chat_id: str) -> str | None:
    row = connection.execute("SELECT id FROM inquiries WHERE chat_id = ?", (chat_id,)).fetchone()
    return None if row is None else str(row[0])


# -- chats ----------------------------------------------------------------------------------

_CHAT_SELECT = (
    "SELECT c.id, c.visitor_id, v.name, c.contact_id, v.channel, c.department_id, c.status, "
    "c.served_by, c.created_at, c.last_message_at, c.closed_at, c.close_comment, c.tags, c.topic, "
    "c.priority, d.unit_id "
    "FROM chats c JOIN visitors v ON v.id = c.visitor_id "
    "LEFT JOIN departments d ON d.id = c.department_id"
)


def place(connection: sqlite3.Connection, chat_id: str) -> ChatPlace:
    """Where the chat stands now: what the policy needs to decide about it."""
    row = connection.execute(
        "SELECT c.id, c.department_id, d.unit_id, c.served_by, c.status, c.contact_id FROM chats c "
        "LEFT JOIN departments d ON d.id = c.department_id WHERE c.id = ?",
        (chat_id,),
    ).fetchone()
    if row is None:
        raise NotFound("This chat does not exist (any more).", code="chat-unknown")
    return ChatPlace(row[0], row[1], row[2], row[3], ChatStatus(row[4]), row[5])


def waiting_place(connection: sqlite3.Connection, inquiry: Inquiry) -> ChatPlace:
    """Where an inquiry waits: its department's line (and that department's unit)."""
    row = connection.execute(
        "SELECT unit_id FROM departments WHERE id = ?", (inquiry.department_id,)
    ).fetchone()
    return ChatPlace(inquiry.chat_id, inquiry.department_id, None if row is None else row[0], None,
                     ChatStatus.QUEUED, inquiry.contact_id)


def mark_verified(connection: sqlite3.Connection, chat_id: str) -> None:
    """The chat's visitor proved their channel (Rocket.Chat's room `verified`)."""
    connection.execute("UPDATE chats SET verified = 1 WHERE id = ?", (chat_id,))


def take_block(connection: sqlite3.Connection, chat_id: str) -> str:
    """Why no agent may take the chat now under the contact-blocking settings ('' if none)."""
    row = connection.execute(
        "SELECT " + BLOCKED_SQL + " FROM chats c JOIN visitors v ON v.id = c.visitor_id "
        "JOIN contacts k ON k.id = c.contact_id WHERE c.id = ?",
        (chat_id,),
    ).fetchone()
    return "" if row is None else str(row[0])


def serves_contact(connection: sqlite3.Connection, user_id: str, contact_id: str) -> bool:
    """Whether the user serves an open or on-hold chat of the contact now."""
    row = connection.execute(
        "SELECT EXISTS (SELECT 1 FROM chats WHERE served_by = ? AND contact_id = ? "
        "AND status IN ('open', 'on_hold'))",
        (user_id, contact_id),
    ).fetchone()
    return bool(row[0])


def chat(connection: sqlite3.Connection, chat_id: str) -> Chat:
    row = connection.execute(_CHAT_SELECT + " WHERE c.id = ?", (chat_id,)).fetchone()
    if row is None:
        raise NotFound("This chat does not exist (any more).", code="chat-unknown")
    transfers = tuple(
        Transfer(at=from_ms(t[0]), by_id=t[1], from_agent_id=t[2], to_agent_id=t[3],
                 to_department_id=t[4], comment=t[5])
        for t in connection.execute(
            "SELECT at, by_id, from_agent_id, to_agent_id, to_department_id, comment "
            "FROM transfers WHERE chat_id = ? ORDER BY at, id",
            (chat_id,),
        )
    )
    return Chat(
        id=row[0], visitor_id=row[1], visitor_name=row[2], contact_id=row[3],
        channel=Channel(row[4]), department_id=row[5], status=ChatStatus(row[6]),
        served_by_id=row[7], created_at=from_ms(row[8]), last_message_at=from_ms_or_none(row[9]),
        closed_at=from_ms_or_none(row[10]), close_comment=row[11], tags=tags_from_json(row[12]),
        topic=row[13], transfers=transfers, priority=Priority(row[14]), unit_id=row[15],
    )


def update_info(connection: sqlite3.Connection, chat_id: str, *, topic: str, tags: tuple[str, ...],
                priority: Priority) -> None:
    connection.execute(
        "UPDATE chats SET topic = ?, tags = ?, priority = ? WHERE id = ?",
        (topic, tags_to_json(tags), int(priority), chat_id),
    )


def keep_priority(connection: sqlite3.Connection, chat_id: str, inquiry_id: str) -> None:
    """The chat keeps the priority its inquiry had in the queue."""
    connection.execute(
        "UPDATE chats SET priority = (SELECT priority FROM inquiries WHERE id = ?1) WHERE id = ?2",
        (inquiry_id, chat_id),
    )


def insert_chat(connection: sqlite3.Connection, chat: Chat) -> None:
    connection.execute(
        "INSERT INTO chats (id, visitor_id, contact_id, department_id, status, served_by, topic, "
        "created_at, last_message_at, closed_at, close_comment, tags) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (chat.id, chat.visitor_id, chat.contact_id, chat.department_id, chat.status.value,
         chat.served_by_id, chat.topic, to_ms(chat.created_at), to_ms_or_none(chat.last_message_at),
         to_ms_or_none(chat.closed_at), chat.close_comment, tags_to_json(chat.tags)),
    )


def assign_chat(connection: sqlite3.Connection, chat_id: str, agent_id: str) -> None:
    connection.execute(
        "UPDATE chats SET served_by = ?, status = 'open' WHERE id = ?", (agent_id, chat_id)
    )


def requeue_chat(connection: sqlite3.Connection, chat_id: str, department_id: str | None) -> None:
    connection.execute(
        "UPDATE chats SET served_by = NULL, status = 'queued', department_id = ? WHERE id = ?",
        (department_id, chat_id),
    )


def close_chat(
    connection: sqlite3.Connection, chat_id: str, *, at: datetime, comment: str, tags: tuple[str, ...]
) -> None:
    connection.execute(
        "UPDATE chats SET status = 'closed', closed_at = ?, close_comment = ?, tags = ? WHERE id = ?",
        (to_ms(at), comment, tags_to_json(tags), chat_id),
    )


def record_transfer(connection: sqlite3.Connection, chat_id: str, transfer: Transfer) -> None:
    connection.execute(
        "INSERT INTO transfers (chat_id, at, by_id, from_agent_id, to_agent_id, to_department_id, "
        "comment) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (chat_id, to_ms(transfer.at), transfer.by_id, transfer.from_agent_id, transfer.to_agent_id,
         transfer.to_department_id, transfer.comment),
    )


def move_chat(
    connection: sqlite3.Connection, chat_id: str, *, agent_id: str | None, department_id: str | None
) -> None:
    connection.execute(
        "UPDATE chats SET served_by = ?, department_id = ? WHERE id = ?",
        (agent_id, department_id, chat_id),
    )


def open_chat_count(
    connection: sqlite3.Connection, agent_id: str, department_id: str | None = None
) -> int:
    """Chats that load the agent (in one department if given): open ones, since on-hold chats
    do not count, as in Rocket.Chat."""
    row = connection.execute(
        "SELECT count(*) FROM chats WHERE served_by = ?1 AND status = 'open' "
        "AND (?2 IS NULL OR department_id = ?2)",
        (agent_id, department_id),
    ).fetchone()
    return int(row[0])


# -- chat lists -----------------------------------------------------------------------------

_SUMMARY_SELECT = (
    "SELECT c.id, v.name, c.contact_id, v.channel, c.department_id, c.status, c.served_by, "
    "u.name, c.created_at, c.closed_at, c.tags, c.last_message, c.message_count, d.unit_id "
    "FROM chats c JOIN visitors v ON v.id = c.visitor_id LEFT JOIN users u ON u.id = c.served_by "
    "LEFT JOIN departments d ON d.id = c.department_id"
)


def _summary(row: tuple) -> ChatSummary:  # type: ignore[type-arg]
    return ChatSummary(
        id=row[0], visitor_name=row[1], contact_id=row[2], channel=Channel(row[3]),
        department_id=row[4], status=ChatStatus(row[5]), served_by_id=row[6],
        served_by_name=row[7], created_at=from_ms(row[8]), closed_at=from_ms_or_none(row[9]),
        tags=tags_from_json(row[10]), last_message=row[11],
        message_count=row[12], unit_id=row[13],
    )


def chat_summary(connection: sqlite3.Connection, chat_id: str) -> ChatSummary:
    row = connection.execute(_SUMMARY_SELECT + " WHERE c.id = ?", (chat_id,)).fetchone()
    if row is None:
        raise NotFound("This chat does not exist (any more).", code="chat-unknown")
    return _summary(row)


def active_chats_served_by(connection: sqlite3.Connection, agent_id: str) -> list[ChatSummary]:
    rows = connection.execute(
        _SUMMARY_SELECT
        + " WHERE c.served_by = ? AND c.status IN ('open', 'on_hold') ORDER BY c.created_at, c.id",
        (agent_id,),
    )
    return [_summary(row) for row in rows]


def contact_history(
    connection: sqlite3.Connection, contact_id: str, scope: Scope, *, limit: int = 500
) -> list[ChatSummary]:
    """The contact's chats the scope shows, across channels, newest first (closed ones by close
    time)."""
    rows = connection.execute(
        _SUMMARY_SELECT
        + " WHERE c.contact_id = :contact AND " + visible.visible_chat("c")
        + " ORDER BY coalesce(c.closed_at, c.created_at) DESC, c.id LIMIT :limit",
        {"contact": contact_id, "limit": limit, **visible.parameters(scope)},
    )
    return [_summary(row) for row in rows]


def contact_history_matching(
    connection: sqlite3.Connection, contact_id: str, fts_query: str, scope: Scope, *, limit: int = 500
) -> list[ChatSummary]:
    """The contact's visible chats with a message matching `fts_query`, newest first."""
    rows = connection.execute(
        _SUMMARY_SELECT
        + " WHERE c.contact_id = :contact AND " + visible.visible_chat("c") + " AND c.id IN ("
        "   SELECT m.chat_id FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
        "   WHERE messages_fts MATCH :query) "
        "ORDER BY coalesce(c.closed_at, c.created_at) DESC, c.id LIMIT :limit",
        {"contact": contact_id, "query": fts_query, "limit": limit, **visible.parameters(scope)},
    )
    return [_summary(row) for row in rows]


def insert_closed_many(
    connection: sqlite3.Connection,
    rows: list[tuple[str, str, str, str | None, str, int, int, int, str, str]],
) -> None:
    """Bulk insert closed chats: (id, visitor_id, contact_id, department_id, served_by,
    created_at_ms, last_message_at_ms, closed_at_ms, close_comment, tags_json)."""
    connection.executemany(
        "INSERT INTO chats (id, visitor_id, contact_id, department_id, status, served_by, "
        "created_at, last_message_at, closed_at, close_comment, tags) "
        "VALUES (?, ?, ?, ?, 'closed', ?, ?, ?, ?, ?, ?)",
        rows,
    )


def active_chat_states(connection: sqlite3.Connection) -> list[tuple[str, str, str | None, str, datetime]]:
    """Every open or on-hold chat: (chat id, agent id, department id, status, created at)."""
    rows = connection.execute(
        "SELECT id, served_by, department_id, status, created_at FROM chats "
        "WHERE status IN ('open', 'on_hold') AND served_by IS NOT NULL ORDER BY created_at, id"
    )
    return [(row[0], row[1], row[2], row[3], from_ms(row[4])) for row in rows]


def set_status(connection: sqlite3.Connection, chat_id: str, status: ChatStatus) -> None:
    connection.execute("UPDATE chats SET status = ? WHERE id = ?", (status.value, chat_id))


def active_chat_of_visitor(connection: sqlite3.Connection, visitor_id: str) -> str | None:
    """The visitor's chat that is still going (queued, open or on hold), if any."""
    row = connection.execute(
        "SELECT id FROM chats WHERE visitor_id = ? AND status != 'closed' ORDER BY created_at DESC LIMIT 1",
        (visitor_id,),
    ).fetchone()
    return None if row is None else str(row[0])
