"""A desk from before message kinds upgrades with its notes and visitor context whole: the rows
marked by a private-use first character become kind 'note' and 'context' without the mark,
pages and search read them as before, and the visitor's history still never shows them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.domain import AuthorKind
from app.errors import StorageError
from app.policy import Scope
from app.store import Database, messages
from app.store.migrations import MIGRATIONS

# The migrations before the one that gave messages a kind (it creates the attachments table).
_BEFORE_KINDS = next(number for number, statements in enumerate(MIGRATIONS)
                     if any("CREATE TABLE attachments" in s for s in statements))
_OLD_NOTE_MARK, _OLD_CONTEXT_MARK = "\ue010", "\ue011"


def _old_desk(connection: sqlite3.Connection) -> None:
    connection.execute("INSERT INTO contacts (id, name, created_at) VALUES ('k1', 'Ann', 0)")
    connection.execute("INSERT INTO visitors (id, contact_id, name, channel, address, created_at) "
                       "VALUES ('v1', 'k1', 'Ann', 'widget', 'web chat', 0)")
    connection.execute("INSERT INTO users (id, username, name, is_agent) VALUES ('u-ana', 'ana', 'Ana', 1)")
    connection.execute("INSERT INTO chats (id, visitor_id, contact_id, status, served_by, created_at) "
                       "VALUES ('c1', 'v1', 'k1', 'open', 'u-ana', 0)")
    facts = json.dumps({"page_title": "Pricing", "page_url": "https://shop.example/pricing"})
    rows = [
        ("m1", "visitor", "v1", "Ann", "Where is my parcel?", 1000),
        ("m2", "system", "u-ana", "Ana", "Ana joined the chat.", 2000),
        ("m3", "system", "u-ana", "Ana", _OLD_NOTE_MARK + "Courier lost it twice: be gentle", 3000),
        ("m4", "system", None, "", _OLD_CONTEXT_MARK + facts, 3500),
        ("m5", "agent", "u-ana", "Ana", "It is on its way.", 4000),
    ]
    connection.executemany(
        "INSERT INTO messages (uid, chat_id, author_kind, author_id, author_name, text, sent_at) "
        "VALUES (?, 'c1', ?, ?, ?, ?, ?)", rows)


def test_an_old_desk_keeps_its_notes_and_context_as_kinds(tmp_path: Path) -> None:
    path = tmp_path / "omnidesk.sqlite3"
    old = Database.open(path, migrations=MIGRATIONS[:_BEFORE_KINDS])
    old.write_now(_old_desk)
    old.close()
    database = Database.open(path)
    try:
        page = database.read_now(lambda c: messages.page(c, "c1"))
        assert [(m.id, m.author_kind, m.text) for m in page.messages] == [
            ("m1", AuthorKind.VISITOR, "Where is my parcel?"),
            ("m2", AuthorKind.SYSTEM, "Ana joined the chat."),
            ("m3", AuthorKind.NOTE, "Courier lost it twice: be gentle"),
            ("m5", AuthorKind.AGENT, "It is on its way."),
        ]
        assert all(m.attachment is None for m in page.messages)
        kinds = database.read_now(lambda c: dict(c.execute("SELECT uid, kind FROM messages")))
        assert kinds == {"m1": "text", "m2": "text", "m3": "note", "m4": "context", "m5": "text"}
        assert database.read_now(lambda c: messages.context_rows(c, "c1"))[0][0] == {
            "page_title": "Pricing", "page_url": "https://shop.example/pricing"}
        # The search index follows the text without its mark; context rows stay out of search.
        everything = Scope("u-sam", True, frozenset(), False, frozenset(), False)
        query = messages.fts_query("courier")
        assert query is not None
        hits = database.read_now(lambda c: messages.search(c, query, scope=everything))
        assert [(h.message.id, h.message.author_kind) for h in hits] == [("m3", AuthorKind.NOTE)]
        pricing = messages.fts_query("pricing")
        assert pricing is not None
        assert database.read_now(lambda c: messages.search(c, pricing, scope=everything)) == []
    finally:
        database.close()


def test_no_row_of_a_migrated_desk_starts_with_an_old_mark(tmp_path: Path) -> None:
    path = tmp_path / "omnidesk.sqlite3"
    old = Database.open(path, migrations=MIGRATIONS[:_BEFORE_KINDS])
    old.write_now(_old_desk)
    old.close()
    database = Database.open(path)
    try:
        marked = database.read_now(lambda c: c.execute(
            "SELECT count(*) FROM messages WHERE unicode(text) IN (57360, 57361)").fetchone()[0])
        assert marked == 0
        # What a row is stays one of the four kinds.
        with pytest.raises(StorageError, match="unknown message kind"):
            database.write_now(lambda c: c.execute("UPDATE messages SET kind = 'secret' WHERE uid = 'm1'"))
    finally:
        database.close()
