"""An agent's load (Agent.open_chats) is stored by routing with its decisions: always equal to the
routing engine's, and each command writes only the agents and chats it touched."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.domain import ChatStatus
from app.store import Database, chats, organisation
from tests.app.configure import configure


async def _same_load(engine: EmbeddedEngine, database: Database) -> dict[str, int]:
    """The stored load, checked against routing's and against the chats served."""
    routing = await engine.routing()
    stored = {a.id: a.open_chats for a in await database.read(organisation.agents)}
    assert stored == {a.id: a.open_chats for a in routing.agents.values()}

    def count(connection: sqlite3.Connection) -> dict[str, int]:
        return {agent_id: chats.open_chat_count(connection, agent_id) for agent_id in stored}

    assert stored == await database.read(count)
    return stored


async def test_agent_open_chats_follows_holds_resumes_transfers_and_closes(
    database: Database, clock: ManualClock
) -> None:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    try:
        ana, bo = await engine.sign_in("ana"), await engine.sign_in("bo")
        before = await _same_load(engine, database)
        waiting = [i for i in await ana.queue() if i.department_id == "dep-support"]
        first, second = await ana.take(waiting[0].id), await ana.take(waiting[1].id)
        assert (await _same_load(engine, database))["u-ana"] == before["u-ana"] + 2
        steps = [
            lambda: ana.put_on_hold(first.id),  # on hold: not load
            lambda: ana.resume(first.id),
            lambda: ana.transfer(first.id, to_agent_id="u-bo"),
            lambda: ana.transfer(second.id, to_agent_id="u-bo"),
            lambda: bo.put_on_hold(second.id),
            lambda: bo.transfer(first.id, to_department_id="dep-billing"),  # back to a queue
            lambda: bo.close_chat(second.id),  # closing an on-hold chat
        ]
        loads = []
        for step in steps:
            clock.advance(timedelta(seconds=5))
            await step()
            loads.append(await _same_load(engine, database))
        assert [(load["u-ana"], load["u-bo"]) for load in loads] == [
            (before["u-ana"] + 1, before["u-bo"]),
            (before["u-ana"] + 2, before["u-bo"]),
            (before["u-ana"] + 1, before["u-bo"] + 1),
            (before["u-ana"], before["u-bo"] + 2),
            (before["u-ana"], before["u-bo"] + 1),
            (before["u-ana"], before["u-bo"]),
            (before["u-ana"], before["u-bo"]),
        ]
        assert (await database.read(lambda c: chats.chat(c, second.id))).status is ChatStatus.CLOSED
        await ana.aclose()
        await bo.aclose()
    finally:
        await engine.aclose()


async def test_a_command_writes_only_the_agents_and_chats_it_touched(
    database: Database, clock: ManualClock
) -> None:
    configure(database, routing_method="load_balancing", waiting_queue="true")
    engine = EmbeddedEngine(database, clock, run_timers=False)
    try:
        routing = await engine.routing()  # starts: the sample's queue is routed
        bo = await engine.sign_in("bo")
        statements: list[str] = []
        database.write_now(lambda c: c.set_trace_callback(statements.append))
        clock.advance(timedelta(seconds=5))
        mine = await bo.my_chats()
        await bo.close_chat(mine[0].id)  # frees capacity: the next waiting inquiry is routed
        database.write_now(lambda c: c.set_trace_callback(None))
        agents_written = [s for s in statements if s.startswith("UPDATE users SET open_chats")]
        chats_written = [s for s in statements if "routing_chats" in s]
        assert len(routing.agents) == 9
        assert 1 <= len(agents_written) <= 2, agents_written
        assert 1 <= len(chats_written) <= 2, chats_written
        await bo.aclose()
    finally:
        await engine.aclose()
