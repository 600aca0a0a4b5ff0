from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from app.clock import ManualClock
from app.store import Database
from tests.contract.harness import DeskHarness, EmbeddedHarness


@pytest.fixture(params=["embedded"])
async def desk(request: pytest.FixtureRequest, database: Database, clock: ManualClock
               ) -> AsyncIterator[DeskHarness]:
    harness: DeskHarness
    if request.param == "embedded":
        harness = EmbeddedHarness(database, clock)
    else:  # pragma: no cover - each new backend adds its harness here
        raise AssertionError(request.param)
    yield harness
    await harness.close()
