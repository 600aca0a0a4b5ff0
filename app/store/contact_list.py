"""The Contact Center's list: pages of the contacts a scope shows, searched and sorted in SQL.

A contact is visible (app.policy.scope) to an admin always; to anyone else through a chat of
theirs the scope shows (served, waiting in one's queue, in one's units), or when one created it
or manages it. Visible contacts are gathered from the chats' indexes (one's own chats, one's
departments), never by testing every contact.
"""

from __future__ import annotations

import json
import sqlite3

from app.contacts.text import words
from app.domain import Channel, ContactPage, ContactQuery, ContactRow, ContactSort
from app.policy import Scope
from app.store import scope as visible
from app.store.rows import from_ms_or_none

MAX_WORDS = 8
MAX_PAGE = 1_000

_VISIBLE_IDS = """
    SELECT contact_id FROM chats WHERE served_by = :scope_user
    UNION SELECT contact_id FROM chats
        WHERE department_id IN (SELECT value FROM json_each(:scope_rooms))
    UNION SELECT contact_id FROM chats WHERE status = 'queued'
        AND (department_id IN (SELECT value FROM json_each(:scope_queue))
             OR (department_id IS NULL AND :scope_public = 1))
    UNION SELECT id FROM contacts WHERE created_by = :scope_user
    UNION SELECT id FROM contacts WHERE manager_id = :scope_user
"""

_ROW_SELECT = (
    "SELECT k.id, k.name, k.last_chat_at, coalesce(u.name, ''), k.unknown, "
    "  (SELECT count(*) FROM contact_conflicts f WHERE f.contact_id = k.id), "
    "  (SELECT group_concat(v.channel || ':' || v.verified, ',') FROM visitors v "
    "   WHERE v.contact_id = k.id) "
    "FROM contacts k LEFT JOIN users u ON u.id = k.manager_id"
)

_ORDER = {
    ContactSort.NAME: ("k.sort_name", "k.id"),
    ContactSort.LAST_CHAT: ("coalesce(k.last_chat_at, 0)", "k.id"),
    ContactSort.CREATED: ("k.created_at", "k.id"),
}


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(query: ContactQuery, scope: Scope) -> tuple[str, dict[str, object]]:
    conditions: list[str] = []
    parameters: dict[str, object] = {}
    if not scope.everything:
        conditions.append("k.id IN (" + _VISIBLE_IDS + ")")
        parameters.update(visible.parameters(scope))
    for number, word in enumerate(words(query.text)[:MAX_WORDS]):
        conditions.append(f"k.search_text LIKE '%' || :word{number} || '%' ESCAPE '\\'")
        parameters[f"word{number}"] = _escape_like(word)
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", parameters


def page(connection: sqlite3.Connection, query: ContactQuery, scope: Scope) -> ContactPage:
    where, parameters = _where(query, scope)
    direction = "DESC" if query.descending else "ASC"
    order = ", ".join(f"{term} {direction}" for term in _ORDER[query.sort])
    limit = max(0, min(query.limit, MAX_PAGE))
    rows = connection.execute(
        _ROW_SELECT + where + f" ORDER BY {order} LIMIT :limit OFFSET :offset",
        {**parameters, "limit": limit, "offset": max(0, query.offset)},
    ).fetchall()
    total = connection.execute("SELECT count(*) FROM contacts k" + where, parameters).fetchone()[0]
    return ContactPage(rows=tuple(_row(row) for row in rows), offset=max(0, query.offset),
                       total=int(total))


def _channels(summary: str | None) -> tuple[tuple[Channel, bool], ...]:
    verified: dict[Channel, bool] = {}
    for part in (summary or "").split(","):
        if not part:
            continue
        name, _, flag = part.partition(":")
        channel = Channel(name)
        verified[channel] = verified.get(channel, False) or flag == "1"
    return tuple(sorted(verified.items(), key=lambda item: list(Channel).index(item[0])))


def _row(row: tuple) -> ContactRow:  # type: ignore[type-arg]
    return ContactRow(id=row[0], name=row[1], last_chat_at=from_ms_or_none(row[2]),
                      manager_name=row[3], unknown=bool(row[4]), conflicts=int(row[5]),
                      channels=_channels(row[6]))


def is_visible(connection: sqlite3.Connection, contact_id: str, scope: Scope) -> bool:
    if scope.everything:
        return True
    row = connection.execute(
        "SELECT EXISTS (SELECT 1 FROM contacts k WHERE k.id = :contact AND k.id IN ("
        + _VISIBLE_IDS + "))",
        {"contact": contact_id, **visible.parameters(scope)},
    ).fetchone()
    return bool(row[0])


def rows_for(connection: sqlite3.Connection, contact_ids: list[str]) -> list[ContactRow]:
    """List rows of these contacts (duplicates found on save), in the order given."""
    found = {
        row[0]: _row(row)
        for row in connection.execute(
            _ROW_SELECT + " WHERE k.id IN (SELECT value FROM json_each(?))",
            (json.dumps(contact_ids),),
        )
    }
    return [found[i] for i in contact_ids if i in found]

