"""Routing resumes exactly where it stood after a restart: the same agents chosen, the same timers
firing at the same instants, as in a run that never restarted."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.backends.embedded import EmbeddedEngine
from app.backends.embedded.apply import Request
from app.clock import ManualClock
from app.demo import build_sample_organisation
from app.domain import AgentStatus, AuthorKind, Chat
from app.routing.decisions import Decision
from app.routing.engine import RoutingEngine
from app.store import Database, chats, organisation
from tests.conftest import SMALL_SAMPLE

# A Wednesday, ten minutes before the Billing office opens in New York (09:00 there, 14:00 UTC).
START = datetime(2026, 11, 25, 13, 50, tzinfo=UTC)
AUTO_TRANSFER_S = 60


class Desk:
    """The embedded desk on a hand-driven clock, restarted on demand: the old engine stops (no
    sign-out: a restart is not a goodbye), the database file is opened again, a new engine built."""

    def __init__(self, path: Path, method: str, restarts: bool) -> None:
        self.path = path
        self.clock = ManualClock(START)
        self.database = Database.open(path)
        self.database.write_now(lambda c: _sample(c, method, self.clock.now()))
        counter = itertools.count()
        self.new_id: Callable[[], str] = lambda: f"id-{next(counter):04d}"
        self.engine = EmbeddedEngine(self.database, self.clock, new_id=self.new_id, run_timers=False)
        self.restarts = restarts
        self.log: list[Any] = []

    async def checkpoint(self, closed_for: float = 0) -> None:
        """Restart here (in the run with restarts), the desk closed for `closed_for` seconds.
        What falls due meanwhile is decided when the desk starts again; in the run without
        restarts, by a timer run at the same instant (neither is logged: the digest compares)."""
        if not self.restarts:
            self.clock.advance(timedelta(seconds=closed_for))
            await self.engine.run_due_timers()
            return
        await self.engine.aclose()
        self.database.close()
        self.clock.advance(timedelta(seconds=closed_for))
        self.database = Database.open(self.path)
        self.engine = EmbeddedEngine(self.database, self.clock, new_id=self.new_id, run_timers=False)
        await self.engine.routing()  # the desk starts at once

    async def decide(self, decide: Callable[[RoutingEngine], list[Decision]],
                     request: Request | None = None) -> None:
        decisions = await self.engine.command(decide, request=request)
        self.log.append([_decision(d) for d in decisions])
        await self.check_load()

    async def visitor(self, number: int, department: str | None) -> str:
        inquiry = await self.engine.open_chat(visitor_id=f"visitor-{number:06d}-0", text=f"help {number}",
                                              department_id=department)
        chat = await self.database.read(lambda c: chats.chat(c, inquiry.chat_id))
        self.log.append(("opened", chat.id, chat.served_by_id))
        await self.check_load()
        return chat.id

    async def answer_all(self, agent_id: str) -> None:
        for chat in await self.served_by(agent_id):
            await self.engine.add_message(chat.id, "on it", author_kind=AuthorKind.AGENT,
                                          check=_any_chat, author=(agent_id, agent_id))
            self.log.append(("answered", chat.id))

    async def served_by(self, agent_id: str) -> list[Chat]:
        def read(connection: sqlite3.Connection) -> list[Chat]:
            return [chats.chat(connection, s.id) for s in chats.active_chats_served_by(connection, agent_id)]

        return await self.database.read(read)

    async def later(self, seconds: float) -> None:
        self.clock.advance(timedelta(seconds=seconds))
        await self.decide(lambda routing: routing.advance())

    async def check_load(self) -> None:
        """The stored load (Agent.open_chats) is the routing engine's, after every step."""
        routing = await self.engine.routing()
        stored = {a.id: a.open_chats for a in await self.database.read(organisation.agents)}
        assert stored == {a.id: a.open_chats for a in routing.agents.values()}

    async def close(self) -> None:
        await self.engine.aclose()
        self.database.close()


def _any_chat(chat: Chat) -> None:
    return None


def _sample(connection: sqlite3.Connection, method: str, now: datetime) -> None:
    build_sample_organisation(connection, size=SMALL_SAMPLE, seed=7, now=now)
    for key, value in (("routing_method", method), ("waiting_queue", "true"),
                       ("max_chats_per_agent", "4"), ("auto_transfer_unanswered_s", str(AUTO_TRANSFER_S))):
        organisation.set_setting(connection, key, value)


def _decision(decision: Decision) -> tuple[Any, ...]:
    return (decision.at, decision.outcome.value, decision.reason, decision.inquiry, decision.chat,
            decision.agent, decision.department, decision.previous_agent, decision.error)


def _digest(connection: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Everything routing decided, as the store has it."""
    queries = {
        "chats": "SELECT id, status, served_by, department_id, closed_at FROM chats "
                 "WHERE id NOT LIKE 'chat-0%' ORDER BY id",
        "notes": "SELECT chat_id, sent_at, author_id, text FROM messages WHERE author_kind = 'system' "
                 "ORDER BY id",
        "transfers": "SELECT chat_id, at, by_id, from_agent_id, to_agent_id, to_department_id, comment "
                     "FROM transfers ORDER BY id",
        "agents": "SELECT id, status, availability, paused_by_business_hours, open_chats, served_count, "
                  "last_routed_at, last_assigned_at FROM users ORDER BY id",
        "served_in": "SELECT department_id, user_id, served_count FROM department_agents ORDER BY 1, 2",
        "queue": "SELECT chat_id, department_id, priority, queued_at, sequence FROM inquiries ORDER BY 1",
        "routing_chats": "SELECT * FROM routing_chats ORDER BY chat_id",
        # A timer's sequence only orders timers due at the same instant: compare the order.
        "timers": "SELECT kind, target, due, rank() OVER (ORDER BY sequence) FROM routing_timers "
                  "ORDER BY kind, target",
        "clock": "SELECT * FROM routing_clock",
    }
    return {name: connection.execute(sql).fetchall() for name, sql in queries.items()}


async def _scenario(desk: Desk) -> None:
    """Agents in four departments; chats that are answered and chats that are not (moved on by
    the auto-transfer timer); holds, transfers, closes; the Billing office opening at 14:00."""
    await desk.decide(lambda routing: routing.dispatch())  # start: the sample's queue is routed
    for agent in ("u-fatima", "u-gabe", "u-tomas"):
        await desk.decide(lambda routing, who=agent: routing.set_agent(  # type: ignore[misc]
            who, status=AgentStatus.ONLINE))
    for number, department in enumerate(["dep-support", "dep-sales", "dep-onboarding", None,
                                         "dep-billing", "dep-support"]):
        await desk.later(5)
        await desk.visitor(10 + number, department)
    for agent in ("u-ana", "u-emil", "u-hiro"):
        await desk.answer_all(agent)
    await desk.later(10)
    await desk.checkpoint()  # unanswered chats are waiting for their auto-transfer timers
    await desk.later(35)  # 13:51:05: the first timers are due
    await desk.later(20)
    held = (await desk.served_by("u-ana"))[0].id
    await desk.decide(lambda routing: routing.on_hold(held), Request("u-ana", "Ana Souza"))
    for number in range(2):
        await desk.later(3)
        await desk.visitor(20 + number, "dep-support")
    await desk.decide(lambda routing: routing.resume(held), Request("u-ana", "Ana Souza"))
    moved = (await desk.served_by("u-emil"))[0].id
    await desk.decide(lambda routing: routing.transfer(moved, to_agent="u-fatima"),
                      Request("u-emil", "Emil Novak", comment="Fatima knows this"))
    requeued = (await desk.served_by("u-hiro"))[0].id
    await desk.decide(lambda routing: routing.transfer(requeued, to_department="dep-sales"),
                      Request("u-hiro", "Hiro Tanaka", comment="a sales question"))
    for agent in ("u-bo", "u-chen"):
        oldest = (await desk.served_by(agent))[0].id
        await desk.decide(lambda routing, chat=oldest: routing.close(chat),  # type: ignore[misc]
                          Request(agent, agent))
    await desk.later(30)
    for agent in ("u-ana", "u-fatima"):
        await desk.answer_all(agent)
    await desk.later(60 * 7 + 5)  # 13:59:16
    await desk.checkpoint()
    for number in range(3):
        await desk.later(3)
        await desk.visitor(30 + number, ["dep-billing", "dep-support", "dep-billing"][number])
    await desk.later(20)  # 13:59:45
    # Closed for a minute: the Billing office opens (14:00:00) and the new chats' auto-transfer
    # timers fall due meanwhile; each is decided at its own instant when the desk starts again.
    await desk.checkpoint(closed_for=60)
    await desk.visitor(33, "dep-billing")
    await desk.answer_all("u-dara")
    await desk.later(45)
    await desk.checkpoint()  # auto-transfers due in the next seconds
    await desk.later(20)
    for number in range(4):
        await desk.later(1)
        await desk.visitor(34 + number, "dep-support" if number % 2 else None)
    await desk.later(120)


@pytest.mark.parametrize("method", ["load_balancing", "load_rotation", "auto_selection"])
async def test_routing_after_a_restart_decides_as_if_it_had_kept_running(tmp_path: Path, method: str) -> None:
    runs = {}
    for restarts in (False, True):
        desk = Desk(tmp_path / f"restarts-{restarts}.sqlite3", method, restarts)
        try:
            await _scenario(desk)
            runs[restarts] = (desk.log, await desk.database.read(_digest))
        finally:
            await desk.close()
    (log, digest), (log_restarted, digest_restarted) = runs[False], runs[True]
    # The scenario exercises what a restart used to forget.
    assert any("did not answer within" in note[3] for note in digest["notes"])
    assert any(agent[5] > 0 and agent[6] is not None for agent in digest["agents"])
    assert any(note[3].startswith("Routed to Dara") for note in digest["notes"])  # the office opened
    for index, (step, step_restarted) in enumerate(zip(log, log_restarted, strict=True)):
        assert step == step_restarted, f"step {index} differs after a restart"
    for name in digest:
        assert digest[name] == digest_restarted[name], name


async def test_an_inquiry_that_fell_back_waits_in_the_same_line_after_a_restart(tmp_path: Path) -> None:
    desk = Desk(tmp_path / "omnidesk.sqlite3", "manual_selection", restarts=True)
    try:
        await desk.engine.set_presence("u-emil", AgentStatus.OFFLINE)  # nobody left in Sales
        chat_id = await desk.visitor(12, "dep-sales")

        async def waiting() -> tuple[Any, ...]:
            inquiry = (await desk.engine.routing()).queue.get(chat_id)
            assert inquiry is not None
            return (inquiry.department, inquiry.note, inquiry.sequence, inquiry.queued_at)

        before = await waiting()
        assert before[:2] == ("dep-support", "nobody online in dep-sales; fell back to dep-support")
        await desk.checkpoint()
        assert await waiting() == before
        # The chat moved to the line routing put it in, as Rocket.Chat forwards the room: who sees
        # it and who may take it agree with routing.
        row = await desk.database.read(lambda c: c.execute(
            "SELECT i.department_id, c.department_id FROM inquiries i JOIN chats c ON c.id = i.chat_id "
            "WHERE i.chat_id = ?", (chat_id,)).fetchone())
        assert row == ("dep-support", "dep-support")
    finally:
        await desk.close()


async def test_a_chat_moved_on_once_is_not_moved_on_again_after_a_restart(tmp_path: Path) -> None:
    # Rocket.Chat's afterTakeInquiry schedules no auto-transfer for a room with autoTransferredAt:
    # the mark is saved with the waiting inquiry and with the chat, so a restart keeps it.
    desk = Desk(tmp_path / "omnidesk.sqlite3", "manual_selection", restarts=True)
    try:
        chat_id = await desk.visitor(10, "dep-support")
        await desk.decide(lambda routing: routing.take(chat_id, "u-ana"), Request("u-ana", "Ana Souza"))
        await desk.later(AUTO_TRANSFER_S)  # Ana did not answer: back to the queue, once
        routing = await desk.engine.routing()
        waiting = routing.queue.get(chat_id)
        assert waiting is not None and waiting.auto_transferred
        await desk.checkpoint()
        await desk.decide(lambda routing: routing.take(chat_id, "u-bo"), Request("u-bo", "Bo Lindqvist"))
        await desk.checkpoint()
        routing = await desk.engine.routing()
        assert routing.chats[chat_id].inquiry.auto_transferred
        await desk.later(AUTO_TRANSFER_S * 3)  # Bo does not answer either: the chat stays his
        assert (await desk.database.read(lambda c: chats.chat(c, chat_id))).served_by_id == "u-bo"
    finally:
        await desk.close()
