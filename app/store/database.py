"""The database file: opening it safely, migrating it, and running work off the caller's thread.

All writes go through one connection on one thread, so they never contend with each other;
reads use their own connections (WAL lets them run beside the writer). Work is handed in as a
function of a connection, so repositories stay plain synchronous code that is easy to test.

Writes asked for while others run are saved together (group commit): one transaction for all
of them, each in its own savepoint, so one that fails leaves the others as they were. A burst
of a thousand visitors registering costs a few commits and thread hops, not a thousand.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from app.contacts.text import fold, phone_key
from app.errors import StorageError
from app.store.migrations import APPLICATION_ID, MIGRATIONS

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")

_SQLITE_HEADER = b"SQLite format 3\x00"
_BUSY_TIMEOUT_MS = 5_000


class Database:
    """An open Omnidesk database. Use `Database.open`; call `close` when done."""

    def __init__(self, path: Path, writer: sqlite3.Connection, *, reader_threads: int = 2) -> None:
        self.path = path
        self._writer = writer
        self._write_pool = ThreadPoolExecutor(1, thread_name_prefix="omnidesk-db-write")
        self._read_pool = ThreadPoolExecutor(reader_threads, thread_name_prefix="omnidesk-db-read")
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        # Writes waiting for the writer thread: (work, its future, the loop awaiting it).
        self._waiting_writes: deque[tuple[Callable[[sqlite3.Connection], object],
                                          asyncio.Future[object], asyncio.AbstractEventLoop]] = deque()
        self._writes_lock = threading.Lock()
        self._writing = False  # a drain of the waiting writes is running or submitted
        self._closed = False

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, migrations: Sequence[Sequence[str]] = MIGRATIONS) -> Database:
        """Open (creating if needed) and migrate the database at `path`.

        Raises StorageError, leaving the file untouched, when the directory is unusable, the file
        is not an Omnidesk database, is damaged, or was written by a newer Omnidesk.
        """
        _ensure_writable_directory(path.parent)
        _check_header(path)
        try:
            writer = _connect(path)
        except sqlite3.Error as error:
            raise _damaged(path, error) from error
        try:
            _check_identity(writer, path, len(migrations))
            writer.execute("PRAGMA journal_mode = WAL")
            _migrate(writer, path, migrations)
        except BaseException:
            writer.close()
            raise
        return cls(path, writer)

    # -- running work ----------------------------------------------------------------------

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` on a reader connection inside one snapshot; returns its result."""
        loop = _running_loop()
        return await loop.run_in_executor(self._read_pool, self._run_read, work)

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one write transaction: all of it is saved, or none of it. Writes asked
        for meanwhile may share the transaction (each in a savepoint: `work` raising undoes
        only its own changes); returns once it is committed."""
        loop = _running_loop()
        future: asyncio.Future[object] = loop.create_future()
        with self._writes_lock:
            self._waiting_writes.append((work, future, loop))
            start = not self._writing
            self._writing = True
        if start:
            self._write_pool.submit(self._drain_writes)
        return cast(T, await future)  # what `work` returned

    def read_now(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Blocking `read`, for command-line tools and start-up, never for the GUI thread."""
        return self._read_pool.submit(self._run_read, work).result()

    def write_now(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Blocking `write`, for command-line tools, never for the GUI thread."""
        return self._write_pool.submit(self._run_write, work).result()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._write_pool.shutdown(wait=True)
        self._read_pool.shutdown(wait=True)
        with self._readers_lock:
            for reader in self._readers:
                reader.close()
            self._readers.clear()
        self._writer.close()

    def _run_write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        connection = self._writer
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                result = work(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise StorageError(
                f"Could not save to {self.path}: {error}. Nothing from this change was saved.",
                code="write-failed",
            ) from error
        return result

    def _drain_writes(self) -> None:
        """On the writer thread: the waiting writes, in the order asked, a transaction at a time,
        until none waits."""
        while True:
            with self._writes_lock:
                batch = list(self._waiting_writes)
                self._waiting_writes.clear()
                if not batch:
                    self._writing = False
                    return
            self._write_batch(batch)

    def _write_batch(self, batch: list[tuple[Callable[[sqlite3.Connection], object],
                                             asyncio.Future[object], asyncio.AbstractEventLoop]]) -> None:
        connection = self._writer
        outcomes: list[tuple[bool, object]] = []
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                for work, _future, _loop in batch:
                    connection.execute("SAVEPOINT write")
                    try:
                        outcomes.append((True, work(connection)))
                    except BaseException as error:  # handed to its caller, below
                        connection.execute("ROLLBACK TO write")
                        outcomes.append((False, self._as_storage_error(error)))
                    connection.execute("RELEASE write")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            failed = self._as_storage_error(error)
            outcomes = [(False, failed)] * len(batch)
        except BaseException as error:  # told to every caller: the writer thread goes on
            outcomes = [(False, error)] * len(batch)
        for (_work, future, loop), (ok, value) in zip(batch, outcomes, strict=True):
            try:
                loop.call_soon_threadsafe(_settle, future, ok, value)
            except RuntimeError:  # its loop is closed: nobody waits for the answer any more
                continue

    def _as_storage_error(self, error: BaseException) -> BaseException:
        if isinstance(error, sqlite3.Error):
            failed = StorageError(
                f"Could not save to {self.path}: {error}. Nothing from this change was saved.",
                code="write-failed",
            )
            failed.__cause__ = error
            return failed
        return error

    def _run_read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        connection = self._reader()
        try:
            connection.execute("BEGIN")
            try:
                return work(connection)
            finally:
                connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise StorageError(
                f"Could not read {self.path}: {error}.", code="read-failed"
            ) from error

    def _reader(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = _connect(self.path)
            connection.execute("PRAGMA query_only = ON")
            self._local.connection = connection
            with self._readers_lock:
                self._readers.append(connection)
        return connection


def _settle(future: asyncio.Future[object], ok: bool, value: object) -> None:
    if future.done():  # its caller gave up waiting (cancelled): the write happened all the same
        return
    if ok:
        future.set_result(value)
    else:
        assert isinstance(value, BaseException)
        future.set_exception(value)


def _running_loop() -> asyncio.AbstractEventLoop:
    # asyncio is imported on first use: the desk's first frame reads the store (read_now)
    # before anything asynchronous starts, and importing asyncio is a good part of start-up.
    import asyncio  # noqa: PLC0415

    return asyncio.get_running_loop()


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: transactions are opened explicitly by Database, never implicitly.
    # Each connection is only ever used by the one pool thread that owns it.
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = NORMAL")
    # Contacts' search text is folded in SQL (triggers) and in Python (the words typed) alike.
    connection.create_function("omnidesk_fold", 1, fold, deterministic=True)
    connection.create_function("omnidesk_phone", 1, phone_key, deterministic=True)
    return connection


def _ensure_writable_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(
            f"Cannot create the data directory {directory}: {error.strerror}. "
            "Choose another one with --data-dir.",
            code="data-dir-unusable",
        ) from error
    if not directory.is_dir():
        raise StorageError(
            f"The data directory {directory} is not a directory. Choose another one with --data-dir.",
            code="data-dir-unusable",
        )
    if not os.access(directory, os.W_OK | os.X_OK):
        raise StorageError(
            f"Cannot write to the data directory {directory}: permission denied. "
            "Choose another one with --data-dir.",
            code="data-dir-unusable",
        )


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite gets a chance to touch it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as error:
        raise StorageError(
            f"Cannot read the database {path}: {error.strerror}.", code="database-unreadable"
        ) from error
    if header and header != _SQLITE_HEADER:
        raise _damaged(path, None)


def _check_identity(connection: sqlite3.Connection, path: Path, known_version: int) -> None:
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        table_count = connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise _damaged(path, error) from error
    if application_id not in (0, APPLICATION_ID) or (application_id == 0 and table_count > 0):
        raise StorageError(
            f"{path} is an SQLite database but not Omnidesk's; it was left untouched. "
            "Choose another data directory with --data-dir.",
            code="database-foreign",
        )
    if version > known_version:
        raise StorageError(
            f"{path} was written by a newer Omnidesk (schema version {version}; this version "
            f"knows up to {known_version}). It was left untouched: update Omnidesk, or choose "
            "another data directory with --data-dir.",
            code="database-too-new",
        )


def _migrate(connection: sqlite3.Connection, path: Path, migrations: Sequence[Sequence[str]]) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    for number, statements in enumerate(migrations[version:], start=version + 1):
        try:
            connection.execute("BEGIN IMMEDIATE")
            if number == 1:
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for statement in statements:
                connection.execute(statement)
            # PRAGMA takes no bound parameters; `number` is an int from enumerate.
            connection.execute(f"PRAGMA user_version = {int(number)}")
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise StorageError(
                f"Could not upgrade {path} to schema version {number}: {error}. "
                "The database was left at the version before.",
                code="migration-failed",
            ) from error


def _damaged(path: Path, error: sqlite3.Error | None) -> StorageError:
    detail = f" ({error})" if error else ""
    return StorageError(
        f"{path} is damaged or is not a database{detail}; it was left untouched. "
        "Move it aside to start afresh, or choose another data directory with --data-dir.",
        code="database-damaged",
    )
