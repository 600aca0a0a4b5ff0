"""Fixtures for the Rocket.Chat backend's tests: the loopback server on a clock that moves only
when the client sleeps, and keyrings held in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.rocketchat.desk import Desks
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.administration import Administration
from tests.rocketchat.loopback.fakes import FakeTime, MemoryKeyring
from tests.rocketchat.loopback.omnichannel import Omnichannel

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


@pytest.fixture
async def omnichannel(loopback: LoopbackRocketChat) -> AsyncIterator[Omnichannel]:
    """Omnichannel on the loopback server; the test fails if anything sent or served broke
    Rocket.Chat's schemas."""
    served = Omnichannel(loopback)
    yield served
    assert served.violations == [], "\n".join(served.violations)


@pytest.fixture
def administration(omnichannel: Omnichannel) -> Administration:
    """What an admin of a Community server changes, served beside Omnichannel."""
    return Administration(omnichannel)


@pytest.fixture
async def desks(omnichannel: Omnichannel, loopback: LoopbackRocketChat, tmp_path: Path,
                memory_keyring: MemoryKeyring, fake_time: FakeTime) -> AsyncIterator[Desks]:
    """RocketChatBackends signed in to the loopback server's Omnichannel, closed after."""
    made = Desks(loopback, tmp_path / "data", memory_keyring, fake_time)
    yield made
    await made.close_all()
