"""The desk's first frame (app.backends.embedded.snapshot): read from the store before the engine
starts, it shows what the backend answers once the agent is signed in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from app.backends.embedded import EmbeddedEngine
from app.backends.embedded.snapshot import read_desk_snapshot
from app.clock import ManualClock
from app.domain import AgentStatus
from app.store import Database

AGENTS = ("ana", "bo", "chen", "dara", "emil", "fatima", "gabe", "hiro", "tomas")


@pytest.fixture
async def engine(database: Database, clock: ManualClock) -> AsyncIterator[EmbeddedEngine]:
    made = EmbeddedEngine(database, clock, run_timers=False)
    yield made
    await made.aclose()


@pytest.mark.parametrize("username", AGENTS)
async def test_the_snapshot_is_what_the_backend_answers(engine: EmbeddedEngine, username: str) -> None:
    # Signing in may route waiting chats to the agent: the snapshot is read after that, as the
    # store holds it for the next start, and compared with a fresh sign-in that routes nothing.
    first = await engine.sign_in(username)
    mine = await first.my_chats()
    if mine:  # a visitor message the agent has not read
        await engine.post_visitor_message(mine[0].id, "Still there?")
    snapshot = engine.database.read_now(lambda c: read_desk_snapshot(c, username))
    backend = await engine.sign_in(username)
    assert snapshot is not None
    assert snapshot.queue or snapshot.my_chats  # the sample gives every agent something to show
    assert not mine or snapshot.unread
    assert snapshot.principal == await backend.me()
    assert snapshot.capabilities == backend.capabilities()
    assert snapshot.department_names == {d.id: d.name for d in await backend.departments()}
    assert snapshot.queue == await backend.queue()
    assert snapshot.my_chats == await backend.my_chats()
    assert snapshot.unread == await backend.unread_counts()
    assert snapshot.agent == next(a for a in await backend.agents() if a.id == snapshot.principal.id)
    await first.aclose()
    await backend.aclose()


async def test_an_agent_who_left_away_starts_away(engine: EmbeddedEngine) -> None:
    bo = await engine.sign_in("bo")
    await bo.set_status(AgentStatus.AWAY)
    await bo.aclose()
    await engine.set_presence("u-bo", AgentStatus.OFFLINE)  # the app was closed
    snapshot = engine.database.read_now(lambda c: read_desk_snapshot(c, "bo"))
    assert snapshot is not None and snapshot.agent.status is AgentStatus.AWAY


async def test_nobody_to_show_a_desk_for(engine: EmbeddedEngine,
                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    read = engine.database.read_now
    assert read(lambda c: read_desk_snapshot(c, "zed")) is None  # signing in says who exists
    assert read(lambda c: read_desk_snapshot(c, "maya")) is None  # a monitor starts on the dashboard
    assert read(lambda c: read_desk_snapshot(c, "sam")) is None  # the admin in administration
    smoke = read(lambda c: read_desk_snapshot(c, None))  # the smoke test: the first agent
    assert smoke is not None and smoke.principal.username == "ana"
    empty = Database.open(tmp_path_factory.mktemp("empty") / "omnidesk.sqlite3")
    try:
        assert empty.read_now(lambda c: read_desk_snapshot(c, "ana")) is None  # a first run
    finally:
        empty.close()
