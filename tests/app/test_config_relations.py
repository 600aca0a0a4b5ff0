"""Previewing a change (the admin's pending edits, the what-if) gives the configuration the store
gives once the change applies: both sides of each relation, and what referred to a deleted
record. Each change here is applied both ways on the sample organisation and compared."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.clock import ManualClock
from app.config import Applied, Change, Kind, Record
from app.config.relations import apply_change
from app.store import Database
from app.sync import ConfigSync, Journal
from tests.app.configuration_changes import create, delete, find, update


@pytest.fixture
async def sam(database: Database, clock: ManualClock) -> AsyncIterator[EmbeddedBackend]:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    backend = await engine.sign_in("sam")
    yield backend
    await backend.aclose()
    await engine.aclose()


def _comparable(records: list[Record] | dict[tuple[Kind, str], Record]
                ) -> dict[tuple[Kind, str], dict[str, object]]:
    """Fields by record, lists in their order: an order that differs would make the admin's
    next edit conflict with their own previous one."""
    values = records.values() if isinstance(records, dict) else records
    return {(record.kind, record.id): dict(record.fields) for record in values}


Making = Callable[[list[Record]], Change]

CHANGES: dict[str, Making] = {
    "an agent joins a department from the department": lambda r: update(
        find(r, Kind.DEPARTMENT, "dep-sales"), agent_ids=["u-emil", "u-bo"]),
    "an agent leaves a department from the agent": lambda r: update(
        find(r, Kind.AGENT, "u-ana"), department_ids=["dep-support"]),
    "a department moves to another unit from the unit": lambda r: update(
        find(r, Kind.UNIT, "unit-revenue"),
        department_ids=[*find(r, Kind.UNIT, "unit-revenue").fields["department_ids"], "dep-billing"]),  # type: ignore[misc]
    "a department leaves its unit from the department": lambda r: update(
        find(r, Kind.DEPARTMENT, "dep-billing"), unit_id=None),
    "business hours take a department": lambda r: update(
        next(x for x in r if x.kind is Kind.BUSINESS_HOURS),
        department_ids=["dep-onboarding"]),
    "the agent role goes": lambda r: update(find(r, Kind.AGENT, "u-chen"), agent=False),
    "the monitor role goes": lambda r: update(find(r, Kind.AGENT, "u-maya"), monitor=False),
    "a new department with agents": lambda r: create(
        Kind.DEPARTMENT, "dep-vip", name="VIP", agent_ids=["u-ana"], unit_id="unit-care"),
    "a department is deleted": lambda r: delete(find(r, Kind.DEPARTMENT, "dep-onboarding")),
}


@pytest.mark.parametrize("what", list(CHANGES))
async def test_a_previewed_change_gives_what_the_store_gives(sam: EmbeddedBackend, what: str) -> None:
    before = await sam.configuration()
    change = CHANGES[what](before)
    preview = {(record.kind, record.id): record for record in before}
    apply_change(preview, change)
    outcome = await sam.apply_change(change)
    assert isinstance(outcome, Applied), outcome
    assert _comparable(preview) == _comparable(await sam.configuration())


async def test_after_publishing_the_other_side_shows_and_the_next_edit_applies(
        sam: EmbeddedBackend, clock: ManualClock, tmp_path: Path) -> None:
    """Bo joins Sales from the department's form; once published, Bo's own record shows it at
    the store's version, so an edit of Bo made next neither conflicts nor is refused."""
    journal = Journal.open(tmp_path / "pending.sqlite3")
    try:
        sync = ConfigSync(journal, sam, user_id="u-sam", clock=clock)
        await sync.start()
        sales = sync.record(Kind.DEPARTMENT, "dep-sales")
        assert sales is not None
        sync.edit(Kind.DEPARTMENT, "dep-sales", {"agent_ids": [*sales.fields["agent_ids"], "u-bo"]})  # type: ignore[misc]
        bo = sync.record(Kind.AGENT, "u-bo")
        assert bo is not None and bo.fields["department_ids"] == ["dep-sales", "dep-support"]
        assert (await sync.publish()).applied == 1
        stored = find(await sam.configuration(), Kind.AGENT, "u-bo")
        assert sync.published(Kind.AGENT, "u-bo") == stored and stored.version == 2
        sync.edit(Kind.AGENT, "u-bo", {"max_chats": 3})
        report = await sync.publish()
        assert (report.applied, report.conflicts, report.rejected) == (1, 0, 0)
    finally:
        journal.close()
