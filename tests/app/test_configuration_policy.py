"""Who may change which records: agents nothing, monitors their units' departments (Rocket.Chat's
applyDepartmentRestrictions), admins everything; checked where the change applies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.clock import ManualClock
from app.config.records import Conflicted, Kind
from app.errors import NotAllowed
from app.policy import Action
from app.store import Database
from tests.app.configuration_changes import applied, create, find, update


@dataclass
class Desk:
    engine: EmbeddedEngine
    sam: EmbeddedBackend
    maya: EmbeddedBackend  # monitor of Customer Care: Support and Billing
    ana: EmbeddedBackend


@pytest.fixture
async def desk(database: Database, clock: ManualClock) -> AsyncIterator[Desk]:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    desk = Desk(engine, await engine.sign_in("sam"), await engine.sign_in("maya"),
                await engine.sign_in("ana"))
    yield desk
    for backend in (desk.sam, desk.maya, desk.ana):
        await backend.aclose()
    await engine.aclose()


async def test_an_agent_configures_nothing(desk: Desk) -> None:
    assert Action.CONFIGURE not in desk.ana.capabilities()
    assert await desk.ana.configuration() == []
    support = find(await desk.sam.configuration(), Kind.DEPARTMENT, "dep-support")
    with pytest.raises(NotAllowed, match="ask an admin"):
        await desk.ana.apply_change(update(support, max_chats_per_agent=9))


async def test_a_monitor_sees_and_changes_only_what_lies_in_their_units(desk: Desk) -> None:
    # She changes her units' part through the backend; the administration window, which
    # validates a whole configuration, is not offered to her.
    assert Action.CONFIGURE not in desk.maya.capabilities()
    assert Action.CONFIGURE in desk.sam.capabilities()
    mine = {(r.kind, r.id) for r in await desk.maya.configuration()}
    assert {id_ for kind, id_ in mine if kind is Kind.DEPARTMENT} == {"dep-support", "dep-billing"}
    assert {kind for kind, _ in mine} == {Kind.DEPARTMENT, Kind.AGENT, Kind.BUSINESS_HOURS,
                                          Kind.CANNED_RESPONSE}
    assert (Kind.AGENT, "u-emil") not in mine  # Sales only
    assert (Kind.BUSINESS_HOURS, "bh-new-york") in mine  # serves Billing alone
    assert (Kind.BUSINESS_HOURS, "bh-always") not in mine  # serves Onboarding too

    everything = await desk.sam.configuration()
    applied(await desk.maya.apply_change(update(find(everything, Kind.DEPARTMENT, "dep-support"),
                                                max_chats_per_agent=5)))
    refused = [
        update(find(everything, Kind.DEPARTMENT, "dep-sales"), max_chats_per_agent=5),
        update(find(everything, Kind.DEPARTMENT, "dep-billing"), unit_id="unit-revenue"),
        update(find(everything, Kind.AGENT, "u-bo"), department_ids=["dep-sales", "dep-support"]),
        update(find(everything, Kind.AGENT, "u-bo"), monitor=True),
        # Chen serves Onboarding (Revenue) too: taking his agent role would empty it there.
        update(find(everything, Kind.AGENT, "u-chen"), agent=False),
        update(find(everything, Kind.AGENT, "u-chen"), max_chats=1),
        # An agent record for someone who exists would give them the role.
        create(Kind.AGENT, "u-sam", username="sam", name="Sam", agent=True, monitor=False,
               department_ids=["dep-support"]),
        update(find(everything, Kind.ROUTING, "routing"), waiting_queue=True),
        update(find(everything, Kind.UNIT, "unit-care"), name="Care"),
        create(Kind.CANNED_RESPONSE, "c-all", shortcut="all", text="For all", department_id=None),
    ]
    for change in refused:
        with pytest.raises(NotAllowed):
            await desk.maya.apply_change(change)
    applied(await desk.maya.apply_change(update(find(everything, Kind.AGENT, "u-bo"),
                                                department_ids=["dep-billing", "dep-support"])))
    applied(await desk.maya.apply_change(create(Kind.CANNED_RESPONSE, "c-care", shortcut="care",
                                                text="We care.", department_id="dep-billing")))


async def test_the_monitors_right_is_checked_where_the_change_applies(desk: Desk) -> None:
    """Sam moves Billing out of Maya's unit while Maya's edit of Billing waits for the engine:
    her window still thinks Billing is hers, but the check inside the lock refuses it."""
    billing = find(await desk.sam.configuration(), Kind.DEPARTMENT, "dep-billing")
    assert "dep-billing" in (await desk.maya.me()).unit_department_ids
    moved, edited = await asyncio.gather(
        desk.sam.apply_change(update(billing, unit_id="unit-revenue")),
        desk.maya.apply_change(update(billing, max_chats_per_agent=1)),
        return_exceptions=True,
    )
    assert applied(moved).fields["unit_id"] == "unit-revenue"  # type: ignore[arg-type]
    assert isinstance(edited, NotAllowed)
    assert find(await desk.sam.configuration(), Kind.DEPARTMENT, "dep-billing").fields[
        "max_chats_per_agent"] is None
    assert "dep-billing" not in (await desk.maya.me()).unit_department_ids


async def test_a_monitor_removed_from_their_unit_meanwhile_is_refused(desk: Desk) -> None:
    """The policy reads who Maya is inside the transaction, not what her window last knew."""
    records = await desk.sam.configuration()
    care, support = find(records, Kind.UNIT, "unit-care"), find(records, Kind.DEPARTMENT, "dep-support")
    removed, edited = await asyncio.gather(
        desk.sam.apply_change(update(care, monitor_ids=[])),
        desk.maya.apply_change(update(support, max_chats_per_agent=1)),
        return_exceptions=True,
    )
    assert applied(removed).fields["monitor_ids"] == []  # type: ignore[arg-type]
    assert isinstance(edited, NotAllowed)
    assert find(await desk.sam.configuration(), Kind.DEPARTMENT, "dep-support").fields[
        "max_chats_per_agent"] == 4


async def test_a_refused_change_is_not_conflicted_nor_remembered(desk: Desk) -> None:
    sales = find(await desk.sam.configuration(), Kind.DEPARTMENT, "dep-sales")
    change = update(sales, name="Deals")
    with pytest.raises(NotAllowed):
        await desk.maya.apply_change(change)
    # The same change sent by someone allowed applies: a refusal marks nothing as applied.
    outcome = await desk.sam.apply_change(change)
    assert not isinstance(outcome, Conflicted)
    assert applied(outcome).fields["name"] == "Deals"
