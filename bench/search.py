"""Search benchmark: the desk-wide search of each role on the 1M-message desk, beside raw FTS5.

The desk is bench/startup.py's (10,000 contacts, 1,000,000 messages, built once under
bench/.data). Words are drawn (seeded) from the desk's own messages: one word of each of
--words random messages, searched as a user types it (app.store.messages.fts_query: the last
word a prefix). The sample's vocabulary is small, so common words match hundreds of thousands of
messages: the most common ones are also measured on their own line, the worst case a real desk
meets.

For Ana (agent in Support and Billing), Maya (monitor of Customer Care), Tomás (monitor of
Revenue and agent in Sales) and Sam (admin), the store's scoped search (messages.search, the
query Backend.search runs, with the scope app.policy gives them) is timed beside the raw
`SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rank LIMIT 50` of the same
query on the same connection, one after the other, --rounds times. Prints p50/p95 of both and
the ratio. Target (issue #12): the scoped search's p95 at most 1.5x the raw one, for every role.

    PYTHONPATH=. .venv/bin/python bench/search.py [--words 40] [--rounds 3] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from app import policy
from app.policy import Scope
from app.store import Database, messages, organisation

ROOT = Path(__file__).resolve().parents[1]

ROLES = {"agent (ana)": "ana", "monitor (maya)": "maya", "monitor+agent (tomas)": "tomas",
         "admin (sam)": "sam"}
COMMON = 3
_WORD = re.compile(r"\w+")
RAW = "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rank LIMIT 50"


def _desk() -> Path:
    """bench/startup.py's desk, built as it builds it when it is not there yet."""
    data_dir = ROOT / "bench" / ".data" / "10000-1000000"
    if not (data_dir / "omnidesk.sqlite3").exists():
        print(f"building the benchmark desk in {data_dir} (once)…", flush=True)
        subprocess.run([sys.executable, "-m", "ui.launch", "demo-data", "--data-dir", str(data_dir),
                        "--contacts", "10000", "--messages", "1000000"], check=True, cwd=ROOT)
    return data_dir


def _words(connection: sqlite3.Connection, count: int, rng: random.Random) -> list[str]:
    """One word of each of `count` random messages people wrote (three letters or more)."""
    top = connection.execute("SELECT max(id) FROM messages").fetchone()[0]
    found: list[str] = []
    while len(found) < count:
        row = connection.execute(
            "SELECT text FROM messages WHERE id >= ? AND author_kind != 'system' LIMIT 1",
            (rng.randint(1, top),)).fetchone()
        words = [w for w in _WORD.findall(row[0] if row else "") if len(w) >= 3]
        if words:
            found.append(rng.choice(words).lower())
    return found


def _most_common(connection: sqlite3.Connection, words: list[str], count: int) -> list[str]:
    matches = {w: connection.execute("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?",
                                     (messages.fts_query(w),)).fetchone()[0] for w in set(words)}
    return sorted(matches, key=lambda w: (-matches[w], w))[:count]


def _scope(connection: sqlite3.Connection, username: str) -> Scope:
    person = organisation.person_by_username(connection, username)
    return policy.scope_of(organisation.principal(connection, person.id))


def _time(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _measure(connection: sqlite3.Connection, scope: Scope, words: list[str], rounds: int
             ) -> tuple[list[float], list[float]]:
    """(scoped ms, raw ms) for each word, each round, alternating."""
    scoped: list[float] = []
    raw: list[float] = []
    for _ in range(rounds):
        for word in words:
            query = messages.fts_query(word)
            assert query is not None
            raw.append(_time(lambda q=query: connection.execute(RAW, (q,)).fetchall()))  # type: ignore[misc]
            scoped.append(_time(lambda q=query: messages.search(connection, q, scope=scope)))  # type: ignore[misc]
    return scoped, raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--data-dir", type=Path, help="another desk than bench/startup.py's")
    options = parser.parse_args()
    data_dir = options.data_dir or _desk()
    database = Database.open(data_dir / "omnidesk.sqlite3")  # migrated to this version first
    database.close()
    connection = sqlite3.connect(data_dir / "omnidesk.sqlite3", isolation_level=None)
    connection.execute("PRAGMA query_only = ON")
    try:
        words = _words(connection, options.words, random.Random(options.seed))
        common = _most_common(connection, words, COMMON)
        total = connection.execute("SELECT count(*) FROM messages").fetchone()[0]
        print(f"desk: {total:,} messages; {len(words)} words from its messages, {options.rounds} rounds; "
              f"most common: {', '.join(common)}")
        print(f"{'':24} {'words':>6} {'p50 ms':>8} {'p95 ms':>8} {'raw p50':>8} {'raw p95':>8} "
              f"{'ratio p50':>9} {'ratio p95':>9}")
        for role, username in ROLES.items():
            scope = _scope(connection, username)
            for label, chosen in (("", words), (" common", common)):
                scoped, raw = _measure(connection, scope, chosen, options.rounds)
                p50, p95 = statistics.median(scoped), _percentile(scoped, 0.95)
                r50, r95 = statistics.median(raw), _percentile(raw, 0.95)
                print(f"{role + label:24} {len(chosen):>6} {p50:>8.1f} {p95:>8.1f} {r50:>8.1f} {r95:>8.1f} "
                      f"{p50 / r50:>8.2f}x {p95 / r95:>8.2f}x")
        print("target: the scoped p95 at most 1.5x the raw one, for every role")
    finally:
        connection.close()


if __name__ == "__main__":
    main()
