"""Previewing a change (the admin's pending edits, the what-if) gives the configuration the store
gives once the change applies: both sides of each relation, and what referred to a deleted
record. Each change here is applied both ways on the sample organisation and compared."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.clock import ManualClock
from app.config import Applied, Change, Kind, Record, schema_of
from app.config.relations import apply_change
from app.config.schema import FieldType
from app.store import Database
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
    """Fields by record, lists that have no order of their own compared as sets."""
    values = records.values() if isinstance(records, dict) else records
    found = {}
    for record in values:
        fields: dict[str, object] = dict(record.fields)
        for spec in schema_of(record.kind).fields:
            listed = fields.get(spec.name)
            if spec.type in (FieldType.REF_LIST, FieldType.TEXT_LIST) and not spec.ordered:
                fields[spec.name] = frozenset(listed if isinstance(listed, list) else ())
        found[(record.kind, record.id)] = fields
    return found


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
