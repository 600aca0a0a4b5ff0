"""A desk from before the Contact Center upgrades with its contacts whole: phones in E.164 (so
verification and duplicates match them), emails and phones gathered from the channels, search
text, sort name, last chat, unknown for website-only contacts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from app.domain import ContactQuery
from app.policy import Scope
from app.store import Database, contact_list, contacts
from app.store.migrations import MIGRATIONS

# The migrations before the one that made the Contact Center (it creates contact_log).
_BEFORE_CONTACT_CENTER = next(number for number, statements in enumerate(MIGRATIONS)
                              if any("CREATE TABLE contact_log" in s for s in statements))


def _old_desk(connection: sqlite3.Connection) -> None:
    connection.execute("INSERT INTO contacts (id, name, created_at) VALUES ('k1', 'Élodie Brun', 0)")
    connection.execute("INSERT INTO contacts (id, name, created_at) VALUES ('k2', 'Web Only', 0)")
    rows = [
        ("v1", "k1", "Élodie Brun", "sms", "+44 7700 900123", 1),
        ("v2", "k1", "Élodie B.", "email", "elodie@example.com", 1),
        ("v3", "k2", "Web Only", "widget", "web chat", 0),
    ]
    connection.executemany(
        "INSERT INTO visitors (id, contact_id, name, channel, address, verified, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 0)", rows)
    connection.execute("UPDATE visitors SET token = 'tok-v3-0123456789abcdef' WHERE id = 'v3'")
    connection.execute("INSERT INTO chats (id, visitor_id, contact_id, status, created_at) "
                       "VALUES ('c1', 'v2', 'k1', 'closed', 5000)")


def test_an_old_desk_gets_its_contacts_whole(tmp_path: Path) -> None:
    path = tmp_path / "omnidesk.sqlite3"
    old = Database.open(path, migrations=MIGRATIONS[:_BEFORE_CONTACT_CENTER])
    old.write_now(_old_desk)
    old.close()
    database = Database.open(path)
    try:
        elodie = database.read_now(lambda c: contacts.contact(c, "k1"))
        assert elodie.phones == ("+447700900123",) and elodie.emails == ("elodie@example.com",)
        assert {(ch.verified_by_field, ch.verified_by_value) for ch in elodie.channels} == {
            ("phone", "+447700900123"), ("email", "elodie@example.com")}
        assert elodie.last_chat_at is not None and not elodie.unknown
        assert database.read_now(lambda c: contacts.contact(c, "k2")).unknown
        assert database.read_now(lambda c: contacts.contacts_with_verified(
            c, "phone", "+447700900123", excluding="")) == ["k1"]
        everything = Scope("u", True, frozenset(), False, frozenset(), False)
        found = database.read_now(lambda c: contact_list.page(c, ContactQuery(text="elodie b"), everything))
        assert [row.id for row in found.rows] == ["k1"]
        names = database.read_now(lambda c: contact_list.page(c, ContactQuery(), everything))
        assert [row.name for row in names.rows] == ["Élodie Brun", "Web Only"]
        raw = database.read_now(lambda c: c.execute("SELECT phones FROM contacts WHERE id = 'k1'").fetchone())
        assert json.loads(raw[0]) == ["+447700900123"]
    finally:
        database.close()
