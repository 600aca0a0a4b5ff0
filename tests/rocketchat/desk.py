"""Signing in to the loopback server's Omnichannel as RocketChatBackend, and waiting for it to hold
everything the server did (no timing: the server's pushes have all been sent and the backend has
applied everything it received)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.backends.events import Event
from app.backends.rocketchat.backend import RocketChatBackend
from app.backends.rocketchat.credentials import TokenVault
from app.backends.rocketchat.ddp import DdpTuning
from app.backends.rocketchat.servers import SavedServers
from app.backends.rocketchat.sign_in import RocketChatSignIn
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.fakes import FakeTime, MemoryKeyring

TUNING = DdpTuning(open_timeout_s=5, call_timeout_s=5)


@dataclass
class Desks:
    server: LoopbackRocketChat
    data_dir: Path
    keyring: MemoryKeyring
    fake_time: FakeTime
    opened: list[RocketChatBackend] = field(default_factory=list)

    def fake_time_now(self) -> datetime:
        return datetime.fromtimestamp(self.fake_time.wall(), UTC)

    def sign_in_service(self) -> RocketChatSignIn:
        return RocketChatSignIn(self.server.url, self.data_dir, TokenVault(self.keyring),
                                SavedServers(self.data_dir / "servers.json"), timing=self.fake_time.timing(),
                                ddp_tuning=TUNING)

    async def sign_in(self, username: str, password: str = "pw", *, synced: bool = True) -> RocketChatBackend:
        backend = await self.sign_in_service().sign_in(username, password=password)
        self.opened.append(backend)
        if synced:
            await asyncio.wait_for(backend.synced(), 10)
        return backend

    async def resume(self, username: str) -> RocketChatBackend:
        backend = await self.sign_in_service().sign_in(username)
        self.opened.append(backend)
        return backend

    async def close_all(self) -> None:
        for backend in self.opened:
            await backend.aclose()


async def settle(server: LoopbackRocketChat, *backends: RocketChatBackend) -> None:
    """Until the server has sent every push and each backend has applied what it received."""
    for _ in range(3):
        for session in server.sessions:
            await session.flushed()
        for backend in backends:
            await asyncio.wait_for(backend.settled(), 10)


def drain(stream: object) -> list[Event]:
    from app.backends.bus import Subscription

    assert isinstance(stream, Subscription)
    return stream.take_pending()
