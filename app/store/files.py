"""The bytes of files sent in chats, kept under the data directory (app.store.paths).

Each file is stored once, under a random id (32 hex digits, its Attachment.id), in a folder
named by the id's first two digits: what the sender called it is never part of a path. A file
arrives in `incoming/` and is moved into place whole (a crash leaves a stray incoming file,
never a half one under an id). Files are written readable by this user only and never
executed or opened here; the database row (app.store.messages) says what a person may know.

Blocking (disk) work: call from a worker thread (asyncio.to_thread), never the GUI thread.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from app.errors import NotFound, StorageError
from app.files.words import Files

_ID = re.compile(r"^[0-9a-f]{32}$")
_MISSING = Files.tr("This file is no longer on this computer.")
_CHUNK = 256 * 1024


class FileTooLarge(Exception):
    """More bytes arrived than allowed: nothing was kept."""


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _incoming(self) -> Path:
        folder = self.root / "incoming"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise StorageError(Files.tr("Files cannot be kept in {folder}: {reason}.").format(
                folder=str(self.root), reason=error.strerror or ""), code="files-unwritable") from error
        return folder

    def new_incoming(self) -> tuple[Path, BinaryIO]:
        """A fresh, empty incoming file (readable by this user only) and its open stream."""
        handle, name = tempfile.mkstemp(dir=self._incoming(), prefix="upload-")
        return Path(name), os.fdopen(handle, "wb")

    def receive(self, chunks: Iterable[bytes], max_bytes: int) -> tuple[Path, int]:
        """Write `chunks` to a new incoming file; (its path, its size). Raises FileTooLarge (the
        file removed) as soon as more than `max_bytes` arrive."""
        path, stream = self.new_incoming()
        size = 0
        try:
            with stream:
                for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise FileTooLarge
                    stream.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path, size

    def copy_in(self, source: Path, max_bytes: int) -> tuple[Path, int]:
        """Copy the file at `source` into a new incoming file (FileTooLarge past `max_bytes`)."""
        try:
            stream = source.open("rb")
        except OSError as error:
            raise NotFound(Files.tr("{name} cannot be opened: {reason}.").format(
                name=source.name, reason=error.strerror or ""), code="file-unreadable") from error
        with stream:
            return self.receive(iter(lambda: stream.read(_CHUNK), b""), max_bytes)

    def keep(self, incoming: Path) -> str:
        """Move a received incoming file into place; returns its new id."""
        file_id = secrets.token_hex(16)
        target = self.path(file_id)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(incoming, 0o600)
        os.replace(incoming, target)
        return file_id

    def path(self, file_id: str) -> Path:
        """Where the file `file_id` is kept; ValueError for anything that is not an id."""
        if not _ID.match(file_id):
            raise ValueError("not a file id")
        return self.root / file_id[:2] / file_id

    def discard(self, file_id: str) -> None:
        """Remove a kept file that no message refers to (its message was refused)."""
        self.path(file_id).unlink(missing_ok=True)

    def copy_out(self, file_id: str, destination: Path) -> None:
        """Copy the kept file to `destination` (a place the user chose), whole or not at all."""
        copy_whole(self.path(file_id), destination)

    def read(self, file_id: str, max_bytes: int) -> bytes:
        """The whole file, when it is at most `max_bytes` (FileTooLarge otherwise)."""
        try:
            with self.path(file_id).open("rb") as stream:
                data = stream.read(max_bytes + 1)
        except FileNotFoundError as error:
            raise NotFound(_MISSING, code="file-missing") from error
        if len(data) > max_bytes:
            raise FileTooLarge
        return data


def copy_whole(source: Path, destination: Path) -> None:
    """Copy the file at `source` to `destination` (a place the user chose), whole or not at all:
    written beside it as `<name>.part`, then renamed. NotFound when `source` is gone, StorageError
    when `destination` cannot be written."""
    partial = destination.with_name(destination.name + ".part")
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, destination)
    except FileNotFoundError as error:
        partial.unlink(missing_ok=True)
        if not source.exists():
            raise NotFound(_MISSING, code="file-missing") from error
        raise StorageError(Files.tr("Could not save to {path}: the folder does not exist.").format(
            path=str(destination)), code="save-failed") from error
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StorageError(Files.tr("Could not save to {path}: {reason}.").format(
            path=str(destination), reason=error.strerror or ""), code="save-failed") from error
