"""Fixtures for the Rocket.Chat backend's tests: the loopback server on a clock that moves only
when the client sleeps, and keyrings held in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.fakes import FakeTime, MemoryKeyring

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "WS_PROXY", "WSS_PROXY")


@pytest.fixture(autouse=True)
def no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The link takes proxies from the environment: a developer's own proxy must not sit
    between the tests and the loopback server."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


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
