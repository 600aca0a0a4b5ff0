"""Repository for contacts and the visitors they group."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from app.domain import Channel, Contact, ContactChannel, Visitor
from app.errors import NotFound
from app.store.rows import from_ms, to_ms


def contact(connection: sqlite3.Connection, contact_id: str) -> Contact:
    row = connection.execute(
        "SELECT id, name, created_at FROM contacts WHERE id = ?", (contact_id,)
    ).fetchone()
    if row is None:
        raise NotFound("This contact does not exist.", code="contact-unknown")
    channels = tuple(
        ContactChannel(visitor_id=v[0], channel=Channel(v[1]), address=v[2], verified=bool(v[3]))
        for v in connection.execute(
            "SELECT id, channel, address, verified FROM visitors WHERE contact_id = ? "
            "ORDER BY created_at, id",
            (contact_id,),
        )
    )
    return Contact(id=row[0], name=row[1], channels=channels, created_at=from_ms(row[2]))


def visitor(connection: sqlite3.Connection, visitor_id: str) -> Visitor:
    row = connection.execute(
        "SELECT id, name, channel, address, contact_id, created_at FROM visitors WHERE id = ?",
        (visitor_id,),
    ).fetchone()
    if row is None:
        raise NotFound("That visitor does not exist.", code="visitor-unknown")
    return Visitor(
        id=row[0],
        name=row[1],
        channel=Channel(row[2]),
        address=row[3],
        contact_id=row[4],
        created_at=from_ms(row[5]),
    )


def insert_contact(connection: sqlite3.Connection, contact_id: str, name: str, created_at: datetime) -> None:
    connection.execute(
        "INSERT INTO contacts (id, name, created_at) VALUES (?, ?, ?)",
        (contact_id, name, to_ms(created_at)),
    )


def insert_visitor(connection: sqlite3.Connection, visitor: Visitor, *, verified: bool) -> None:
    connection.execute(
        "INSERT INTO visitors (id, contact_id, name, channel, address, verified, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            visitor.id,
            visitor.contact_id,
            visitor.name,
            visitor.channel.value,
            visitor.address,
            int(verified),
            to_ms(visitor.created_at),
        ),
    )


def insert_many(
    connection: sqlite3.Connection,
    contact_rows: list[tuple[str, str, int]],
    visitor_rows: list[tuple[str, str, str, str, str, int, int]],
) -> None:
    """Bulk insert (id, name, created_at_ms) contacts and
    (id, contact_id, name, channel, address, verified, created_at_ms) visitors."""
    connection.executemany("INSERT INTO contacts (id, name, created_at) VALUES (?, ?, ?)", contact_rows)
    connection.executemany(
        "INSERT INTO visitors (id, contact_id, name, channel, address, verified, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        visitor_rows,
    )


def visitor_by_token(connection: sqlite3.Connection, token: str) -> Visitor | None:
    row = connection.execute("SELECT id FROM visitors WHERE token = ?", (token,)).fetchone()
    return None if row is None else visitor(connection, row[0])


def contact_with_verified_address(connection: sqlite3.Connection, address: str) -> str | None:
    """The contact that has this email or phone as a verified channel, if any."""
    row = connection.execute(
        "SELECT contact_id FROM visitors WHERE verified = 1 AND lower(address) = lower(?) "
        "ORDER BY created_at LIMIT 1",
        (address,),
    ).fetchone()
    return None if row is None else str(row[0])


def record_conflict(
    connection: sqlite3.Connection, contact_id: str, field: str, value: str, at: datetime
) -> None:
    connection.execute(
        "INSERT OR IGNORE INTO contact_conflicts (contact_id, field, value, at) VALUES (?, ?, ?, ?)",
        (contact_id, field, value, to_ms(at)),
    )


def conflicts(connection: sqlite3.Connection, contact_id: str) -> list[tuple[str, str]]:
    return [
        (row[0], row[1])
        for row in connection.execute(
            "SELECT field, value FROM contact_conflicts WHERE contact_id = ? ORDER BY at, field",
            (contact_id,),
        )
    ]


def set_visitor_token(connection: sqlite3.Connection, visitor_id: str, token: str) -> None:
    connection.execute("UPDATE visitors SET token = ? WHERE id = ?", (token, visitor_id))


def rename_visitor(connection: sqlite3.Connection, visitor_id: str, name: str, address: str) -> None:
    connection.execute("UPDATE visitors SET name = ?, address = ? WHERE id = ?", (name, address, visitor_id))


def visitor_department(connection: sqlite3.Connection, visitor_id: str) -> str | None:
    row = connection.execute("SELECT department_id FROM visitors WHERE id = ?", (visitor_id,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def set_visitor_department(
    connection: sqlite3.Connection, visitor_id: str, department_id: str | None
) -> None:
    connection.execute("UPDATE visitors SET department_id = ? WHERE id = ?", (department_id, visitor_id))
