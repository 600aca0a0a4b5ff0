"""Contact Center benchmark: the contact list of a 100,000-contact desk, as an admin, a monitor
and an agent page, search and scroll it through `contacts_page`.

The desk is the sample organisation (app.demo) with 100,000 contacts (1-3 channels each, a
share verified), then every contact given 1-8 closed chats of history in bulk, in random
departments served by that department's agents (so many contacts have chats across
departments), a few with a contact manager, a conflict, or created by hand by the agent. It is
built once (about a minute) and cached under bench/.data, keyed by the schema (a change to any
migration rebuilds it); every run measures a copy of it, so nothing measured leaks into the cache.

Figures, for Sam (admin, sees every contact), Maya (monitor of Support and Billing) and Ana (agent
in Support and Billing), through the embedded backend (its reader thread included):
- open: the first page of 200 sorted by name, cold (database just opened, its file evicted from
  the OS page cache) and warm;
- type: search-as-you-type, one `contacts_page(text=prefix)` per keystroke over names, email and
  phone fragments from the data, and the common-word worst case ('example', 'widget visitor',
  matching most contacts) also on its own line;
- scroll: pages of 200 at sequential offsets across the whole list, and random jumps;
- open by last chat, newest first (the other order a person picks).
Each beside a baseline on the same file in the same run: the raw `SELECT id, name FROM contacts
ORDER BY sort_name, id LIMIT 200 OFFSET n` for pages, and a raw LIKE scan counting the contacts
that hold the same words for keystrokes; with the ratio. Each figure is the median of --runs.

    PYTHONPATH=. .venv/bin/python bench/contacts.py [--quick] [--runs 3] [--json results.json]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.clock import ManualClock
from app.contacts.text import fold
from app.demo import SampleSize, build_sample_organisation
from app.domain import ContactQuery, ContactSort
from app.store import Database, chats
from app.store.migrations import MIGRATIONS
from app.store.rows import to_ms

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".data"
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
PAGE = 200
ROLES = (("admin", "sam"), ("monitor", "maya"), ("agent", "ana"))
# Bump when the desk built below changes, so cached files are rebuilt.
DESK_VERSION = 2
# Who serves each department in the sample (app.demo.generator's staff).
STAFFED = {
    "dep-support": ("u-ana", "u-bo", "u-chen", "u-gabe"),
    "dep-billing": ("u-ana", "u-dara"),
    "dep-sales": ("u-emil", "u-fatima", "u-tomas"),
    "dep-onboarding": ("u-chen", "u-fatima", "u-hiro"),
}
# Chats of history per contact: most wrote once or twice, a few keep coming back.
CHATS_PER_CONTACT = (1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 8)
RAW_PAGE = "SELECT id, name FROM contacts ORDER BY sort_name, id LIMIT ? OFFSET ?"
RAW_LIKE = "SELECT count(*) FROM contacts WHERE "


# -- the desk ------------------------------------------------------------------------------

def _schema_tag() -> str:
    """The schema version and a digest of every migration: the unreleased last migration may
    still change without its number changing."""
    digest = hashlib.sha256("\x00".join(s for m in MIGRATIONS for s in m).encode()).hexdigest()
    return f"v{len(MIGRATIONS)}-{digest[:10]}-d{DESK_VERSION}"


def _add_history(connection: sqlite3.Connection, rng: random.Random) -> int:
    """Closed chats for every contact, in bulk (the generator writes a transcript for each chat,
    too slow for 100,000 contacts' history; the contact list reads chats, not messages)."""
    departments = sorted(STAFFED)
    visitors: dict[str, list[str]] = {}
    for visitor_id, contact_id in connection.execute(
            "SELECT id, contact_id FROM visitors ORDER BY contact_id, id"):
        visitors.setdefault(contact_id, []).append(visitor_id)
    created = dict(connection.execute("SELECT id, created_at FROM contacts"))
    rows: list[tuple[str, str, str, str | None, str, int, int, int, str, str]] = []
    now = to_ms(NOW)
    number = 0
    for contact_id in sorted(visitors):
        for _ in range(rng.choice(CHATS_PER_CONTACT)):
            department = rng.choice(departments)
            # A contact made within the last hour (the sample's newest) still wrote before it.
            started = rng.randrange(min(created[contact_id], now - 7_200_000), now - 3_600_000)
            ended = started + rng.randrange(120_000, 3_600_000)
            rows.append((f"chat-bench-{number:07d}", rng.choice(visitors[contact_id]), contact_id,
                         department, rng.choice(STAFFED[department]), started, ended,
                         ended + 60_000, "", "[]"))
            number += 1
    chats.insert_closed_many(connection, rows)
    return number


def _add_details(connection: sqlite3.Connection, rng: random.Random) -> None:
    """Contact managers, conflicts and contacts an agent created by hand (no chat yet)."""
    ids = [row[0] for row in connection.execute("SELECT id FROM contacts ORDER BY id")]
    agents = sorted({agent for staff in STAFFED.values() for agent in staff})
    connection.executemany("UPDATE contacts SET manager_id = ? WHERE id = ?",
                           [(rng.choice(agents), i) for i in rng.sample(ids, len(ids) // 30)])
    connection.executemany(
        "INSERT INTO contact_conflicts (contact_id, field, value, at, source) "
        "VALUES (?, 'name', ?, ?, 'bench')",
        [(i, f"Other name {n}", to_ms(NOW)) for n, i in enumerate(rng.sample(ids, len(ids) // 100))])
    connection.executemany(
        "INSERT INTO contacts (id, name, created_at, created_by) VALUES (?, ?, ?, 'u-ana')",
        [(f"contact-by-hand-{n:03d}", f"Hand Made {n}", to_ms(NOW) - n * 60_000) for n in range(40)])


def _build(path: Path, contacts: int, messages: int) -> None:
    database = Database.open(path)
    try:
        summary = database.write_now(lambda c: build_sample_organisation(
            c, size=SampleSize(contacts=contacts, messages=messages), seed=7, now=NOW))
        rng = random.Random(11)
        history = database.write_now(lambda c: _add_history(c, rng))
        database.write_now(lambda c: _add_details(c, rng))
    finally:
        database.close()
    print(f"  {summary.contacts:,} contacts, {summary.visitors:,} visitors, "
          f"{summary.chats + history:,} chats, {summary.messages:,} messages")


def ensure_desk(contacts: int, messages: int) -> Path:
    directory = CACHE / f"contacts-{contacts}-{messages}-{_schema_tag()}"
    path = directory / "omnidesk.sqlite3"
    if not path.exists():
        print(f"building the benchmark desk in {directory} (once)…", flush=True)
        started = time.perf_counter()
        building = directory / "building"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        _build(building / "omnidesk.sqlite3", contacts, messages)
        (building / "omnidesk.sqlite3").rename(path)
        shutil.rmtree(building)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


# -- measuring -----------------------------------------------------------------------------

def _evict(path: Path) -> None:
    """Drop the file's pages from the OS cache, as after a reboot (clean pages only)."""
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            fd = os.open(file, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _timed(work: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await work()
    return _ms(started)


def _raw_timed(connection: sqlite3.Connection, sql: str, parameters: tuple[object, ...]) -> float:
    started = time.perf_counter()
    connection.execute(sql, parameters).fetchall()
    return _ms(started)


def _like(text: str) -> tuple[str, tuple[object, ...]]:
    """The raw LIKE scan of the baseline: every folded word somewhere in search_text."""
    found = fold(text).split()
    if not found:
        return RAW_LIKE + "1", ()
    return (RAW_LIKE + " AND ".join("search_text LIKE '%' || ? || '%'" for _ in found),
            tuple(found))


@dataclass(frozen=True, slots=True)
class Typing:
    """What people type: names, email and phone fragments, and the common-word worst case."""

    terms: tuple[str, ...]
    common: tuple[str, ...]

    def keystrokes(self, terms: tuple[str, ...]) -> list[str]:
        return [term[:n] for term in terms for n in range(1, len(term) + 1)]


def _typing(path: Path, rng: random.Random) -> Typing:
    """Terms from contacts all three roles see (the agent served them), so every search finds."""
    connection = sqlite3.connect(path)
    try:
        seen = [row for row in connection.execute(
            "SELECT k.name, k.emails, k.phones FROM contacts k WHERE k.id IN "
            "(SELECT contact_id FROM chats WHERE served_by = 'u-ana' "
            " AND department_id IN ('dep-support', 'dep-billing')) ORDER BY k.id")]
    finally:
        connection.close()
    picked = rng.sample(seen, 400)
    names = [name for name, _, _ in picked[:10]]
    emails = [json.loads(e)[0].split("@")[0] for _, e, _ in picked if json.loads(e)][:5]
    phones = [json.loads(p)[0][-6:] for _, _, p in picked if json.loads(p)][:3]
    return Typing(terms=(*names, *emails, *phones), common=("example", "widget visitor"))


@dataclass
class Figures:
    """Per role, per figure: (omnidesk ms, baseline ms)."""

    values: dict[tuple[str, str], tuple[float, float]]

    def put(self, role: str, figure: str, value: float, baseline: float) -> None:
        self.values[(role, figure)] = (value, baseline)


async def _open_cold(path: Path, username: str) -> tuple[float, float]:
    """The first page on a database just opened with its file out of the OS cache, and the raw
    query likewise."""
    database = Database.open(path)
    engine = EmbeddedEngine(database, ManualClock(NOW), run_timers=False)
    try:
        backend = await engine.sign_in(username)
        _evict(path)
        cold = await _timed(lambda: backend.contacts_page(ContactQuery(limit=PAGE)))
    finally:
        await engine.aclose()
        database.close()
    connection = sqlite3.connect(path)
    try:
        connection.execute("SELECT 1 FROM sqlite_schema LIMIT 1").fetchall()
        _evict(path)
        raw = _raw_timed(connection, RAW_PAGE, (PAGE, 0))
    finally:
        connection.close()
    return cold, raw


def _sample(items: list[T], most: int | None) -> list[T]:
    """All of them, or at most `most` evenly spaced among them."""
    return items if most is None or len(items) <= most else items[::len(items) // most + 1]


async def _measure_role(backend: EmbeddedBackend, raw: sqlite3.Connection, role: str,
                        typing: Typing, rng: random.Random, figures: Figures,
                        most: int | None) -> dict[str, int]:
    first = ContactQuery(limit=PAGE)
    await backend.contacts_page(first)
    warm = [await _timed(lambda: backend.contacts_page(first)) for _ in range(20)]
    raw_warm = [_raw_timed(raw, RAW_PAGE, (PAGE, 0)) for _ in range(20)]
    figures.put(role, "open warm p50", statistics.median(warm), statistics.median(raw_warm))

    newest = ContactQuery(sort=ContactSort.LAST_CHAT, descending=True, limit=PAGE)
    by_chat = [await _timed(lambda: backend.contacts_page(newest)) for _ in range(10)]
    figures.put(role, "open by last chat p50", statistics.median(by_chat),
                statistics.median(raw_warm))

    keystrokes = 0
    for label, terms in (("type", (*typing.terms, *typing.common)), ("type common", typing.common)):
        keys = _sample(typing.keystrokes(terms), most)
        keystrokes = keystrokes or len(keys)
        ours = [await _timed(lambda k=key: backend.contacts_page(ContactQuery(text=k, limit=PAGE)))
                for key in keys]
        theirs = [_raw_timed(raw, *_like(key)) for key in keys]
        figures.put(role, f"{label} p50", statistics.median(ours), statistics.median(theirs))
        figures.put(role, f"{label} p95", _percentile(ours, 0.95), _percentile(theirs, 0.95))

    total = (await backend.contacts_page(first)).total
    offsets = list(range(0, total, PAGE))
    jumps = _sample([rng.randrange(total) for _ in range(min(200, len(offsets)))], most)
    offsets = _sample(offsets, most)
    for label, chosen in (("scroll", offsets), ("jump", jumps)):
        ours = [await _timed(lambda o=offset: backend.contacts_page(ContactQuery(offset=o, limit=PAGE)))
                for offset in chosen]
        theirs = [_raw_timed(raw, RAW_PAGE, (PAGE, offset)) for offset in chosen]
        figures.put(role, f"{label} p50", statistics.median(ours), statistics.median(theirs))
        figures.put(role, f"{label} p99", _percentile(ours, 0.99), _percentile(theirs, 0.99))
    return {"contacts": total, "keystrokes": keystrokes, "pages": len(offsets), "jumps": len(jumps)}


async def _run(path: Path, typing: Typing, seed: int,
               most: int | None) -> tuple[Figures, dict[str, dict[str, int]]]:
    figures = Figures({})
    counts: dict[str, dict[str, int]] = {}
    for role, username in ROLES:
        colds = [await _open_cold(path, username) for _ in range(3)]
        figures.put(role, "open cold", statistics.median(c for c, _ in colds),
                    statistics.median(r for _, r in colds))
    database = Database.open(path)
    engine = EmbeddedEngine(database, ManualClock(NOW), run_timers=False)
    raw = sqlite3.connect(path)
    try:
        for role, username in ROLES:
            backend = await engine.sign_in(username)
            counts[role] = await _measure_role(backend, raw, role, typing, random.Random(seed),
                                               figures, most)
    finally:
        raw.close()
        await engine.aclose()
        database.close()
    return figures, counts


FIGURES = ("open cold", "open warm p50", "open by last chat p50", "type p50", "type p95",
           "type common p50", "type common p95", "scroll p50", "scroll p99", "jump p50", "jump p99")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 contacts instead of 100,000")
    parser.add_argument("--runs", type=int, default=3, help="figures are the median of these")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--most", type=int, metavar="N",
                        help="at most N keystrokes, pages and jumps per figure (for slow code)")
    options = parser.parse_args()
    contacts, messages = (10_000, 20_000) if options.quick else (100_000, 200_000)
    cached = ensure_desk(contacts, messages)
    runs: list[Figures] = []
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "omnidesk.sqlite3"
        shutil.copyfile(cached, path)
        megabytes = path.stat().st_size / 1e6
        typing = _typing(path, random.Random(3))
        for run in range(options.runs):
            started = time.perf_counter()
            figures, counts = asyncio.run(_run(path, typing, seed=run, most=options.most))
            runs.append(figures)
            print(f"run {run + 1}/{options.runs}: {time.perf_counter() - started:.0f} s", flush=True)
    median = {key: (statistics.median(r.values[key][0] for r in runs),
                    statistics.median(r.values[key][1] for r in runs)) for key in runs[0].values}
    print(f"desk: {contacts:,} contacts; {megabytes:.0f} MB; SQLite {sqlite3.sqlite_version}; "
          f"median of {options.runs} runs; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for role, _ in ROLES:
        seen = counts[role]
        print(f"{role}: sees {seen['contacts']:,} contacts; {seen['keystrokes']} keystrokes, "
              f"{seen['pages']} sequential pages, {seen['jumps']} jumps")
    print("baselines: pages = raw SELECT id, name FROM contacts ORDER BY sort_name, id LIMIT 200 "
          "OFFSET n; type = raw count(*) WHERE search_text LIKE each word")
    print(f"{'figure':24}" + "".join(f"{role + ' ms':>12}{'base':>8}{'x':>7}" for role, _ in ROLES))
    for figure in FIGURES:
        line = f"{figure:24}"
        for role, _ in ROLES:
            value, baseline = median[(role, figure)]
            line += f"{value:12.2f}{baseline:8.2f}{value / baseline if baseline else 0:7.1f}"
        print(line)
    if options.json:
        options.json.write_text(json.dumps({
            "contacts": contacts, "runs": options.runs, "sqlite": sqlite3.sqlite_version,
            "roles": counts,
            "figures": [{"role": role, "figure": figure, "ms": value, "baseline_ms": baseline}
                        for (role, figure), (value, baseline) in median.items()],
        }, indent=2) + "\n")


if __name__ == "__main__":
    main()
