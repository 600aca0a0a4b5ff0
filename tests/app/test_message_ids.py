"""String message ids, cursor pages and stored message counts: on a database of today's shape
(schema version 6, integer message ids) migrated forward, and on a new one."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest

from app.domain import AuthorKind, Message
from app.errors import InvalidInput, StorageError
from app.policy import Scope
from app.store import Database, chats, messages
from app.store.migrations import MIGRATIONS

NOW = datetime(2026, 1, 1, tzinfo=UTC)
# The schema as released before string message ids: messages.id was the message's id.
VERSION_6 = 6
EVERYTHING = Scope(user_id="nobody", everything=True, queue_departments=frozenset(),
                   public_queue=True, room_departments=frozenset(), contact_history=False)

# (chat, text) in the order they arrived: the two chats' messages interleave.
_OLD_MESSAGES = [
    ("chat-a", "Hello, my parcel never came."),
    ("chat-b", "I saw an archaeopteryx in the warehouse."),
    ("chat-a", "Let me check the tracking for you."),
    ("chat-a", "It says delivered, but nothing is here."),
    ("chat-b", "Was it a big one?"),
    ("chat-a", "I will open a claim: " + "x" * 300),
]


def _seed_chats(connection: sqlite3.Connection, *chat_ids: str) -> None:
    connection.execute("INSERT INTO contacts (id, name, created_at) VALUES ('k1', 'Iris Vale', 0)")
    connection.execute("INSERT INTO visitors (id, contact_id, name, channel, address, verified, created_at) "
                       "VALUES ('v1', 'k1', 'Iris', 'email', 'iris@example.com', 1, 0)")
    for chat_id in chat_ids:
        connection.execute("INSERT INTO chats (id, visitor_id, contact_id, status, created_at) "
                           "VALUES (?, 'v1', 'k1', 'closed', 0)", (chat_id,))


def _seed_version_6(connection: sqlite3.Connection) -> None:
    """Rows as the released desk wrote them, through its schema of the time."""
    _seed_chats(connection, "chat-a", "chat-b", "chat-empty")
    for number, (chat_id, text) in enumerate(_OLD_MESSAGES):
        connection.execute(
            "INSERT INTO messages (chat_id, author_kind, author_id, author_name, text, sent_at) "
            "VALUES (?, 'visitor', 'v1', 'Iris', ?, ?)",
            (chat_id, text, 1_000 * number),
        )


@pytest.fixture
def migrated(tmp_path: Path) -> Iterator[tuple[Database, dict[str, list[int]]]]:
    """A version-6 database with messages, opened (so migrated) by today's desk; with the old
    integer ids of each chat's messages, in order."""
    path = tmp_path / "omnidesk.sqlite3"
    old = Database.open(path, migrations=MIGRATIONS[:VERSION_6])
    old.write_now(_seed_version_6)
    old_ids: dict[str, list[int]] = {"chat-a": [], "chat-b": [], "chat-empty": []}
    for message_id, chat_id in old.read_now(
        lambda c: c.execute("SELECT id, chat_id FROM messages ORDER BY id").fetchall()
    ):
        old_ids[chat_id].append(message_id)
    old.close()
    db = Database.open(path)
    yield db, old_ids
    db.close()


def test_migrated_messages_get_string_ids_that_keep_their_order(
    migrated: tuple[Database, dict[str, list[int]]],
) -> None:
    db, old_ids = migrated
    assert db.read_now(lambda c: c.execute("PRAGMA user_version").fetchone()[0]) == len(MIGRATIONS)
    for chat_id in ("chat-a", "chat-b"):
        page = db.read_now(partial(messages.page, chat_id=chat_id))
        assert [m.id for m in page.messages] == [messages.arrival_id(n) for n in old_ids[chat_id]]
        assert [m.id for m in page.messages] == sorted(m.id for m in page.messages)
        assert [m.text for m in page.messages] == [t for c, t in _OLD_MESSAGES if c == chat_id]
        assert page.older is None
    every_id = db.read_now(lambda c: [row[0] for row in c.execute("SELECT uid FROM messages ORDER BY id")])
    assert every_id == sorted(every_id) and len(set(every_id)) == len(_OLD_MESSAGES)


def test_migrated_messages_page_backwards_by_cursor(migrated: tuple[Database, dict[str, list[int]]]) -> None:
    db, _ = migrated
    texts = [t for c, t in _OLD_MESSAGES if c == "chat-a"]
    newest = db.read_now(lambda c: messages.page(c, "chat-a", limit=3))
    assert [m.text for m in newest.messages] == texts[1:] and newest.older == newest.messages[0].id
    cursor = newest.older
    first = db.read_now(lambda c: messages.page(c, "chat-a", before=cursor, limit=3))
    assert [m.text for m in first.messages] == texts[:1] and first.older is None
    with pytest.raises(InvalidInput):  # a cursor of another chat
        db.read_now(lambda c: messages.page(c, "chat-b", before=cursor))


def test_migrated_messages_are_still_found_by_search(migrated: tuple[Database, dict[str, list[int]]]) -> None:
    db, old_ids = migrated
    query = messages.fts_query("archaeopteryx")
    assert query is not None
    hits = db.read_now(lambda c: messages.search(c, query, scope=EVERYTHING))
    assert [hit.message.id for hit in hits] == [messages.arrival_id(old_ids["chat-b"][0])]
    assert messages.MATCH_START + "archaeopteryx" + messages.MATCH_END in hits[0].snippet
    found = db.read_now(lambda c: chats.contact_history_matching(c, "k1", query, EVERYTHING))
    assert [summary.id for summary in found] == ["chat-b"]
    # The index still matches its content table, row for row.
    db.write_now(lambda c: c.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')"))


def test_migrated_chats_carry_their_message_counts_and_last_messages(
    migrated: tuple[Database, dict[str, list[int]]],
) -> None:
    db, _ = migrated
    summaries = {s.id: s for s in db.read_now(lambda c: chats.contact_history(c, "k1", EVERYTHING))}
    assert summaries["chat-a"].message_count == 4
    assert summaries["chat-a"].last_message == _OLD_MESSAGES[-1][1][: messages.PREVIEW_CHARS]
    assert summaries["chat-b"].message_count == 2 and summaries["chat-b"].last_message == "Was it a big one?"
    assert summaries["chat-empty"].message_count == 0 and summaries["chat-empty"].last_message == ""


def test_after_migrating_new_messages_follow_in_order_of_arrival_whatever_their_ids(
    migrated: tuple[Database, dict[str, list[int]]],
) -> None:
    db, _ = migrated

    def write(connection: sqlite3.Connection) -> Message:
        # "0-new" sorts before every migrated id: the order must not come from ids.
        return messages.add_message(connection, "chat-b", message_id="0-new", author_kind=AuthorKind.AGENT,
                                    author_id="u-ana", author_name="Ana", text="A small archaeopteryx.",
                                    sent_at=NOW)

    added = db.write_now(write)
    page = db.read_now(lambda c: messages.page(c, "chat-b"))
    assert page.messages[-1] == added and [m.id for m in page.messages][-1] == "0-new"
    summary = db.read_now(lambda c: chats.chat_summary(c, "chat-b"))
    assert summary.message_count == 3 and summary.last_message == "A small archaeopteryx."
    query = messages.fts_query("archaeopteryx")
    assert query is not None
    hits = db.read_now(lambda c: messages.search(c, query, scope=EVERYTHING))
    assert "0-new" in {hit.message.id for hit in hits}


def test_a_message_id_is_unique_and_never_missing(migrated: tuple[Database, dict[str, list[int]]]) -> None:
    db, old_ids = migrated
    taken = messages.arrival_id(old_ids["chat-a"][0])

    def insert(message_id: str | None, connection: sqlite3.Connection) -> None:
        connection.execute("INSERT INTO messages (uid, chat_id, author_kind, author_name, text, sent_at) "
                           "VALUES (?, 'chat-a', 'agent', 'Ana', 'again', 0)", (message_id,))

    for message_id in (taken, None, ""):
        with pytest.raises(StorageError):
            db.write_now(partial(insert, message_id))
    with pytest.raises(StorageError):
        db.write_now(lambda c: c.execute("UPDATE messages SET uid = NULL WHERE uid = ?", (taken,)))
    assert db.read_now(lambda c: messages.exists(c, taken))


def test_bulk_inserts_count_on_their_chats(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "omnidesk.sqlite3")
    try:
        db.write_now(lambda c: _seed_chats(c, "chat-a", "chat-b"))
        rows: list[messages.MessageRow] = [
            (f"bulk-{n}", "chat-a" if n % 3 else "chat-b", "visitor", "v1", "Iris", f"line {n}", n)
            for n in range(10)
        ]
        db.write_now(lambda c: messages.insert_many(c, rows))
        db.write_now(lambda c: messages.insert_many(c, rows[:0]))
        summaries = {s.id: s for s in db.read_now(lambda c: chats.contact_history(c, "k1", EVERYTHING))}
        assert summaries["chat-a"].message_count == 6 and summaries["chat-a"].last_message == "line 8"
        assert summaries["chat-b"].message_count == 4 and summaries["chat-b"].last_message == "line 9"
        page = db.read_now(lambda c: messages.page(c, "chat-b", limit=2))
        assert [m.id for m in page.messages] == ["bulk-6", "bulk-9"] and page.older == "bulk-6"
        with pytest.raises(InvalidInput):
            db.read_now(lambda c: messages.page(c, "chat-b", limit=0))
    finally:
        db.close()

