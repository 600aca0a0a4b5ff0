"""A database written before routing state was saved (schema version 6) upgrades with what its
tables tell: each agent's load and counters, the served chats' routing facts, the queue's order,
and the timers the settings call for; routing then starts from them."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.routing.decisions import Outcome
from app.routing.timers import TimerKind
from app.store import Database, organisation
from app.store.migrations import MIGRATIONS
from app.store.rows import to_ms

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def _ms(seconds: float) -> int:
    return to_ms(T0 + timedelta(seconds=seconds))


def _version_6(connection: sqlite3.Connection) -> None:
    """Rows as the desk wrote them before this change, routing notes included."""
    run = connection.execute
    for key, value in (("routing_method", "manual_selection"), ("auto_transfer_unanswered_s", "30"),
                       ("max_queue_wait_s", "600"), ("abandoned_action", "close"),
                       ("visitor_inactivity_s", "900")):
        run("INSERT INTO settings VALUES (?, ?)", (key, value))
    run("INSERT INTO departments (id, name) VALUES ('dep-a', 'A'), ('dep-b', 'B')")
    for user_id, name in (("u-ana", "Ana"), ("u-bo", "Bo"), ("u-cy", "Cy")):
        run("INSERT INTO users (id, username, name, is_agent, status, availability) "
            "VALUES (?, ?, ?, 1, 'online', 'available')", (user_id, name.lower(), name))
    run("INSERT INTO department_agents VALUES ('dep-a', 'u-ana', 0), ('dep-b', 'u-ana', 1), "
        "('dep-a', 'u-bo', 0), ('dep-b', 'u-cy', 0)")
    run("INSERT INTO contacts VALUES ('k', 'Kim', 0)")
    run("INSERT INTO visitors (id, contact_id, name, channel, address, verified, created_at) "
        "VALUES ('v', 'k', 'Kim', 'widget', 'kim', 0, 0)")

    def chat(chat_id: str, department: str | None, status: str, agent: str | None, created: float) -> None:
        run("INSERT INTO chats (id, visitor_id, contact_id, department_id, status, served_by, created_at) "
            "VALUES (?, 'v', 'k', ?, ?, ?, ?)", (chat_id, department, status, agent, _ms(created)))

    def say(chat_id: str, kind: str, author: str, text: str, at: float) -> None:
        run("INSERT INTO messages (chat_id, author_kind, author_id, author_name, text, sent_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", (chat_id, kind, author, author, text, _ms(at)))

    # c1: routed to Ana, who answered; the visitor has been silent since.
    chat("c1", "dep-a", "open", "u-ana", 0)
    say("c1", "visitor", "v", "hello", 0)
    say("c1", "system", "routing", "Routed to Ana. Why: load_balancing: u-ana has 0 open chats", 1)
    say("c1", "agent", "u-ana", "hi", 20)
    # c2: Bo took it by hand and has not answered.
    chat("c2", "dep-a", "open", "u-bo", 5)
    say("c2", "system", "u-bo", "Bo joined the chat.", 6)
    # c3: routed to Cy, who did not answer; routing moved it to Ana, who answered, then held it.
    chat("c3", "dep-b", "on_hold", "u-ana", -300)
    say("c3", "system", "routing", "Routed to Cy. Why: load_balancing: u-cy has 0 open chats", -299)
    run("INSERT INTO transfers (chat_id, at, by_id, from_agent_id, to_agent_id, comment) "
        "VALUES ('c3', ?, 'routing', 'u-cy', 'u-ana', 'u-cy did not answer within 30 s; ...')", (_ms(-269),))
    say("c3", "agent", "u-ana", "here", -250)
    # c4: closed long ago, routed to Bo.
    chat("c4", "dep-a", "closed", "u-bo", -3600)
    say("c4", "system", "routing", "Routed to Bo. Why: load_balancing: u-bo has 0 open chats", -3599)
    # Waiting: two in dep-b queued in the same millisecond, one in the public queue before them.
    for chat_id, department, queued in (("c6", "dep-b", 10), ("c5", "dep-b", 10), ("c7", None, 2)):
        chat(chat_id, department, "queued", None, queued)
        run("INSERT INTO inquiries (id, chat_id, department_id, queued_at) VALUES (?, ?, ?, ?)",
            (f"i-{chat_id}", chat_id, department, _ms(queued)))


async def test_a_version_6_database_upgrades_with_the_routing_state_its_tables_tell(tmp_path: Path) -> None:
    path = tmp_path / "omnidesk.sqlite3"
    old = Database.open(path, migrations=MIGRATIONS[:6])
    old.write_now(_version_6)
    old.close()

    database = Database.open(path)
    try:
        def read(sql: str) -> list[tuple[object, ...]]:
            return database.read_now(lambda c: c.execute(sql).fetchall())

        # On-hold chats are not load; a take is an assignment but not routed.
        assert {a.id: a.open_chats for a in database.read_now(organisation.agents)} == {
            "u-ana": 1, "u-bo": 1, "u-cy": 0}
        assert read("SELECT id, served_count, last_routed_at, last_assigned_at FROM users ORDER BY id") == [
            ("u-ana", 2, _ms(1), _ms(1)), ("u-bo", 1, _ms(-3599), _ms(6)), ("u-cy", 1, _ms(-299), _ms(-299))]
        assert read("SELECT department_id, user_id, served_count FROM department_agents ORDER BY 1, 2") == [
            ("dep-a", "u-ana", 1), ("dep-a", "u-bo", 1), ("dep-b", "u-ana", 1), ("dep-b", "u-cy", 1)]
        assert read("SELECT chat_id, assigned_at, answered, unanswered_by, last_agent_message_at, "
                    "last_visitor_message_at, queued_at FROM routing_chats ORDER BY chat_id") == [
            ("c1", _ms(1), 1, "[]", _ms(20), _ms(0), _ms(0)),
            ("c2", _ms(6), 0, "[]", None, None, _ms(5)),
            ("c3", _ms(-269), 1, '["u-cy"]', _ms(-250), None, _ms(-300)),
        ]
        # Moved on once for going unanswered (the transfer routing made): not moved on again.
        assert read("SELECT chat_id, auto_transferred, arrived_at, waiting_response FROM routing_chats "
                    "ORDER BY chat_id") == [
            ("c1", 0, None, None), ("c2", 0, None, None), ("c3", 1, None, None)]
        assert read("SELECT chat_id, sequence, line_department_id FROM inquiries ORDER BY sequence") == [
            ("c7", 1, None), ("c5", 2, "dep-b"), ("c6", 3, "dep-b")]
        assert read("SELECT kind, target, due, sequence FROM routing_timers ORDER BY sequence") == [
            ("auto_transfer", "c2", _ms(36), 1),
            ("queue_wait", "c7", _ms(602), 2),
            ("queue_wait", "c5", _ms(610), 3),
            ("queue_wait", "c6", _ms(610), 4),
            ("abandoned", "c1", _ms(920), 5),
        ]

        # Routing starts from that state, and its first timer fires at its instant.
        clock = ManualClock(T0 + timedelta(seconds=30))
        engine = EmbeddedEngine(database, clock, run_timers=False)
        try:
            routing = await engine.routing()
            ana = routing.agents["u-ana"]
            assert (ana.served_count, dict(ana.served_in), ana.open_chats) == (2, {"dep-a": 1, "dep-b": 1}, 1)
            assert routing.chats["c3"].unanswered_by == {"u-cy"} and not routing.chats["c2"].answered
            assert routing.chats["c3"].inquiry.auto_transferred
            # Waiting for a response: the visitor wrote last, or no agent ever did.
            assert [routing.chats[c].waiting_response for c in ("c1", "c2", "c3")] == [False, True, False]
            assert [i.id for i in routing.queue.in_order()] == ["c7", "c5", "c6"]
            assert routing.timer(TimerKind.ABANDONED, "c1") is not None
            clock.advance(timedelta(seconds=10))
            decisions = await engine.run_due_timers()
            assert [(d.at, d.outcome, d.chat) for d in decisions] == [
                (T0 + timedelta(seconds=36), Outcome.REQUEUED, "c2")]
            assert read("SELECT auto_transferred FROM inquiries WHERE chat_id = 'c2'") == [(1,)]
            assert read("SELECT now FROM routing_clock") == [(_ms(40),)]
        finally:
            await engine.aclose()
    finally:
        database.close()
