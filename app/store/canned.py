"""Repository for canned responses."""

from __future__ import annotations

import sqlite3

from app.domain import CannedResponse
from app.errors import NotFound, Refused
from app.store.rows import ids_to_json

_COLUMNS = "id, shortcut, text, department_id, owner_id"


def _response(row: tuple[str, str, str, str | None, str | None]) -> CannedResponse:
    return CannedResponse(id=row[0], shortcut=row[1], text=row[2], department_id=row[3],
                          owner_id=row[4])


def visible_to(connection: sqlite3.Connection, user_id: str, department_ids: frozenset[str]
               ) -> list[CannedResponse]:
    """The user's own responses, their departments' and everyone's, by shortcut (own ones first
    on a tie, then departments')."""
    rows = connection.execute(
        f"SELECT {_COLUMNS} FROM canned_responses WHERE owner_id = ?1 "
        "OR department_id IN (SELECT value FROM json_each(?2)) "
        "OR (department_id IS NULL AND owner_id IS NULL) "
        "ORDER BY shortcut, owner_id IS NULL, department_id IS NULL, department_id",
        (user_id, ids_to_json(department_ids)),
    )
    return [_response(row) for row in rows]


def get(connection: sqlite3.Connection, response_id: str) -> CannedResponse:
    row = connection.execute(
        f"SELECT {_COLUMNS} FROM canned_responses WHERE id = ?", (response_id,)
    ).fetchone()
    if row is None:
        raise NotFound("That canned response no longer exists.", code="canned-unknown")
    return _response(row)


def save(connection: sqlite3.Connection, response: CannedResponse) -> None:
    try:
        connection.execute(
            "INSERT INTO canned_responses (id, shortcut, text, department_id, owner_id) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET shortcut = excluded.shortcut, "
            "text = excluded.text",
            (response.id, response.shortcut, response.text, response.department_id, response.owner_id),
        )
    except sqlite3.IntegrityError:
        raise Refused(f"You already have a canned response called !{response.shortcut}.",
                      code="canned-duplicate") from None


def delete(connection: sqlite3.Connection, response_id: str) -> None:
    connection.execute("DELETE FROM canned_responses WHERE id = ?", (response_id,))
