"""Settings for a test's organisation, written as the admin views will write them."""

from __future__ import annotations

import sqlite3

from app.store import Database, organisation


def configure(database: Database, **values: str) -> None:
    def write(connection: sqlite3.Connection) -> None:
        for key, value in values.items():
            organisation.set_setting(connection, key, value)

    database.write_now(write)
