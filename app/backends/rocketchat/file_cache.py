"""The files of a server's chats that this computer has already read or sent, kept beside the
(server, user)'s cache file (`<cache>.files/`), so a picture shown once shows again without the
server (offline, or after Rocket.Chat stops giving a closed chat's files to its agent).

What it holds: at most `CACHE_BYTES` (512 MiB) per server and user; a file larger than
`LARGEST_KEPT_BYTES` (128 MiB) is never kept. Past the bound the files used longest ago go first
(a read counts as a use). A file is kept under a name made from the server's file id (a hash:
nothing the server sends becomes part of a path), written readable by this user only, and
moved into place whole (app.store.files.FileStore does the writing).

Blocking (disk) work: call from a worker thread (asyncio.to_thread).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from pathlib import Path
from typing import BinaryIO

from app.errors import StorageError
from app.store.files import FileStore, FileTooLarge, copy_whole

log = logging.getLogger(__name__)

CACHE_BYTES = 512 * 1024 * 1024
LARGEST_KEPT_BYTES = CACHE_BYTES // 4


class FileCache:
    def __init__(self, root: Path, *, capacity: int = CACHE_BYTES) -> None:
        self.root = root
        self.capacity = capacity
        self.largest_kept = capacity // 4  # LARGEST_KEPT_BYTES for the default capacity
        self._store = FileStore(root)

    @classmethod
    def beside(cls, database_path: Path) -> FileCache:
        """The folder of the cache file at `database_path`: `<name>.files` next to it."""
        return cls(database_path.with_name(database_path.stem + ".files"))

    def _key(self, file_id: str) -> str:
        return hashlib.sha256(file_id.encode("utf-8")).hexdigest()[:32]

    def _path(self, file_id: str) -> Path:
        return self._store.path(self._key(file_id))

    def has(self, file_id: str) -> bool:
        return self._path(file_id).is_file()

    def read(self, file_id: str, max_bytes: int) -> bytes | None:
        """The kept file's bytes; None when it is not kept here. FileTooLarge past `max_bytes`."""
        path = self._path(file_id)
        try:
            with path.open("rb") as stream:
                data = stream.read(max_bytes + 1)
        except FileNotFoundError:
            return None
        self._used(path)
        if len(data) > max_bytes:
            raise FileTooLarge
        return data

    def copy_out(self, file_id: str, destination: Path) -> bool:
        """Copy the kept file to `destination`, whole or not at all; False when it is not kept."""
        path = self._path(file_id)
        if not path.is_file():
            return False
        copy_whole(path, destination)
        self._used(path)
        return True

    def new_incoming(self) -> tuple[Path, BinaryIO]:
        """A fresh, empty file in the cache's incoming folder (this user's only) and its open
        binary stream, to write a download or a copy into."""
        return self._store.new_incoming()

    def copy_in(self, source: Path, max_bytes: int) -> tuple[Path, int]:
        """Copy `source` (a file the user chose) into a new incoming file: (its path, its size).
        FileTooLarge past `max_bytes` (nothing left behind); NotFound when it cannot be read."""
        return self._store.copy_in(source, max_bytes)

    def keep(self, file_id: str, incoming: Path) -> bool:
        """Move the incoming file into place as `file_id`'s (whether kept or not, `incoming` is
        gone after); False when it is too large to keep, or the disk refused (logged: keeping a
        copy is never what the user asked for, so it never fails what they did). Makes room."""
        try:
            if incoming.stat().st_size > self.largest_kept:
                return False
            target = self._path(file_id)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(incoming, 0o600)
            os.replace(incoming, target)
            self._trim()
            return True
        except OSError as error:
            log.warning("a file could not be kept in %s: %s", self.root, error.strerror or error)
            return False
        finally:
            incoming.unlink(missing_ok=True)

    def keep_bytes(self, file_id: str, data: bytes) -> bool:
        """Keep `data` as `file_id`'s file (a preview just downloaded)."""
        if len(data) > self.largest_kept:
            return False
        try:
            incoming, stream = self._store.new_incoming()
        except StorageError as error:
            log.warning("a file could not be kept: %s", error.message)
            return False
        try:
            with stream:
                stream.write(data)
        except OSError as error:
            incoming.unlink(missing_ok=True)
            log.warning("a file could not be kept in %s: %s", self.root, error.strerror or error)
            return False
        return self.keep(file_id, incoming)

    def size(self) -> int:
        """Bytes held now (incoming files aside)."""
        return sum(size for _path, size, _used in self._kept())

    def _kept(self) -> list[tuple[Path, int, float]]:
        found = []
        for folder in self.root.iterdir() if self.root.is_dir() else ():
            if not folder.is_dir() or folder.name == "incoming":
                continue
            for path in folder.iterdir():
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    continue
                found.append((path, stat.st_size, stat.st_mtime))
        return found

    def _trim(self) -> None:
        kept = sorted(self._kept(), key=lambda entry: entry[2])
        total = sum(size for _path, size, _used in kept)
        for path, size, _used in kept:
            if total <= self.capacity:
                break
            path.unlink(missing_ok=True)
            total -= size

    @staticmethod
    def _used(path: Path) -> None:
        # The modification time is the last use: what _trim removes first is what was used least
        # recently (access times are often not kept by the file system).
        with contextlib.suppress(OSError):  # a read-only cache still serves what it has
            os.utime(path)
