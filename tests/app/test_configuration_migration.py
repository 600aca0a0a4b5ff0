"""A database from before configuration records (schema version 8) upgrades: its tags setting
becomes tag rows, canned responses keep their rows and uniqueness and may now be everyone's,
the five priorities exist, and its configuration reads as records."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.config.records import Kind
from app.errors import StorageError
from app.store import Database, canned, configuration, organisation
from app.store.migrations import MIGRATIONS


def _version_8(connection: sqlite3.Connection) -> None:
    run = connection.execute
    run("INSERT INTO settings VALUES ('tags', ' vip, refund ,,spam , vip')")
    run("INSERT INTO departments (id, name) VALUES ('dep-a', 'A')")
    run("INSERT INTO users (id, username, name, is_agent) VALUES ('u-ana', 'ana', 'Ana', 1)")
    run("INSERT INTO department_agents (department_id, user_id) VALUES ('dep-a', 'u-ana')")
    run("INSERT INTO canned_responses (id, shortcut, text, department_id, owner_id) VALUES "
        "('c-dep', 'hello', 'Hello from A', 'dep-a', NULL), "
        "('c-own', 'hello', 'Hi, Ana here', NULL, 'u-ana')")


def test_a_version_8_database_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = Database.open(path, MIGRATIONS[:8])
    old.write_now(_version_8)
    old.close()

    database = Database.open(path)
    try:
        assert database.read_now(lambda c: c.execute("PRAGMA user_version").fetchone()[0]) == len(MIGRATIONS)
        assert database.read_now(organisation.managed_tags) == ["refund", "spam", "vip"]
        assert database.read_now(lambda c: organisation.setting(c, "tags")) is None
        visible = database.read_now(lambda c: canned.visible_to(c, "u-ana", frozenset({"dep-a"})))
        assert [(r.id, r.text) for r in visible] == [("c-own", "Hi, Ana here"), ("c-dep", "Hello from A")]

        def everyones(connection: sqlite3.Connection) -> None:
            connection.execute(
                "INSERT INTO canned_responses (id, shortcut, text) VALUES ('c-all', 'bye', 'Bye')")

        database.write_now(everyones)
        with pytest.raises(StorageError, match="UNIQUE"):
            database.write_now(lambda c: c.execute(
                "INSERT INTO canned_responses (id, shortcut, text, department_id) "
                "VALUES ('c-dup', 'hello', 'Again', 'dep-a')"))
        with pytest.raises(StorageError, match="CHECK"):
            database.write_now(lambda c: c.execute(
                "INSERT INTO canned_responses (id, shortcut, text, department_id, owner_id) "
                "VALUES ('c-both', 'x', 'x', 'dep-a', 'u-ana')"))

        records = database.read_now(configuration.read_records)
        assert [r.fields["name"] for r in records if r.kind is Kind.PRIORITY] == [
            "Highest", "High", "Medium", "Low", "Lowest"]
        assert {r.fields["name"] for r in records if r.kind is Kind.TAG} == {"refund", "spam", "vip"}
        shared = {r.id: r.fields for r in records if r.kind is Kind.CANNED_RESPONSE}
        assert shared == {"c-dep": {"shortcut": "hello", "text": "Hello from A", "department_id": "dep-a"},
                          "c-all": {"shortcut": "bye", "text": "Bye", "department_id": None}}
        department = next(r for r in records if r.kind is Kind.DEPARTMENT)
        assert (department.fields["agent_ids"], department.fields["transfer_department_ids"],
                department.fields["sla_id"]) == (["u-ana"], [], None)
        assert next(r for r in records if r.id == "u-ana").fields["skills"] == {}
    finally:
        database.close()
