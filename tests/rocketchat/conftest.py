"""Fixtures for the Rocket.Chat backend's tests: the loopback server on a clock that moves only
when the client sleeps, and keyrings held in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.fakes import FakeTime, MemoryKeyring


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def loopback(fake_time: FakeTime) -> AsyncIterator[LoopbackRocketChat]:
    server = LoopbackRocketChat(clock=fake_time.wall)
    server.state.add_user("ana", "ana-password", name="Ana Agent")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()
