"""The pending-changes journal: admin edits on disk before anyone is told they were recorded.

One SQLite file of its own (WAL, synchronous=FULL), so an edit survives a crash or a power cut
the moment `record` returns, whatever happens to the organisation's database or the server.
It holds, in the order they were made, the changes not yet applied by the backend, and the
published records last loaded, so the configuration opens (and can be edited) offline.

A change leaves the journal only in the transaction that notes the backend's `Applied` for it.
Before a change is sent it is marked in flight: after a crash or a lost answer, it may or may
not have been applied, so it is sent again with the same change id (the backend answers
`Applied` again without applying twice) and never dropped by undo.

Calls are synchronous and short (a few rows and one fsync): an admin's edit is small, and it
must be durable before the editor says "saved".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.config import Change, Conflicted, Kind, Record
from app.errors import NotFound, StorageError
from app.sync import codec

# "OMJ1" in the file header: a journal is never mistaken for another SQLite file.
_APPLICATION_ID = 0x4F4D4A31
_SCHEMA = (
    """CREATE TABLE pending (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        change_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL, entity_id TEXT NOT NULL, op TEXT NOT NULL,
        fields TEXT NOT NULL, base TEXT NOT NULL, base_version INTEGER NOT NULL,
        made_by TEXT NOT NULL, made_at TEXT NOT NULL,
        state TEXT NOT NULL,
        -- 1 from just before the change is sent until the backend's answer is noted.
        in_flight INTEGER NOT NULL DEFAULT 0,
        conflict TEXT,
        problem TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE published (
        kind TEXT NOT NULL, entity_id TEXT NOT NULL,
        fields TEXT NOT NULL, version INTEGER NOT NULL,
        PRIMARY KEY (kind, entity_id))""",
)


class PendingState(StrEnum):
    DRAFT = "draft"  # recorded, not yet asked to publish
    QUEUED = "queued"  # asked to publish; waits for the backend (offline, or in flight)
    CONFLICT = "conflict"  # the backend answered Conflicted: the admin decides per field
    REJECTED = "rejected"  # the backend refused it (InvalidInput/NotAllowed): message kept


@dataclass(frozen=True, slots=True)
class PendingChange:
    seq: int  # order of recording; publishing keeps it
    change: Change
    state: PendingState
    conflict: Conflicted | None = None
    problem: str = ""  # the backend's message when REJECTED


class Journal:
    """An open journal file. Use `Journal.open`; `close` when done."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    @classmethod
    def open(cls, path: Path) -> Journal:
        """Open (creating if needed) the journal at `path`; StorageError when it cannot be used."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise StorageError(f"Cannot open the pending-changes journal {path}: {error}.") from error
        try:
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA busy_timeout = 5000")
            _prepare(connection, path)
        except sqlite3.Error as error:
            connection.close()
            raise StorageError(f"The pending-changes journal {path} is damaged: {error}.") from error
        except BaseException:
            connection.close()
            raise
        return cls(path, connection)

    def close(self) -> None:
        self._db.close()

    # -- pending changes -------------------------------------------------------------------

    def record(self, change: Change) -> PendingChange:
        """Append `change` as a DRAFT; on disk when this returns."""
        columns = codec.change_columns(change)
        with self._transaction() as db:
            cursor = db.execute(
                f"INSERT INTO pending ({', '.join(columns)}, state) "
                f"VALUES ({', '.join('?' * len(columns))}, ?)",
                (*columns.values(), PendingState.DRAFT.value))
            seq = cursor.lastrowid
        assert seq is not None
        return PendingChange(seq, change, PendingState.DRAFT)

    def pending(self) -> list[PendingChange]:
        """Every pending change, in the order they were recorded."""
        rows = self._db.execute("SELECT * FROM pending ORDER BY seq").fetchall()
        return [_pending_from_row(row) for row in rows]

    def get(self, seq: int) -> PendingChange:
        row = self._db.execute("SELECT * FROM pending WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise NotFound("That change is no longer pending: it was published or undone.")
        return _pending_from_row(row)

    def in_flight(self) -> set[int]:
        """The changes that may have reached the backend without their answer being noted."""
        rows = self._db.execute("SELECT seq FROM pending WHERE in_flight = 1").fetchall()
        return {row[0] for row in rows}

    def queue_drafts(self) -> int:
        """Turn every DRAFT into QUEUED; returns how many."""
        with self._transaction() as db:
            cursor = db.execute("UPDATE pending SET state = ? WHERE state = ?",
                                (PendingState.QUEUED.value, PendingState.DRAFT.value))
            return cursor.rowcount

    def mark_in_flight(self, seq: int) -> None:
        with self._transaction() as db:
            db.execute("UPDATE pending SET in_flight = 1 WHERE seq = ?", (seq,))

    def not_sent(self, seq: int) -> None:
        """The backend refused the change before doing anything (it asked the admin something
        first): it is no longer in flight."""
        with self._transaction() as db:
            db.execute("UPDATE pending SET in_flight = 0 WHERE seq = ?", (seq,))

    def settle_applied(self, seq: int, kind: Kind, entity_id: str, record: Record | None) -> None:
        """The backend applied the change: drop it and keep the record as it now stands."""
        with self._transaction() as db:
            db.execute("DELETE FROM pending WHERE seq = ?", (seq,))
            _store_published(db, kind, entity_id, record)

    def settle_conflict(self, seq: int, conflict: Conflicted, kind: Kind, entity_id: str) -> None:
        """Nothing was applied; keep their record as the latest published one."""
        with self._transaction() as db:
            db.execute("UPDATE pending SET state = ?, in_flight = 0, conflict = ? WHERE seq = ?",
                       (PendingState.CONFLICT.value, codec.dump_conflict(conflict), seq))
            _store_published(db, kind, entity_id, conflict.theirs)

    def settle_rejected(self, seq: int, problem: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE pending SET state = ?, in_flight = 0, problem = ? WHERE seq = ?",
                       (PendingState.REJECTED.value, problem, seq))

    def replace(self, seq: int, change: Change, state: PendingState,
                rebased: Iterable[PendingChange] = ()) -> PendingChange:
        """Put `change` (a new change id) in place of the change at `seq`, keeping its order, and
        store the `rebased` later changes, in one step."""
        columns = codec.change_columns(change)
        with self._transaction() as db:
            db.execute(
                f"UPDATE pending SET {', '.join(f'{name} = ?' for name in columns)}, state = ?, "
                "in_flight = 0, conflict = NULL, problem = '' WHERE seq = ?",
                (*columns.values(), state.value, seq))
            _store_bases(db, rebased)
        return PendingChange(seq, change, state)

    def drop(self, seqs: Iterable[int], rebased: Iterable[PendingChange] = ()) -> None:
        """Remove the changes at `seqs` and store the `rebased` later changes, in one step."""
        with self._transaction() as db:
            db.executemany("DELETE FROM pending WHERE seq = ?", [(seq,) for seq in seqs])
            _store_bases(db, rebased)

    # -- the published records last loaded ---------------------------------------------------

    def published(self) -> list[Record]:
        rows = self._db.execute("SELECT * FROM published ORDER BY kind, entity_id").fetchall()
        return [Record(Kind(row["kind"]), row["entity_id"], codec.load_values(row["fields"]),
                       row["version"]) for row in rows]

    def save_published(self, records: Iterable[Record]) -> None:
        """Replace the cached copy with `records` (a full load from the backend)."""
        with self._transaction() as db:
            db.execute("DELETE FROM published")
            for record in records:
                _store_published(db, record.kind, record.id, record)

    def integrity(self) -> str:
        """SQLite's own check of the file: 'ok' when whole."""
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            raise StorageError(
                f"Could not save to the pending-changes journal {self.path}: {error}. "
                "This edit was not recorded.") from error


def _prepare(connection: sqlite3.Connection, path: Path) -> None:
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if application_id != _APPLICATION_ID and tables:
        raise StorageError(f"{path} is not an Omnidesk pending-changes journal; it was left as it is.")
    connection.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit is on the disk (WAL fsync'd) before it returns, not merely in the OS cache.
    connection.execute("PRAGMA synchronous = FULL")
    if not tables:
        connection.execute("BEGIN IMMEDIATE")
        for statement in _SCHEMA:
            connection.execute(statement)
        connection.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
        connection.execute("PRAGMA user_version = 1")
        connection.execute("COMMIT")


def _store_bases(db: sqlite3.Connection, changes: Iterable[PendingChange]) -> None:
    for later in changes:
        db.execute("UPDATE pending SET base = ? WHERE seq = ?",
                   (codec.dump_values(later.change.base), later.seq))


def _store_published(db: sqlite3.Connection, kind: Kind, entity_id: str, record: Record | None) -> None:
    if record is None:
        db.execute("DELETE FROM published WHERE kind = ? AND entity_id = ?", (kind.value, entity_id))
        return
    db.execute("INSERT OR REPLACE INTO published (kind, entity_id, fields, version) VALUES (?, ?, ?, ?)",
               (kind.value, entity_id, codec.dump_values(record.fields), record.version))


def _pending_from_row(row: sqlite3.Row) -> PendingChange:
    conflict = codec.load_conflict(row["conflict"]) if row["conflict"] else None
    columns = dict(zip(row.keys(), row, strict=True))
    return PendingChange(row["seq"], codec.change_from_columns(columns), PendingState(row["state"]),
                         conflict, row["problem"])
