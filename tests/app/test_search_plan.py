"""The desk-wide search's query plan (app.store.messages.search, issue #12) finds what the query
it replaced found: the same hits, snippets and order, for everyone, over random desks."""

from __future__ import annotations

import random
import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from app import policy
from app.demo import SampleSize, build_sample_organisation
from app.domain import Attachment, AuthorKind, ChatStatus, SearchHit
from app.policy import Scope
from app.store import Database, messages, organisation
from app.store import scope as visible
from tests.conftest import WEDNESDAY_MORNING

M = messages


def _before(connection: sqlite3.Connection, query: str, scope: Scope, limit: int) -> list[SearchHit]:
    """The search as it was: every match joined, filtered and given its snippet, then ranked."""
    rows = connection.execute(
        f"SELECT {M._MESSAGE_COLUMNS}, v.name, "
        f"snippet(messages_fts, 0, '{M.MATCH_START}', '{M.MATCH_END}', '…', 12), c.status "
        "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
        "LEFT JOIN attachments a ON a.message_id = m.id "
        "JOIN chats c ON c.id = m.chat_id JOIN visitors v ON v.id = c.visitor_id "
        f"WHERE messages_fts MATCH :query AND {M._SPOKEN} AND " + visible.visible_chat("c")
        + " ORDER BY messages_fts.rank, m.id DESC LIMIT :limit",
        {"query": query, "limit": limit, **visible.parameters(scope)},
    )
    count = M._COLUMN_COUNT
    return [SearchHit(message=M._message(row[:count]), visitor_name=row[count], snippet=row[count + 1],
                      chat_status=ChatStatus(row[count + 2])) for row in rows]


def _stir(connection: sqlite3.Connection, rng: random.Random) -> None:
    """Make the sample a random desk: chats moved between departments, agents and states;
    notes, the desk's system lines, files and browser context rows among the messages."""
    chats = [row[0] for row in connection.execute("SELECT id FROM chats ORDER BY id")]
    departments = [row[0] for row in connection.execute("SELECT id FROM departments")] + [None]
    agents = [row[0] for row in connection.execute("SELECT id FROM users WHERE is_agent = 1")] + [None]
    for chat_id in rng.sample(chats, len(chats) // 4):
        status = rng.choice(["queued", "open", "on_hold", "closed"])
        connection.execute("UPDATE chats SET department_id = ?, served_by = ?, status = ? WHERE id = ?",
                           (rng.choice(departments), None if status == "queued" else rng.choice(agents),
                            status, chat_id))
    texts = [row[0] for row in connection.execute("SELECT text FROM messages ORDER BY id LIMIT 300")]
    for number, chat_id in enumerate(rng.choices(chats, k=120)):
        kind = rng.choice([AuthorKind.NOTE, AuthorKind.SYSTEM, AuthorKind.AGENT])
        at = WEDNESDAY_MORNING + timedelta(seconds=number)
        if rng.random() < 0.3:
            M.add_context(connection, chat_id, message_id=f"context-{number}", sent_at=at,
                          facts={"page": "Order status", "title": rng.choice(texts)[:40], "url": "https://x.example"})
        else:
            file = Attachment(id=f"{number:032x}", name="order-status.pdf", media_type="application/pdf",
                              size=1_000) if rng.random() < 0.2 and kind is AuthorKind.AGENT else None
            M.add_message(connection, chat_id, message_id=f"stirred-{number}", author_kind=kind,
                          author_id=None, author_name="Desk", text=rng.choice(texts), sent_at=at,
                          attachment=file)


def _queries(connection: sqlite3.Connection, rng: random.Random) -> list[str]:
    """What people type: words of the desk's messages (common and rare), prefixes, two words,
    and words found only in notes, system lines or context rows."""
    texts = [row[0] for row in connection.execute("SELECT text FROM messages ORDER BY random() LIMIT 60")]
    words = sorted({w.lower() for text in texts for w in re.findall(r"\w+", text)})
    typed = rng.sample(words, min(25, len(words)))
    typed += [w[: rng.randint(1, max(1, len(w) - 1))] for w in rng.sample(words, 8)]
    typed += [" ".join(rng.sample(words, 2)) for _ in range(6)]
    typed += ["the", "order", "status", "desk", "title", "x.example"]
    found = [M.fts_query(text) for text in typed]
    return [query for query in found if query is not None]


@pytest.mark.parametrize("seed", range(5))
def test_the_same_hits_as_the_search_it_replaced_for_everyone(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    database = Database.open(tmp_path / "omnidesk.sqlite3")
    try:
        size = SampleSize(contacts=rng.randint(15, 50), messages=rng.randint(600, 2_000))
        database.write_now(lambda c: build_sample_organisation(c, size=size, seed=seed,
                                                               now=WEDNESDAY_MORNING))
        database.write_now(lambda c: _stir(c, rng))

        def compare(connection: sqlite3.Connection) -> int:
            compared = 0
            queries = _queries(connection, rng)
            for person in organisation.people(connection):
                scope = policy.scope_of(organisation.principal(connection, person.id))
                for query in queries:
                    for limit in (1, 7, 50):
                        assert M.search(connection, query, scope=scope, limit=limit) == \
                            _before(connection, query, scope, limit), (person.username, query, limit)
                        compared += 1
            return compared

        assert database.read_now(compare) > 1_000
        # The comparison meant something: hits for someone, notes among them, none of the rest.
        everyone = Scope(user_id="", everything=True, queue_departments=frozenset(), public_queue=False,
                         room_departments=frozenset(), contact_history=False)
        hits = database.read_now(lambda c: M.search(c, '"the"', scope=everyone, limit=500)
                                 + M.search(c, '"order"', scope=everyone, limit=500))
        assert hits and all(h.message.author_kind is not AuthorKind.SYSTEM for h in hits)
    finally:
        database.close()
