"""Repository for messages and full-text search over them."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from datetime import datetime

from app.domain import AuthorKind, Message, SearchHit
from app.policy import Scope
from app.store import scope as visible
from app.store.rows import from_ms, to_ms

_MESSAGE_COLUMNS = "m.id, m.chat_id, m.author_kind, m.author_id, m.author_name, m.text, m.sent_at"

# Snippet markers: private-use characters that visitor text cannot meaningfully contain, so the
# UI can highlight a match without ever interpreting the text as markup.
MATCH_START = "\ue000"
MATCH_END = "\ue001"

_WORD = re.compile(r"\w+", re.UNICODE)


def _message(row: tuple) -> Message:  # type: ignore[type-arg]
    return Message(id=row[0], chat_id=row[1], author_kind=AuthorKind(row[2]), author_id=row[3],
                   author_name=row[4], text=row[5], sent_at=from_ms(row[6]))


def fts_query(text: str) -> str | None:
    """Turn what a user typed into a safe FTS5 query: every word must match, the last as a prefix.

    Each word is quoted, so FTS5 operators and punctuation in the input are never interpreted.
    Returns None when the text has no word to search for.
    """
    words = _WORD.findall(text)
    if not words:
        return None
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def messages(
    connection: sqlite3.Connection, chat_id: str, *, before_id: int | None = None, limit: int = 500
) -> list[Message]:
    """Up to `limit` messages of the chat before `before_id` (all when None), oldest first."""
    rows = connection.execute(
        f"SELECT {_MESSAGE_COLUMNS} FROM messages m WHERE m.chat_id = ?1 AND (?2 IS NULL OR m.id < ?2) "
        "ORDER BY m.id DESC LIMIT ?3",
        (chat_id, before_id, limit),
    ).fetchall()
    rows.reverse()
    return [_message(row) for row in rows]


def add_message(
    connection: sqlite3.Connection,
    chat_id: str,
    *,
    author_kind: AuthorKind,
    author_id: str | None,
    author_name: str,
    text: str,
    sent_at: datetime,
) -> Message:
    cursor = connection.execute(
        "INSERT INTO messages (chat_id, author_kind, author_id, author_name, text, sent_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (chat_id, author_kind.value, author_id, author_name, text, to_ms(sent_at)),
    )
    connection.execute(
        "UPDATE chats SET last_message_at = ? WHERE id = ?", (to_ms(sent_at), chat_id)
    )
    message_id = cursor.lastrowid
    assert message_id is not None
    return Message(id=message_id, chat_id=chat_id, author_kind=author_kind, author_id=author_id,
                   author_name=author_name, text=text, sent_at=sent_at)


def insert_many(
    connection: sqlite3.Connection,
    rows: Iterable[tuple[str, str, str | None, str, str, int]],
) -> None:
    """Bulk insert (chat_id, author_kind, author_id, author_name, text, sent_at_ms) rows."""
    connection.executemany(
        "INSERT INTO messages (chat_id, author_kind, author_id, author_name, text, sent_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


def search(
    connection: sqlite3.Connection, query: str, *, scope: Scope, limit: int = 50
) -> list[SearchHit]:
    """Best matches first, among messages of the chats the scope shows."""
    rows = connection.execute(
        f"SELECT {_MESSAGE_COLUMNS}, v.name, "
        f"snippet(messages_fts, 0, '{MATCH_START}', '{MATCH_END}', '…', 12) "
        "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
        "JOIN chats c ON c.id = m.chat_id JOIN visitors v ON v.id = c.visitor_id "
        "WHERE messages_fts MATCH :query AND " + visible.visible_chat("c")
        + " ORDER BY messages_fts.rank LIMIT :limit",
        {"query": query, "limit": limit, **visible.parameters(scope)},
    )
    return [SearchHit(message=_message(row[:7]), visitor_name=row[7], snippet=row[8]) for row in rows]
