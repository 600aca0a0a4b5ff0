"""A new visitor (with their own contact) written into a test's store."""

from __future__ import annotations

import sqlite3

from app.domain import Visitor
from app.store import Database, contacts


async def add_visitor(database: Database, visitor: Visitor) -> Visitor:
    def write(connection: sqlite3.Connection) -> None:
        contacts.insert_contact(connection, visitor.contact_id, visitor.name, visitor.created_at)
        contacts.insert_visitor(connection, visitor, verified=False)

    await database.write(write)
    return visitor
