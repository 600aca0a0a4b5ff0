"""Every contract test runs against each backend's harness, in the same described organisation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.clock import ManualClock
from app.store import Database
from tests.contract.harness import DeskHarness, EmbeddedHarness, FakeHarness
from tests.contract.org import NORTHWIND


@pytest.fixture(params=["embedded", "fake"])
async def desk(request: pytest.FixtureRequest, clock: ManualClock, tmp_path: Path
               ) -> AsyncIterator[DeskHarness]:
    database: Database | None = None
    harness: DeskHarness
    if request.param == "embedded":
        database = Database.open(tmp_path / "contract.sqlite3")
        harness = EmbeddedHarness(database, clock, NORTHWIND)
    elif request.param == "fake":
        harness = FakeHarness(clock, NORTHWIND)
    else:  # pragma: no cover - each new backend adds its harness here
        raise AssertionError(request.param)
    yield harness
    await harness.close()
    if database is not None:
        database.close()

