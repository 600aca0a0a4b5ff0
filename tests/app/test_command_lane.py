"""Bursts (issue #12): the store saves the writes asked for meanwhile in one transaction, and the
engine runs the commands that came while one batch was saved as the next batch, in the order
they came; a write or command that fails fails alone, and nothing is lost or doubled."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator, Callable

import pytest

from app.backends.embedded import EmbeddedEngine
from app.backends.events import Event, InquiryQueued, MessageAdded
from app.clock import ManualClock
from app.domain import AuthorKind
from app.errors import NotAllowed
from app.store import Database, organisation


def _count_commits(database: Database) -> list[int]:
    """How many transactions the writer commits from now on (one counter, updated live)."""
    commits = [0]

    def traced(statement: str) -> None:
        if statement.strip().upper() == "COMMIT":
            commits[0] += 1

    database._writer.set_trace_callback(traced)
    return commits


@pytest.fixture
async def engine(database: Database, clock: ManualClock) -> AsyncIterator[EmbeddedEngine]:
    made = EmbeddedEngine(database, clock, run_timers=False)
    await made.routing()
    yield made
    await made.aclose()


async def test_writes_asked_together_share_a_transaction_and_fail_alone(database: Database) -> None:
    commits = _count_commits(database)

    def setting(key: str, *, fail: bool = False) -> Callable[[sqlite3.Connection], str]:
        def work(connection: sqlite3.Connection) -> str:
            organisation.set_setting(connection, key, "yes")
            if fail:
                raise NotAllowed("no", code="test-refusal")
            return key
        return work

    results = await asyncio.gather(*(database.write(setting(f"burst-{n}", fail=n == 7)) for n in range(40)),
                                   return_exceptions=True)
    assert isinstance(results[7], NotAllowed)
    assert [r for n, r in enumerate(results) if n != 7] == [f"burst-{n}" for n in range(40) if n != 7]
    saved = database.read_now(lambda c: {n for n in range(40) if organisation.setting(c, f"burst-{n}")})
    assert saved == set(range(40)) - {7}  # the failed one left nothing; the others are all there
    assert commits[0] < 40 / 4  # a burst is a few transactions, not one each


async def test_a_burst_of_chats_is_routed_in_the_order_it_came_in_few_transactions(
    engine: EmbeddedEngine,
) -> None:
    visitors = engine.database.read_now(lambda c: [row[0] for row in c.execute(
        "SELECT id FROM visitors ORDER BY id LIMIT 60")])
    seen: list[Event] = []
    subscription = engine.bus.subscribe(lambda event: isinstance(event, InquiryQueued))

    async def collect() -> None:
        async for event in subscription:
            seen.append(event)

    collector = asyncio.ensure_future(collect())
    commits = _count_commits(engine.database)
    opened = await asyncio.gather(*(engine.open_chat(visitor_id=v, text=f"Hello from {v}",
                                                      department_id="dep-sales") for v in visitors))
    await asyncio.sleep(0.05)
    subscription.close()
    await asyncio.gather(collector, return_exceptions=True)
    routing = await engine.routing()
    # Told in the order routing decided: who was told first waits ahead.
    told = [e.inquiry.chat_id for e in seen if isinstance(e, InquiryQueued)
            and e.inquiry.chat_id in routing.queue]
    assert len(told) == sum(1 for inquiry in opened if inquiry.chat_id in routing.queue) > 10
    positions = [routing.queue.position(chat_id) for chat_id in told]
    assert positions == sorted(positions)
    assert commits[0] < len(visitors) / 4


async def test_a_failing_command_fails_alone_and_the_others_are_saved(engine: EmbeddedEngine) -> None:
    def keep(key: str, *, fail: bool = False):
        def write(connection: sqlite3.Connection) -> list[Event]:
            organisation.set_setting(connection, key, "yes")
            if fail:
                raise RuntimeError("the disk said no")
            return []
        return write

    def refuse(connection: sqlite3.Connection) -> None:
        raise NotAllowed("not this one", code="test-refusal")

    results = await asyncio.gather(
        engine.command(lambda routing: [], before=keep("lane-a")),
        engine.command(lambda routing: [], before=keep("lane-b"), authorize=refuse),
        engine.command(lambda routing: [], before=keep("lane-c", fail=True)),
        engine.command(lambda routing: [], before=keep("lane-d")),
        return_exceptions=True,
    )
    assert results[0] == [] and results[3] == []
    assert isinstance(results[1], NotAllowed) and isinstance(results[2], RuntimeError)
    kept = engine.database.read_now(lambda c: {k for k in ("lane-a", "lane-b", "lane-c", "lane-d")
                                               if organisation.setting(c, k)})
    assert kept == {"lane-a", "lane-d"}
    # Routing was rebuilt after the failed write and goes on deciding.
    await engine.set_presence("u-bo", (await engine.routing()).agents["u-bo"].status)


async def test_visitors_writing_at_once_lose_nothing_and_double_nothing(engine: EmbeddedEngine) -> None:
    visitors = engine.database.read_now(lambda c: [row[0] for row in c.execute(
        "SELECT id FROM visitors ORDER BY id LIMIT 20")])
    opened = [await engine.open_chat(visitor_id=v, text="Hi", department_id="dep-support") for v in visitors]
    received: Counter[str] = Counter()
    order: dict[str, list[str]] = {}
    subscription = engine.bus.subscribe(
        lambda e: isinstance(e, MessageAdded) and e.message.author_kind is AuthorKind.VISITOR)

    async def collect() -> None:
        async for event in subscription:
            assert isinstance(event, MessageAdded)
            received[event.message.text] += 1
            order.setdefault(event.message.chat_id, []).append(event.message.text)

    collector = asyncio.ensure_future(collect())
    sent = [(inquiry.chat_id, f"{inquiry.chat_id} #{n}") for n in range(10) for inquiry in opened]
    await asyncio.gather(*(engine.post_visitor_message(chat_id, text) for chat_id, text in sent))
    await asyncio.sleep(0.05)
    subscription.close()
    await asyncio.gather(collector, return_exceptions=True)
    assert received == Counter(text for _chat, text in sent)  # each once: none lost, none doubled
    for inquiry in opened:
        assert order[inquiry.chat_id] == [f"{inquiry.chat_id} #{n}" for n in range(10)]
    stored = engine.database.read_now(lambda c: c.execute(
        "SELECT count(*) FROM messages WHERE text LIKE '% #%'").fetchone()[0])
    assert stored == len(sent)
