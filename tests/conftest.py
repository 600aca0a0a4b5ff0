"""Fixtures shared by every test: a sample organisation on a hand-driven clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.clock import ManualClock
from app.demo import SampleSize, build_sample_organisation
from app.store import Database

# A Wednesday, mid-morning in London, Berlin and (early) New York: every office but Billing's open.
WEDNESDAY_MORNING = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
SMALL_SAMPLE = SampleSize(contacts=40, messages=1_500)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(WEDNESDAY_MORNING)


@pytest.fixture
def database(tmp_path: Path, clock: ManualClock) -> Iterator[Database]:
    """A database holding the small sample organisation."""
    db = Database.open(tmp_path / "omnidesk.sqlite3")
    db.write_now(lambda c: build_sample_organisation(c, size=SMALL_SAMPLE, seed=7, now=clock.now()))
    yield db
    db.close()
