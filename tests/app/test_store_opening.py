"""Opening, migrating and refusing databases: the file is never damaged or overwritten."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app.errors import StorageError
from app.store import Database
from app.store.migrations import MIGRATIONS


def _snapshot(path: Path) -> bytes:
    return path.read_bytes()


def test_new_database_is_wal_with_foreign_keys_at_latest_version(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "data" / "omnidesk.sqlite3")
    try:
        assert db.read_now(lambda c: c.execute("PRAGMA journal_mode").fetchone()[0]) == "wal"
        assert db.read_now(lambda c: c.execute("PRAGMA foreign_keys").fetchone()[0]) == 1
        assert db.read_now(lambda c: c.execute("PRAGMA user_version").fetchone()[0]) == len(MIGRATIONS)
    finally:
        db.close()


def test_an_old_database_upgrades_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "omnidesk.sqlite3"
    old = Database.open(path, migrations=MIGRATIONS[:1])

    def seed(connection: sqlite3.Connection) -> None:
        connection.execute("INSERT INTO contacts (id, name, created_at) VALUES ('c1', 'Old Contact', 0)")
        connection.execute("INSERT INTO visitors VALUES ('v1', 'c1', 'Old', 'email', 'o@x', 0, 0)")
        connection.execute("INSERT INTO chats (id, visitor_id, contact_id, status, created_at) "
                           "VALUES ('chat1', 'v1', 'c1', 'closed', 0)")
        connection.execute("INSERT INTO messages (chat_id, author_kind, author_id, author_name, text, "
                           "sent_at) VALUES ('chat1', 'visitor', 'v1', 'Old', 'archaeopteryx sighting', 0)")

    old.write_now(seed)
    old.close()

    upgraded = Database.open(path)
    try:
        version = upgraded.read_now(lambda c: c.execute("PRAGMA user_version").fetchone()[0])
        assert version == len(MIGRATIONS)
        # Migration 2 built the search index over messages written before it existed.
        found = upgraded.read_now(lambda c: c.execute(
            "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'archaeopteryx'").fetchall())
        assert len(found) == 1
    finally:
        upgraded.close()


def test_a_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "omnidesk.sqlite3"
    Database.open(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    connection.close()
    before = _snapshot(path)
    with pytest.raises(StorageError) as refused:
        Database.open(path)
    assert refused.value.code == "database-too-new"
    assert "schema version 99" in refused.value.message
    assert _snapshot(path) == before


def test_a_corrupt_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "omnidesk.sqlite3"
    path.write_bytes(os.urandom(8192))
    before = _snapshot(path)
    with pytest.raises(StorageError) as refused:
        Database.open(path)
    assert refused.value.code == "database-damaged"
    assert _snapshot(path) == before


def test_a_damaged_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "omnidesk.sqlite3"
    Database.open(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = os.urandom(3996)  # wreck the schema page, keep the header
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError) as refused:
        Database.open(path)
    assert refused.value.code == "database-damaged"


def test_another_applications_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "omnidesk.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER)")
    connection.close()
    before = _snapshot(path)
    with pytest.raises(StorageError) as refused:
        Database.open(path)
    assert refused.value.code == "database-foreign"
    assert _snapshot(path) == before


def test_a_data_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("keep me")
    with pytest.raises(StorageError) as refused:
        Database.open(blocker / "omnidesk.sqlite3")
    assert refused.value.code == "data-dir-unusable"
    assert blocker.read_text() == "keep me"


def test_an_unwritable_data_dir_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root in CI, where chmod cannot make a directory unwritable; ask os.access instead.
    monkeypatch.setattr(os, "access", lambda *_args, **_kw: False)
    with pytest.raises(StorageError) as refused:
        Database.open(tmp_path / "omnidesk.sqlite3")
    assert "permission denied" in refused.value.message


def test_a_failed_write_saves_nothing(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "omnidesk.sqlite3")

    def half_done(connection: sqlite3.Connection) -> None:
        connection.execute("INSERT INTO contacts (id, name, created_at) VALUES ('c1', 'Half', 0)")
        raise RuntimeError("crash mid-write")

    try:
        with pytest.raises(RuntimeError):
            db.write_now(half_done)
        assert db.read_now(lambda c: c.execute("SELECT count(*) FROM contacts").fetchone()[0]) == 0
        db.write_now(lambda c: c.execute(
            "INSERT INTO contacts (id, name, created_at) VALUES ('c2', 'Next', 0)"))
        assert db.read_now(lambda c: c.execute("SELECT count(*) FROM contacts").fetchone()[0]) == 1
    finally:
        db.close()


def test_a_constraint_violation_becomes_a_storage_error(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "omnidesk.sqlite3")
    try:
        with pytest.raises(StorageError) as refused:
            db.write_now(lambda c: c.execute(
                "INSERT INTO visitors (id, contact_id, name, channel, address, verified, created_at) "
                "VALUES ('v', 'missing-contact', 'n', 'sms', 'a', 0, 0)"))
        assert refused.value.code == "write-failed" and "Nothing from this change" in refused.value.message
    finally:
        db.close()


async def test_async_reads_and_writes_run_off_the_calling_thread(tmp_path: Path) -> None:
    import threading

    db = Database.open(tmp_path / "omnidesk.sqlite3")
    try:
        caller = threading.get_ident()
        writer = await db.write(lambda _c: threading.get_ident())
        reader = await db.read(lambda _c: threading.get_ident())
        assert caller not in (writer, reader)
    finally:
        db.close()
