"""Stand-ins the link's tests inject: a clock and sleep that do not wait, and an in-memory
keyring backend."""

from __future__ import annotations

import asyncio

import keyring.backend
import keyring.errors

from app.backends.rocketchat.timing import Timing


class FakeTime:
    """A monotonic and a wall clock that move only when something sleeps: every sleep is recorded
    and returns at once (after yielding to the loop, so other tasks run)."""

    def __init__(self, wall_start: float = 1_800_000_000.0) -> None:
        self.elapsed = 0.0
        self.wall_start = wall_start
        self.sleeps: list[float] = []
        self.jitter = 0.5

    def wall(self) -> float:
        return self.wall_start + self.elapsed

    def monotonic(self) -> float:
        return 1_000.0 + self.elapsed

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.elapsed += max(0.0, seconds)
        await asyncio.sleep(0)

    def timing(self) -> Timing:
        return Timing(sleep=self.sleep, monotonic=self.monotonic, wall=self.wall, random=lambda: self.jitter)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps secrets in a dict (the test reads it to check what was stored)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not stored")


class LockedKeyring(MemoryKeyring):
    """A keyring that exists but refuses (locked, D-Bus gone)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the keyring is locked")

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the keyring is locked")
