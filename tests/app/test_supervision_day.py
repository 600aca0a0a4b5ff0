"""A unit's day hour by hour (UTC): chats started and closed, the longest queue, and the waits of
the chats assigned in each hour; from a live desk, from a database upgraded from the version
before queue stays were kept, and from a fresh sample desk."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.backends.day_figures import QueueStay, hour_figures, percentile
from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.demo import build_sample_organisation
from app.domain import HourFigures
from app.store import Database
from app.store.migrations import MIGRATIONS
from tests.app.supervision_desk import inquiry_in, northwind_desk, sign_in
from tests.conftest import SMALL_SAMPLE
from tests.contract.harness import EmbeddedHarness


@pytest.fixture
async def desk(tmp_path: Path, clock: ManualClock) -> AsyncIterator[EmbeddedHarness]:
    async with northwind_desk(tmp_path, clock) as harness:
        yield harness


def _at(clock: ManualClock, hour: int, minute: int) -> None:
    target = datetime(2026, 11, 25, hour, minute, tzinfo=UTC)
    clock.advance(target - clock.now())


def _figures(hour: HourFigures) -> tuple[int, int, int, float | None, float | None]:
    return hour.started, hour.closed, hour.queue_peak, hour.wait_p50_s, hour.wait_p90_s


async def test_the_day_counts_starts_closes_queue_peaks_and_waits_per_hour(
    desk: EmbeddedHarness, clock: ManualClock
) -> None:
    maya, ana, bo = await sign_in(desk, "maya"), await sign_in(desk, "ana"), await sign_in(desk, "bo")
    emil = await sign_in(desk, "emil")
    first = await inquiry_in(desk, "Support", "Avi First")  # 10:30
    _at(clock, 10, 35)
    sales = await inquiry_in(desk, "Sales", "Sol Sales")  # Revenue's: counts nowhere here
    _at(clock, 10, 40)
    billed = await inquiry_in(desk, "Billing", "Bea Billed")
    _at(clock, 10, 45)
    await emil.take(sales.id)
    _at(clock, 10, 50)
    chat = await ana.take(first.id)  # waited 20 minutes
    _at(clock, 11, 10)
    third = await inquiry_in(desk, "Support", "Cy Third")
    _at(clock, 11, 15)
    await ana.take(billed.id)  # waited 35 minutes
    _at(clock, 11, 20)
    await bo.take(third.id)  # waited 10 minutes
    _at(clock, 11, 30)
    await ana.close_chat(chat.id)
    _at(clock, 12, 5)
    await inquiry_in(desk, "Support", "Di Waiting")  # still waiting at 12:30
    _at(clock, 12, 30)

    day = await maya.unit_day(desk.org.unit("Customer Care").id, date(2026, 11, 25))
    assert [h.start for h in day.hours] == [datetime(2026, 11, 25, h, tzinfo=UTC) for h in range(24)]
    assert [_figures(h) for h in day.hours[10:13]] == [
        (2, 0, 2, 1200.0, 1200.0),
        (1, 1, 2, 600.0, 2100.0),
        (1, 0, 1, None, None),
    ]
    quiet = (0, 0, 0, None, None)  # the hours to come show no queue: nobody waits yet
    assert [_figures(h) for h in day.hours[:10] + day.hours[13:]] == [quiet] * 21
    revenue = await (await sign_in(desk, "tomas")).unit_day(desk.org.unit("Revenue").id, date(2026, 11, 25))
    assert _figures(revenue.hours[10]) == (1, 0, 1, 600.0, 600.0)


async def test_a_chat_sent_to_another_department_waits_again_there(
    desk: EmbeddedHarness, clock: ManualClock
) -> None:
    sam, ana = await sign_in(desk, "sam"), await sign_in(desk, "ana")
    await sign_in(desk, "emil")
    chat = await ana.take((await inquiry_in(desk, "Support")).id)  # taken at once, 10:30
    _at(clock, 10, 40)
    await ana.transfer(chat.id, to_department_id=desk.org.department("Sales").id)
    _at(clock, 10, 55)
    queued = [i for i in await sam.queue() if i.chat_id == chat.id]
    await sam.assign(queued[0].id, desk.org.person("emil").id)
    care = await sam.unit_day(desk.org.unit("Customer Care").id, date(2026, 11, 25))
    revenue = await sam.unit_day(desk.org.unit("Revenue").id, date(2026, 11, 25))
    # Taken the instant it arrived: a wait of 0, and never a queue.
    assert _figures(care.hours[10])[2:] == (0, 0.0, 0.0)
    assert _figures(revenue.hours[10])[2:] == (1, 900.0, 900.0)


def _previous_version(connection: sqlite3.Connection) -> None:
    """Rows as the desk wrote them before queue stays were kept."""
    run = connection.execute
    run("INSERT INTO departments (id, name) VALUES ('dep-a', 'A')")
    for user_id, name in (("u-ana", "Ana"), ("u-bo", "Bo")):
        run("INSERT INTO users (id, username, name, is_agent) VALUES (?, ?, ?, 1)",
            (user_id, name.lower(), name))
    run("INSERT INTO contacts VALUES ('k', 'Kim', 0)")
    run("INSERT INTO visitors (id, contact_id, name, channel, address, verified, created_at) "
        "VALUES ('v', 'k', 'Kim', 'widget', 'kim', 0, 0)")

    def chat(chat_id: str, status: str, agent: str | None, created: int, closed: int | None = None) -> None:
        run("INSERT INTO chats (id, visitor_id, contact_id, department_id, status, served_by, "
            "created_at, closed_at) VALUES (?, 'v', 'k', 'dep-a', ?, ?, ?, ?)",
            (chat_id, status, agent, created, closed))

    def say(chat_id: str, kind: str, author: str, text: str, at: int) -> None:
        run("INSERT INTO messages (chat_id, author_kind, author_id, author_name, text, sent_at, uid) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (chat_id, kind, author, author, text, at, f"{chat_id}-{at}"))

    chat("routed", "open", "u-ana", 1_000)
    say("routed", "system", "routing", "Routed to Ana. Why: load_balancing: u-ana has 0 open chats", 4_000)
    say("routed", "agent", "u-ana", "hi", 9_000)
    chat("taken", "closed", "u-bo", 2_000, 90_000)
    say("taken", "system", "u-bo", "Bo joined the chat.", 32_000)
    chat("history", "closed", "u-ana", 3_000, 80_000)  # imported: no notes, an agent's reply
    say("history", "visitor", "v", "hello", 3_000)
    say("history", "agent", "u-ana", "hello", 63_000)
    chat("unserved", "closed", None, 5_000, 45_000)
    chat("waiting", "queued", None, 6_000)
    run("INSERT INTO inquiries (id, chat_id, department_id, queued_at) "
        "VALUES ('i', 'waiting', 'dep-a', 7000)")


async def test_a_database_from_the_previous_version_gets_the_waits_its_history_tells(tmp_path: Path) -> None:
    version = next(number for number, migration in enumerate(MIGRATIONS)
                   if any("CREATE TABLE queue_waits" in statement for statement in migration))
    path = tmp_path / "omnidesk.sqlite3"
    old = Database.open(path, migrations=MIGRATIONS[:version])
    old.write_now(_previous_version)
    old.close()
    database = Database.open(path)
    try:
        def waits(connection: sqlite3.Connection) -> list[tuple[object, ...]]:
            return connection.execute("SELECT chat_id, department_id, queued_at, left_at, agent_id "
                                      "FROM queue_waits ORDER BY chat_id").fetchall()

        assert database.read_now(waits) == [
            ("history", "dep-a", 3_000, 63_000, "u-ana"),
            ("routed", "dep-a", 1_000, 4_000, "u-ana"),
            ("taken", "dep-a", 2_000, 32_000, "u-bo"),
            ("unserved", "dep-a", 5_000, 45_000, None),
            ("waiting", "dep-a", 7_000, None, None),
        ]

        def queue_again(connection: sqlite3.Connection) -> None:  # the trigger opens a new stay
            connection.execute("INSERT INTO inquiries (id, chat_id, department_id, queued_at) "
                               "VALUES ('i2', 'routed', 'dep-a', 99000)")

        database.write_now(queue_again)
        assert ("routed", "dep-a", 99_000, None, None) in database.read_now(waits)
    finally:
        database.close()


async def test_a_fresh_sample_desk_has_figures_for_today(tmp_path: Path, clock: ManualClock) -> None:
    database = Database.open(tmp_path / "sample.sqlite3")
    database.write_now(lambda c: build_sample_organisation(c, size=SMALL_SAMPLE, seed=7, now=clock.now()))
    engine = EmbeddedEngine(database, clock, run_timers=False)
    try:
        sam = await engine.sign_in("sam")
        day = await sam.unit_day("unit-care", clock.now().date())
        before_now = [h for h in day.hours if h.start < clock.now() - timedelta(hours=1)]
        assert sum(h.started for h in before_now) > 0
        assert any(h.wait_p50_s for h in before_now)
        # The sample's waiting inquiries are today's queue, as it stands now.
        assert day.hours[clock.now().hour].queue_peak >= 6
    finally:
        await engine.aclose()
        database.close()


def test_hour_figures_count_a_hand_over_once_and_a_stay_still_open_until_now() -> None:
    day = date(2026, 11, 25)

    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 11, 25, hour, minute, tzinfo=UTC)

    stays = [
        QueueStay(at(8, 50), at(9, 10), served=True),  # waiting as 9:00 begins: 20 min
        QueueStay(at(9, 10), at(9, 20), served=True),  # arrives as the first leaves: never 2
        QueueStay(at(9, 15), at(9, 40), served=False),  # left unserved: no wait counted
        QueueStay(at(9, 30), None, served=False),  # still waiting at 11:15
    ]
    hours = hour_figures(day, [at(9, 10)], [at(10, 5)], stays, now=at(11, 15))
    assert [(h.queue_peak, h.wait_p50_s, h.wait_p90_s) for h in hours[8:13]] == [
        (1, None, None), (2, 600.0, 1200.0), (1, None, None), (1, None, None), (0, None, None)]
    assert [(h.started, h.closed) for h in hours[9:11]] == [(1, 0), (0, 1)]
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.9) == 5.0 and percentile([], 0.5) is None
