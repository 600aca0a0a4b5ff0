"""The Contact Center's list gives, page for page, what the first implementation's one SQL query
gave (every visible contact filtered, sorted and counted again for each page), for every role of
a random desk, on both of its paths (a scope searched among its own contacts, a wide one
filtered from the list of all), and still after the contacts change under a list it keeps."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.contacts.text import words
from app.demo import SampleSize, build_sample_organisation
from app.domain import ContactPage, ContactQuery, ContactSort
from app.policy import Scope, scope_of
from app.store import Database, chats, contact_list, contact_merge, contacts, organisation
from app.store.database import _connect
from app.store.rows import to_ms
from app.store.scope import parameters

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
DEPARTMENTS = ("dep-support", "dep-billing", "dep-sales", "dep-onboarding", None)
AGENTS = ("u-ana", "u-bo", "u-chen", "u-dara", "u-emil", "u-fatima", "u-gabe", "u-hiro", "u-tomas")

# -- the first implementation, kept as the reference ---------------------------------------

_REFERENCE_VISIBLE = """
    SELECT contact_id FROM chats WHERE served_by = :scope_user
    UNION SELECT contact_id FROM chats
        WHERE department_id IN (SELECT value FROM json_each(:scope_rooms))
    UNION SELECT contact_id FROM chats WHERE status = 'queued'
        AND (department_id IN (SELECT value FROM json_each(:scope_queue))
             OR (department_id IS NULL AND :scope_public = 1))
    UNION SELECT id FROM contacts WHERE created_by = :scope_user
    UNION SELECT id FROM contacts WHERE manager_id = :scope_user
"""
_REFERENCE_ORDER = {
    ContactSort.NAME: ("k.sort_name", "k.id"),
    ContactSort.LAST_CHAT: ("coalesce(k.last_chat_at, 0)", "k.id"),
    ContactSort.CREATED: ("k.created_at", "k.id"),
}


def reference_page(connection: sqlite3.Connection, query: ContactQuery, scope: Scope) -> ContactPage:
    conditions: list[str] = []
    values: dict[str, object] = {}
    if not scope.everything:
        conditions.append("k.id IN (" + _REFERENCE_VISIBLE + ")")
        values.update(parameters(scope))
    for number, word in enumerate(words(query.text)[:contact_list.MAX_WORDS]):
        conditions.append(f"k.search_text LIKE '%' || :word{number} || '%' ESCAPE '\\'")
        values[f"word{number}"] = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
    direction = "DESC" if query.descending else "ASC"
    order = ", ".join(f"{term} {direction}" for term in _REFERENCE_ORDER[query.sort])
    limit = max(0, min(query.limit, contact_list.MAX_PAGE))
    ids = [row[0] for row in connection.execute(
        "SELECT k.id FROM contacts k" + where + f" ORDER BY {order} LIMIT :limit OFFSET :offset",
        {**values, "limit": limit, "offset": max(0, query.offset)})]
    total = connection.execute("SELECT count(*) FROM contacts k" + where, values).fetchone()[0]
    return ContactPage(rows=tuple(contact_list.rows_for(connection, ids)), offset=max(0, query.offset),
                       total=int(total))


# -- a random desk -------------------------------------------------------------------------

def _desk(connection: sqlite3.Connection, rng: random.Random) -> None:
    build_sample_organisation(connection, size=SampleSize(contacts=250, messages=1_000), seed=5,
                              now=NOW)
    visitors = connection.execute("SELECT id, contact_id FROM visitors").fetchall()
    rows = []
    for number in range(450):
        visitor_id, contact_id = rng.choice(visitors)
        department = rng.choice(DEPARTMENTS)
        started = to_ms(NOW - timedelta(minutes=rng.randrange(100, 90_000)))
        rows.append((f"chat-t-{number}", visitor_id, contact_id, department, rng.choice(AGENTS),
                     started, started + 60_000, started + 120_000, "", "[]"))
    chats.insert_closed_many(connection, rows)
    for number in range(30):  # waiting, in a department or the public queue
        visitor_id, contact_id = rng.choice(visitors)
        connection.execute(
            "INSERT INTO chats (id, visitor_id, contact_id, department_id, status, created_at) "
            "VALUES (?, ?, ?, ?, 'queued', ?)",
            (f"chat-q-{number}", visitor_id, contact_id, rng.choice(DEPARTMENTS),
             to_ms(NOW) - number * 1_000))
    ids = [row[0] for row in connection.execute("SELECT id FROM contacts")]
    for contact_id in rng.sample(ids, 40):
        connection.execute("UPDATE contacts SET manager_id = ? WHERE id = ?",
                           (rng.choice(AGENTS), contact_id))
    for number in range(10):  # created by hand, no chat yet; some names alike, one accented
        contacts.insert_contact(connection, f"contact-hand-{number}",
                                rng.choice(("Élodie Brun", "elodie brun", "100% Sure_Thing", "Zoë")),
                                NOW - timedelta(days=number), created_by=rng.choice(AGENTS))


def _texts(connection: sqlite3.Connection, rng: random.Random) -> list[str]:
    """Fragments of what the contacts hold, short and long, several words, and odd characters."""
    held = [row[0] for row in connection.execute("SELECT search_text FROM contacts")]
    texts = ["", " ", "e", "an", "example", "widget visitor", "100%", "sure_", "_", "%", "\\",
             "ELODIE", "zoe", "nothing-like-this", "+44 7700", "a b c"]
    for _ in range(20):
        text = rng.choice(held)
        start = rng.randrange(len(text))
        texts.append(text[start:start + rng.randint(1, 12)])
    return texts


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "omnidesk.sqlite3"
    Database.open(path).close()
    connection = _connect(path)
    connection.execute("BEGIN")
    _desk(connection, random.Random(17))
    yield connection
    connection.rollback()
    connection.close()


def _scopes(connection: sqlite3.Connection) -> list[Scope]:
    return [scope_of(organisation.principal(connection, person.id))
            for person in organisation.people(connection)]


def _queries(rng: random.Random, texts: list[str], total: int) -> Iterator[ContactQuery]:
    for text in texts:
        for sort in ContactSort:
            descending = rng.random() < 0.5
            yield ContactQuery(text=text, sort=sort, descending=descending, offset=0,
                               limit=rng.choice((1, 7, 50, 200)))
            yield ContactQuery(text=text, sort=sort, descending=descending,
                               offset=rng.randrange(-3, total + 5), limit=rng.choice((0, 13, 200, 5_000)))


def _compare(connection: sqlite3.Connection, rng: random.Random, caches: dict[Scope, contact_list.ListCache],
             texts: list[str]) -> int:
    compared = 0
    for scope in _scopes(connection):
        cache = caches.setdefault(scope, contact_list.ListCache())
        total = reference_page(connection, ContactQuery(), scope).total
        for query in _queries(rng, texts, total):
            expected = reference_page(connection, query, scope)
            assert contact_list.page(connection, query, scope, cache) == expected, (scope.user_id, query)
            assert contact_list.page(connection, query, scope) == expected, (scope.user_id, query)
            compared += 1
    return compared


@pytest.mark.parametrize("small_scope", [0, 10_000])
def test_every_role_sees_what_the_first_implementation_showed(
        connection: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, small_scope: int) -> None:
    monkeypatch.setattr(contact_list, "SMALL_SCOPE", small_scope)
    rng = random.Random(small_scope)
    texts = _texts(connection, rng)
    caches: dict[Scope, contact_list.ListCache] = {}
    assert _compare(connection, rng, caches, texts) > 500
    assert {s.everything for s in _scopes(connection)} == {True, False}

    # The contacts change under the lists kept: every kind of change shows on the next page.
    visitor_id, contact_id = connection.execute(
        "SELECT id, contact_id FROM visitors ORDER BY id DESC LIMIT 1").fetchone()
    connection.execute(
        "INSERT INTO chats (id, visitor_id, contact_id, department_id, status, served_by, created_at) "
        "VALUES ('chat-new', ?, ?, 'dep-billing', 'open', 'u-dara', ?)", (visitor_id, contact_id,
                                                                          to_ms(NOW)))
    contacts.rename(connection, contact_id, "Aaron Aardvark")
    connection.execute("UPDATE chats SET served_by = 'u-hiro' WHERE id = 'chat-t-1'")
    connection.execute("UPDATE chats SET status = 'open', served_by = 'u-bo' WHERE id = 'chat-q-3'")
    connection.execute("UPDATE contacts SET manager_id = 'u-ana' WHERE id = 'contact-000007'")
    contacts.insert_contact(connection, "contact-late", "Late Comer", NOW, created_by="u-ana")
    contacts.rename_visitor(connection, visitor_id, "Renamed Visitor", "renamed@example.org")
    two = [row[0] for row in connection.execute("SELECT id FROM contacts ORDER BY id LIMIT 2")]
    contact_merge.merge_into(connection, two[0], [two[1]], at=NOW, actor=("u-sam", "Sam"), why="test")
    _compare(connection, rng, caches, [*texts, "aardvark", "late", "renamed"])


def test_a_list_kept_serves_its_pages_until_the_contacts_change(connection: sqlite3.Connection) -> None:
    maya = scope_of(organisation.principal(connection, "u-maya"))
    cache = contact_list.ListCache()
    first = contact_list.page(connection, ContactQuery(limit=10), maya, cache)
    generation = connection.execute("SELECT n FROM contact_list_generation").fetchone()[0]
    # A chat closing, a message, a note on the contact: the list is the same one.
    connection.execute("UPDATE chats SET status = 'closed' WHERE status = 'open'")
    connection.execute("UPDATE contacts SET unknown = 1 - unknown")
    assert connection.execute("SELECT n FROM contact_list_generation").fetchone()[0] == generation
    second = contact_list.page(connection, ContactQuery(offset=10, limit=10), maya, cache)
    assert second.total == first.total and second.rows != first.rows
    # A new chat in her unit: a new generation, and the new contact is on the list.
    contacts.insert_contact(connection, "contact-new", "Aaa First", NOW)
    connection.execute("INSERT INTO visitors (id, contact_id, name, channel, address, verified, "
                       "created_at) VALUES ('visitor-new', 'contact-new', 'Aaa', 'widget', 'w', 0, 0)")
    connection.execute("INSERT INTO chats (id, visitor_id, contact_id, department_id, status, "
                       "created_at) VALUES ('chat-new', 'visitor-new', 'contact-new', 'dep-support', "
                       "'queued', 0)")
    again = contact_list.page(connection, ContactQuery(limit=10), maya, cache)
    assert again.total == first.total + 1 and again.rows[0].id == "contact-new"
