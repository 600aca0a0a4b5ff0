"""A remote server's configuration, as a test double of `Administration` over its own SQLite file.

It survives a `kill -9` of the process using it (every change is one transaction), keeps a
version per record, the change ids it applied, a history of every application (so a test can
prove nothing was applied twice), and every `apply_change` call that reached it, in order of
arrival, noting those that repeat a change id: applying an id once only hides a change sent
twice, the arrivals show it. It decides as the real backends do: the same conflict rule
(`conflicts_between`) and the same validation (`require_valid`). Tests take it offline, edit it
"as someone else", forbid a kind, or lose the answer to a change that was applied.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.clock import Clock
from app.config import (
    Applied,
    AuditEntry,
    Change,
    ChangeOutcome,
    Conflicted,
    JsonValue,
    Kind,
    Op,
    Record,
    conflicts_between,
)
from app.config.relations import apply_change
from app.config.validate import require_valid
from app.errors import InvalidInput, NotAllowed, Offline

if TYPE_CHECKING:
    from app.backends.contract import Administration
    from app.domain.whatif import WhatIf

SOMEONE_ELSE = "someone-else"

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS records (
        kind TEXT NOT NULL, entity_id TEXT NOT NULL, fields TEXT NOT NULL, version INTEGER NOT NULL,
        PRIMARY KEY (kind, entity_id))""",
    "CREATE TABLE IF NOT EXISTS applied (change_id TEXT PRIMARY KEY)",
    # One row per application: no uniqueness here, so a double application would show.
    """CREATE TABLE IF NOT EXISTS history (
        n INTEGER PRIMARY KEY AUTOINCREMENT, change_id TEXT NOT NULL, made_by TEXT NOT NULL,
        at TEXT NOT NULL, kind TEXT NOT NULL, entity_id TEXT NOT NULL, op TEXT NOT NULL,
        before TEXT NOT NULL, after TEXT NOT NULL, version INTEGER NOT NULL)""",
    # One row per apply_change call that reached the server, whatever came of it, committed
    # before the change is decided: a change sent again shows here even when nothing is applied.
    """CREATE TABLE IF NOT EXISTS arrivals (
        n INTEGER PRIMARY KEY AUTOINCREMENT, change_id TEXT NOT NULL,
        repeat INTEGER NOT NULL, already_applied INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS arrivals_by_change ON arrivals (change_id)",
)


@dataclass(frozen=True, slots=True)
class Arrival:
    """One apply_change call that reached the server."""

    n: int  # order of arrival, from 1, over the file's life
    change_id: str
    repeat: bool  # the same change id had arrived before
    already_applied: bool  # ... and had been applied: this call applied nothing


class RemoteConfig:
    def __init__(self, path: Path, *, clock: Clock, records: Iterable[Record] = (),
                 latency_s: float = 0.0) -> None:
        """`records` seed a new file; `latency_s` is spent on the way to the server and again on
        the way back (a change is applied in between)."""
        self.path = path
        self._latency_s = latency_s
        self._clock = clock
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")
        self._db.execute("PRAGMA busy_timeout = 5000")
        for statement in _SCHEMA:
            self._db.execute(statement)
        if not self._db.execute("SELECT 1 FROM records LIMIT 1").fetchone():
            with self._transaction():
                for record in records:
                    self._store(record)
        self._offline = False
        self._forbidden: dict[Kind, str] = {}
        self._lose_next_answer = False
        self.calls = 0  # apply_change calls that reached the server

    # -- what tests do to it -----------------------------------------------------------------

    def go_offline(self) -> None:
        self._offline = True

    def come_online(self) -> None:
        self._offline = False

    def forbid(self, kind: Kind, message: str) -> None:
        """Answer NotAllowed(message) to every change of `kind`."""
        self._forbidden[kind] = message

    def lose_next_answer(self) -> None:
        """Apply the next change, then raise Offline as if the answer were lost on the way."""
        self._lose_next_answer = True

    def edit_by_someone_else(self, kind: Kind, entity_id: str, fields: Mapping[str, JsonValue]) -> Record:
        """Another admin's change, applied at once (online or not: it happens on the server)."""
        current = self.current(kind, entity_id)
        assert current is not None, f"no {kind} {entity_id} on the remote"
        change = Change(uuid.uuid4().hex, kind, entity_id, Op.UPDATE, dict(fields),
                        {name: current.fields.get(name) for name in fields}, current.version,
                        SOMEONE_ELSE, self._clock.now())
        with self._transaction():
            after = self._apply(change, current)
        assert after is not None
        return after

    def current(self, kind: Kind, entity_id: str) -> Record | None:
        row = self._db.execute("SELECT fields, version FROM records WHERE kind = ? AND entity_id = ?",
                               (kind.value, entity_id)).fetchone()
        return None if row is None else Record(kind, entity_id, json.loads(row[0]), row[1])

    def applications(self) -> list[tuple[str, str, str, dict[str, JsonValue]]]:
        """Every application in order: (change_id, made_by, op, values after)."""
        rows = self._db.execute("SELECT change_id, made_by, op, after FROM history ORDER BY n")
        return [(change_id, by, op, json.loads(after)) for change_id, by, op, after in rows]

    def arrivals(self) -> list[Arrival]:
        """Every apply_change call that reached the server, in the order they arrived."""
        rows = self._db.execute("SELECT n, change_id, repeat, already_applied FROM arrivals ORDER BY n")
        return [Arrival(n, change_id, bool(repeat), bool(applied)) for n, change_id, repeat, applied in rows]

    def integrity(self) -> str:
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    # -- Administration ----------------------------------------------------------------------

    async def configuration(self) -> list[Record]:
        await self._trip()
        return self._all()

    async def apply_change(self, change: Change) -> ChangeOutcome:
        await self._trip()
        self.calls += 1
        with self._transaction():
            self._note_arrival(change.change_id)
        if change.kind in self._forbidden:
            raise NotAllowed(self._forbidden[change.kind])
        with self._transaction():
            outcome = self._decide(change)
        await asyncio.sleep(self._latency_s)  # the answer on its way back
        if self._lose_next_answer:
            self._lose_next_answer = False
            raise Offline("The connection dropped before the server answered.")
        return outcome

    async def audit(self, *, limit: int = 500) -> list[AuditEntry]:
        await self._trip()
        rows = self._db.execute(
            "SELECT at, made_by, kind, entity_id, op, before, after, change_id FROM history "
            "ORDER BY n DESC LIMIT ?", (limit,)).fetchall()
        entries = []
        for at, by, kind, entity_id, op, before, after, change_id in rows:
            values = json.loads(after) or json.loads(before)
            name = Record(Kind(kind), entity_id, values, 1).name
            entries.append(AuditEntry(datetime.fromisoformat(at), by, by, Kind(kind), entity_id, name,
                                      Op(op), json.loads(before), json.loads(after), change_id))
        return entries

    async def what_if(self, edited: Sequence[Record], day: date) -> WhatIf:
        raise InvalidInput("What-if is not available on this test server.")

    # -- inside ------------------------------------------------------------------------------

    async def _trip(self) -> None:
        await asyncio.sleep(self._latency_s)  # over the network: others run meanwhile
        if self._offline:
            raise Offline("The server cannot be reached.")

    def _note_arrival(self, change_id: str) -> None:
        seen = self._db.execute("SELECT 1 FROM arrivals WHERE change_id = ? LIMIT 1", (change_id,))
        repeat = seen.fetchone() is not None
        applied = self._db.execute("SELECT 1 FROM applied WHERE change_id = ?", (change_id,))
        self._db.execute("INSERT INTO arrivals (change_id, repeat, already_applied) VALUES (?, ?, ?)",
                         (change_id, repeat, applied.fetchone() is not None))

    def _decide(self, change: Change) -> ChangeOutcome:
        current = self.current(change.kind, change.entity_id)
        known = self._db.execute("SELECT 1 FROM applied WHERE change_id = ?", (change.change_id,))
        if known.fetchone():
            return Applied(change.change_id, current)
        if change.op is Op.CREATE and current is not None:
            raise InvalidInput(f"{change.kind.label} '{current.name}' exists already.")
        conflicts = conflicts_between(change, current)
        if conflicts:
            return Conflicted(change.change_id, current, conflicts)
        return Applied(change.change_id, self._apply(change, current))

    def _apply(self, change: Change, current: Record | None) -> Record | None:
        """Apply inside the caller's transaction; InvalidInput when a rule would break."""
        # Applied as a server's store applies it: both sides of every relation, and whatever
        # referred to a deleted record; each record that changed gets a new version.
        before = {(record.kind, record.id): record for record in self._all()}
        working = dict(before)
        apply_change(working, change)
        for key in before.keys() - working.keys():
            self._db.execute("DELETE FROM records WHERE kind = ? AND entity_id = ?",
                             (key[0].value, key[1]))
        for key, record in working.items():
            old = before.get(key)
            if old is None or old.fields != record.fields:
                self._store(Record(record.kind, record.id, record.fields,
                                   (old.version if old else 0) + 1))
        after = self.current(change.kind, change.entity_id)
        require_valid(self._all(), about=after)
        self._db.execute("INSERT INTO applied VALUES (?)", (change.change_id,))
        self._db.execute(
            "INSERT INTO history (change_id, made_by, at, kind, entity_id, op, before, after, version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (change.change_id, change.made_by, self._clock.now().isoformat(), change.kind.value,
             change.entity_id, change.op.value, json.dumps(dict(current.fields) if current else {}),
             json.dumps(dict(after.fields) if after else {}), after.version if after else 0))
        return after

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _all(self) -> list[Record]:
        rows = self._db.execute(
            "SELECT kind, entity_id, fields, version FROM records ORDER BY kind, entity_id")
        return [Record(Kind(kind), entity_id, json.loads(fields), version)
                for kind, entity_id, fields, version in rows]

    def _store(self, record: Record) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO records (kind, entity_id, fields, version) VALUES (?, ?, ?, ?)",
            (record.kind.value, record.id, json.dumps(dict(record.fields), sort_keys=True), record.version))


if TYPE_CHECKING:
    def _implements_administration(remote: RemoteConfig) -> Administration:
        return remote  # mypy proves the double satisfies the protocol
