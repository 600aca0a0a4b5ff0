from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.clock import ManualClock
from app.demo import SampleSize, build_sample_organisation
from app.errors import Refused
from app.store import Database

TABLES = ("users", "departments", "units", "contacts", "visitors", "chats", "inquiries", "messages")


def _dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    def read(connection: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
        # Table names come from the constant above, never from input.
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}

    return db.read_now(read)


def _build(path: Path, clock: ManualClock, seed: int) -> Database:
    db = Database.open(path)
    db.write_now(lambda c: build_sample_organisation(
        c, size=SampleSize(contacts=25, messages=800), seed=seed, now=clock.now()))
    return db


def test_same_seed_same_organisation(tmp_path: Path, clock: ManualClock) -> None:
    first, second = _build(tmp_path / "a.db", clock, 3), _build(tmp_path / "b.db", clock, 3)
    other = _build(tmp_path / "c.db", clock, 4)
    try:
        assert _dump(first) == _dump(second)
        assert _dump(first)["messages"] != _dump(other)["messages"]
    finally:
        for db in (first, second, other):
            db.close()


def test_sizes_and_shape(tmp_path: Path, clock: ManualClock) -> None:
    db = _build(tmp_path / "a.db", clock, 3)
    try:
        dump = _dump(db)
        # The 25 asked for, and the returning visitor who is one of them (app.demo.contact_showcase).
        assert len(dump["contacts"]) == 26
        closed_messages = db.read_now(lambda c: c.execute(
            "SELECT count(*) FROM messages m JOIN chats c ON c.id = m.chat_id "
            "WHERE c.status = 'closed'").fetchone()[0])
        assert closed_messages == 800
        assert len(dump["inquiries"]) == 11
        # One contact was merged and holds a differing name; website-only contacts are unknown.
        assert db.read_now(lambda c: c.execute(
            "SELECT count(*) FROM contact_conflicts WHERE field = 'name'").fetchone()[0]) == 1
        assert db.read_now(lambda c: c.execute("SELECT count(*) FROM contact_aliases").fetchone()[0]) == 1
        assert db.read_now(lambda c: c.execute(
            "SELECT count(*) FROM contacts WHERE unknown = 1").fetchone()[0]) > 0
        statuses = {row[4] for row in dump["chats"]}
        assert statuses == {"closed", "open", "queued"}
        roles = {(row[3], row[4], row[5]) for row in dump["users"]}
        assert (0, 0, 1) in roles and (0, 1, 0) in roles and (1, 0, 0) in roles
        multi_channel = db.read_now(lambda c: c.execute(
            "SELECT count(*) FROM (SELECT contact_id FROM visitors GROUP BY contact_id "
            "HAVING count(*) > 1)").fetchone()[0])
        assert multi_channel > 0
    finally:
        db.close()


def test_refuses_a_database_that_already_has_an_organisation(tmp_path: Path, clock: ManualClock) -> None:
    db = _build(tmp_path / "a.db", clock, 3)
    try:
        before = _dump(db)
        with pytest.raises(Refused):
            db.write_now(lambda c: build_sample_organisation(
                c, size=SampleSize(5, 10), seed=1, now=clock.now()))
        assert _dump(db) == before
    finally:
        db.close()
