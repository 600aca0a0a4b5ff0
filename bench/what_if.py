"""What-if benchmark: a day of 2,000 chats replayed twice (published and edited settings).

Builds the sample organisation, writes a busy day (2,000 chats over the day, across its
departments, served by its agents, lasting 2 to 20 minutes), then times, as an admin would run
it through `EmbeddedBackend.what_if`:
- the baseline: reading the day's traffic from the store alone;
- the whole what-if, for edits that keep the desk's manual selection busy (one agent fewer in
  Support) and that switch it to load balancing with a waiting queue.
Target (issue #9): well under 2 s for the whole what-if.

    .venv/bin/python bench/what_if.py [--chats 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.config import Kind, Record
from app.demo import SampleSize, build_sample_organisation
from app.store import Database, configuration
from app.store.traffic import day_traffic

DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


def _write_day(connection: sqlite3.Connection, chats: int) -> None:
    picker = random.Random(9)
    visitors = connection.execute("SELECT id, contact_id FROM visitors").fetchall()
    members = connection.execute("SELECT department_id, user_id FROM department_agents").fetchall()
    start = datetime.combine(DAY, datetime.min.time(), tzinfo=UTC)
    rows = []
    for number in range(chats):
        visitor_id, contact_id = picker.choice(visitors)
        department_id, agent_id = picker.choice(members)
        # Busier in office hours: two thirds of the chats between 08:00 and 18:00.
        hour = picker.uniform(8, 18) if picker.random() < 2 / 3 else picker.uniform(0, 24)
        created = start + timedelta(hours=hour)
        closed = created + timedelta(seconds=picker.uniform(120, 1200))
        rows.append((f"bench-{number:05d}", visitor_id, contact_id, department_id, agent_id,
                     int(created.timestamp() * 1000), int(closed.timestamp() * 1000)))
    connection.executemany(
        "INSERT INTO chats (id, visitor_id, contact_id, department_id, status, served_by, created_at, "
        "closed_at) VALUES (?, ?, ?, ?, 'closed', ?, ?, ?)", rows)


async def _timed(runs: int, work: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    """The medians of `runs` timings of `work`, in seconds: wall clock, and the CPU time this
    process spent (all threads), which other work on a shared machine does not inflate."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        await work()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Database.open(Path(folder) / "omnidesk.sqlite3")
        try:
            database.write_now(lambda c: build_sample_organisation(
                c, size=SampleSize(contacts=300, messages=20_000), seed=7, now=NOW))
            database.write_now(lambda c: _write_day(c, options.chats))
            asyncio.run(_run(database, options.chats, options.runs))
        finally:
            database.close()


async def _run(database: Database, chats: int, runs: int) -> None:
    current = await database.read(configuration.read_records)
    routing = next(r for r in current if r.kind is Kind.ROUTING)
    support = next(r for r in current if (r.kind, r.id) == (Kind.DEPARTMENT, "dep-support"))
    agent_ids = support.fields["agent_ids"]
    assert isinstance(agent_ids, list)
    edits = {
        "one agent fewer in Support (manual)": [
            Record(Kind.DEPARTMENT, support.id, {**support.fields, "agent_ids": agent_ids[1:]}, 1)],
        "load balancing, waiting queue": [
            Record(Kind.ROUTING, routing.id, {**routing.fields, "routing_method": "load_balancing",
                                              "waiting_queue": True}, 1)],
    }
    engine = EmbeddedEngine(database, ManualClock(NOW), run_timers=False)
    admin = await engine.sign_in("sam")
    try:
        async def read_traffic() -> object:
            return await database.read(lambda c: day_traffic(c, DAY))

        print(f"what-if over {chats} chats on {DAY}, median of {runs} runs")
        baseline, baseline_cpu = await _timed(runs, read_traffic)
        print(f"  baseline: reading the day's traffic alone  {baseline * 1000:8.1f} ms "
              f"(CPU {baseline_cpu * 1000:.1f} ms)")
        for label, edited in edits.items():
            async def whole(edited: list[Record] = edited) -> object:
                return await admin.what_if(edited, DAY)

            seconds, cpu = await _timed(runs, whole)
            result = await admin.what_if(edited, DAY)
            print(f"  what-if: {label:<34} {seconds * 1000:8.1f} ms (CPU {cpu * 1000:.0f} ms; "
                  "target < 2000 ms; "
                  f"wait p90 {result.before.wait_p90_s or 0:.0f} s -> {result.after.wait_p90_s or 0:.0f} s, "
                  f"{len(result.differences)} chats differ)")
    finally:
        await admin.aclose()
        await engine.aclose()


if __name__ == "__main__":
    main()
