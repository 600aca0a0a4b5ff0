"""What a website visitor told beyond their name and email: a phone number and custom fields
(Rocket.Chat's `phone` and `livechatData`), and the removal of everything a visitor left."""

from __future__ import annotations

import json
import sqlite3


def phone(connection: sqlite3.Connection, visitor_id: str) -> str | None:
    row = connection.execute("SELECT phone FROM visitors WHERE id = ?", (visitor_id,)).fetchone()
    return None if row is None else row[0]


def set_phone(connection: sqlite3.Connection, visitor_id: str, number: str) -> None:
    connection.execute("UPDATE visitors SET phone = ? WHERE id = ?", (number, visitor_id))


def website_visitor_with_phone(connection: sqlite3.Connection, number: str) -> str | None:
    """The first website visitor who gave this phone number (by when they came; two in the same
    millisecond, by which was stored first)."""
    row = connection.execute(
        "SELECT id FROM visitors WHERE phone = ? AND token IS NOT NULL ORDER BY created_at, rowid LIMIT 1",
        (number,)).fetchone()
    return None if row is None else str(row[0])


def custom_fields(connection: sqlite3.Connection, visitor_id: str) -> dict[str, str]:
    row = connection.execute("SELECT custom_fields FROM visitors WHERE id = ?", (visitor_id,)).fetchone()
    found = json.loads(row[0]) if row is not None else {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def set_custom_fields(connection: sqlite3.Connection, visitor_id: str, fields: dict[str, str]) -> None:
    connection.execute("UPDATE visitors SET custom_fields = ? WHERE id = ?",
                       (json.dumps(fields, ensure_ascii=False, sort_keys=True), visitor_id))


def forget(connection: sqlite3.Connection, visitor_id: str) -> list[str]:
    """Delete the visitor, their chats with everything kept with them (messages, files' rows,
    inquiries, transfers, drafts...: the tables' ON DELETE CASCADE), and their contact when it was
    made from this visitor alone and vouched for by nobody (Rocket.Chat's `unknown`). Returns the
    ids of the files their chats held, whose bytes the caller discards."""
    row = connection.execute("SELECT contact_id FROM visitors WHERE id = ?", (visitor_id,)).fetchone()
    if row is None:
        return []
    contact_id = str(row[0])
    files = [str(found[0]) for found in connection.execute(
        "SELECT a.id FROM attachments a JOIN messages m ON m.id = a.message_id "
        "JOIN chats c ON c.id = m.chat_id WHERE c.visitor_id = ?", (visitor_id,))]
    connection.execute("DELETE FROM chats WHERE visitor_id = ?", (visitor_id,))
    connection.execute("DELETE FROM visitors WHERE id = ?", (visitor_id,))
    alone = connection.execute(
        "SELECT c.unknown AND NOT EXISTS (SELECT 1 FROM visitors v WHERE v.contact_id = c.id) "
        "AND NOT EXISTS (SELECT 1 FROM chats h WHERE h.contact_id = c.id) FROM contacts c WHERE c.id = ?",
        (contact_id,)).fetchone()
    if alone is not None and alone[0]:
        connection.execute("DELETE FROM contact_log WHERE contact_id = ?", (contact_id,))
        connection.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
    return files
