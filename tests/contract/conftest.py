"""Every contract test runs against each backend's harness, in the same described organisation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.clock import ManualClock
from app.store import Database
from tests.contract import rocketchat_harness
from tests.contract.harness import DeskHarness, EmbeddedHarness, FakeHarness
from tests.contract.org import NORTHWIND
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.fakes import FakeTime


@pytest.fixture(params=["embedded", "fake", "rocketchat"])
async def desk(request: pytest.FixtureRequest, clock: ManualClock, tmp_path: Path
               ) -> AsyncIterator[DeskHarness]:
    database: Database | None = None
    harness: DeskHarness
    server: LoopbackRocketChat | None = None
    if request.param == "rocketchat":
        name = getattr(request.node, "originalname", request.node.name)
        if name not in rocketchat_harness.CHECKS:
            pytest.skip("not run over the loopback Rocket.Chat server (docs/rocketchat.md lists why)")
        fake_time = FakeTime()
        server = LoopbackRocketChat(clock=fake_time.wall)
        await server.start()
        harness = rocketchat_harness.RocketChatHarness(server, tmp_path / "rc", fake_time, NORTHWIND)
    elif request.param == "embedded":
        database = Database.open(tmp_path / "contract.sqlite3")
        harness = EmbeddedHarness(database, clock, NORTHWIND)
    elif request.param == "fake":
        harness = FakeHarness(clock, NORTHWIND)
    else:  # pragma: no cover - each new backend adds its harness here
        raise AssertionError(request.param)
    yield harness
    await harness.close()
    if server is not None:
        await server.stop()
        assert isinstance(harness, rocketchat_harness.RocketChatHarness)
        assert harness.violations == [], "\n".join(harness.violations)
    if database is not None:
        database.close()

