"""Every kind of configuration record reads, changes and reads back through the embedded backend;
relations show on both sides; creates and deletes where the kind allows them; versions, audit."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.clock import ManualClock
from app.config.records import Applied, Kind, Op
from app.errors import InvalidInput, NotAllowed
from app.store import Database, organisation
from tests.app.configuration_changes import applied, create, delete, find, update


@pytest.fixture
async def sam(database: Database, clock: ManualClock) -> AsyncIterator[EmbeddedBackend]:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    backend = await engine.sign_in("sam")
    yield backend
    await backend.aclose()
    await engine.aclose()


async def test_the_admin_reads_every_kind_at_version_one(sam: EmbeddedBackend) -> None:
    records = await sam.configuration()
    kinds = {record.kind for record in records}
    assert kinds == set(Kind)
    assert find(records, Kind.DEPARTMENT, "dep-support").fields["sla_id"] == "sla-quarter-hour"
    assert find(records, Kind.ROUTING, "routing").fields["routing_method"] == "manual_selection"
    assert find(records, Kind.AGENT, "u-ana").fields["department_ids"] == ["dep-billing", "dep-support"]
    assert [r.fields["name"] for r in records if r.kind is Kind.PRIORITY] == [
        "Highest", "High", "Medium", "Low", "Lowest"]
    assert all(record.version == 1 for record in records)


async def test_departments_round_trip_with_agents_in_order_on_both_sides(sam: EmbeddedBackend) -> None:
    billing = find(await sam.configuration(), Kind.DEPARTMENT, "dep-billing")
    changed = applied(await sam.apply_change(update(
        billing, name="Invoices", agent_ids=["u-ana", "u-dara", "u-bo"], max_chats_per_agent=2,
        transfer_department_ids=["dep-support"], enabled=False)))
    assert changed.version == 2
    records = await sam.configuration()
    assert find(records, Kind.DEPARTMENT, "dep-billing") == changed
    assert changed.fields["agent_ids"] == ["u-ana", "u-dara", "u-bo"]
    assert changed.fields["transfer_department_ids"] == ["dep-support"]
    bo = find(records, Kind.AGENT, "u-bo")
    assert bo.fields["department_ids"] == ["dep-billing", "dep-support"]
    assert bo.version == 2  # changed on the other side of the relation
    assert find(records, Kind.AGENT, "u-chen").version == 1


async def test_agents_round_trip_with_skills_and_departments(sam: EmbeddedBackend) -> None:
    bo = find(await sam.configuration(), Kind.AGENT, "u-bo")
    changed = applied(await sam.apply_change(update(
        bo, name="Bo L.", department_ids=["dep-sales", "dep-support"], max_chats=4,
        skills={"french": 3})))
    assert changed.fields["skills"] == {"french": 3}
    sales = find(await sam.configuration(), Kind.DEPARTMENT, "dep-sales")
    assert sales.fields["agent_ids"] == ["u-emil", "u-fatima", "u-tomas", "u-bo"]  # joins last
    with pytest.raises(InvalidInput, match="cannot change"):
        await sam.apply_change(update(changed, username="bobby"))


async def test_units_and_business_hours_move_departments(sam: EmbeddedBackend) -> None:
    records = await sam.configuration()
    revenue = find(records, Kind.UNIT, "unit-revenue")
    applied(await sam.apply_change(update(
        revenue, department_ids=["dep-billing", "dep-onboarding", "dep-sales"])))
    berlin = find(records, Kind.BUSINESS_HOURS, "bh-berlin")
    applied(await sam.apply_change(update(
        berlin, department_ids=["dep-onboarding", "dep-sales"], timezone="Europe/Paris",
        intervals=[{"weekday": 5, "start_minute": 600, "end_minute": 720}])))
    after = await sam.configuration()
    assert find(after, Kind.UNIT, "unit-care").fields["department_ids"] == ["dep-support"]
    assert find(after, Kind.DEPARTMENT, "dep-billing").fields["unit_id"] == "unit-revenue"
    assert find(after, Kind.DEPARTMENT, "dep-onboarding").fields["business_hours_id"] == "bh-berlin"
    assert find(after, Kind.BUSINESS_HOURS, "bh-always").fields["department_ids"] == ["dep-support"]
    assert find(after, Kind.BUSINESS_HOURS, "bh-berlin").fields["intervals"] == [
        {"weekday": 5, "start_minute": 600, "end_minute": 720}]
    with pytest.raises(InvalidInput, match="closes after it opens"):
        await sam.apply_change(update(find(after, Kind.BUSINESS_HOURS, "bh-berlin"),
                                      intervals=[{"weekday": 1, "start_minute": 600, "end_minute": 500}]))


async def test_routing_website_and_priorities_change_but_are_never_created_or_deleted(
        sam: EmbeddedBackend, database: Database) -> None:
    records = await sam.configuration()
    routing = applied(await sam.apply_change(update(
        find(records, Kind.ROUTING, "routing"), routing_method="load_balancing", waiting_queue=True)))
    assert routing.fields["routing_method"] == "load_balancing"
    assert database.read_now(lambda c: organisation.setting(c, "waiting_queue")) == "true"
    website = applied(await sam.apply_change(update(
        find(records, Kind.WEBSITE, "website"), title="Northwind help",
        allowed_origins=["https://shop.example"])))
    assert website.fields["allowed_origins"] == ["https://shop.example"]
    highest = applied(await sam.apply_change(update(find(records, Kind.PRIORITY, "priority-1"),
                                                    name="Urgent")))
    assert highest.fields == {"name": "Urgent", "weight": 1}
    with pytest.raises(InvalidInput, match="cannot change"):
        await sam.apply_change(update(highest, weight=3))
    for record in (routing, website, highest):
        with pytest.raises(InvalidInput, match="cannot be created or deleted"):
            await sam.apply_change(delete(record))
    with pytest.raises(InvalidInput, match="cannot be created or deleted"):
        await sam.apply_change(create(Kind.PRIORITY, "priority-6", name="Meh", weight=6))
    with pytest.raises(InvalidInput, match="cannot be below zero"):
        await sam.apply_change(update(routing, max_chats_per_agent=-1))


@pytest.mark.parametrize(("kind", "fields", "edit"), [
    (Kind.SLA, {"name": "Gold", "description": "Big customers", "due_minutes": 15}, {"due_minutes": 5}),
    (Kind.TAG, {"name": "goodwill", "description": "Money back", "department_ids": ["dep-billing"]},
     {"department_ids": []}),
    (Kind.CANNED_RESPONSE, {"shortcut": "hours", "text": "We open at nine.", "department_id": None},
     {"text": "We open at eight."}),
    (Kind.DEPARTMENT, {"name": "Returns", "agent_ids": ["u-gabe"]}, {"enabled": False}),
    (Kind.UNIT, {"name": "Returns unit", "monitor_ids": ["u-maya"]}, {"name": "Logistics"}),
    (Kind.BUSINESS_HOURS, {"name": "Weekends", "timezone": "UTC",
                           "intervals": [{"weekday": 6, "start_minute": 0, "end_minute": 1440}]},
     {"active": False}),
    (Kind.AGENT, {"username": "iris", "name": "Iris Ng", "department_ids": ["dep-sales"]},
     {"max_chats": 2}),
])
async def test_created_changed_and_deleted(sam: EmbeddedBackend, kind: Kind, fields: dict[str, object],
                                           edit: dict[str, object]) -> None:
    made = applied(await sam.apply_change(create(kind, f"new-{kind.value}", **fields)))  # type: ignore[arg-type]
    assert made.version == 1
    assert {name: made.fields[name] for name in fields} == fields
    changed = applied(await sam.apply_change(update(made, **edit)))  # type: ignore[arg-type]
    assert find(await sam.configuration(), kind, made.id) == changed
    assert changed.version == 2
    gone = await sam.apply_change(delete(changed))
    assert gone == Applied(gone.change_id, None)
    assert all(r.id != made.id for r in await sam.configuration() if r.kind is kind)


async def test_a_department_created_with_a_missing_agent_is_refused_and_nothing_stays(
        sam: EmbeddedBackend) -> None:
    with pytest.raises(InvalidInput, match="Only agents"):
        await sam.apply_change(create(Kind.DEPARTMENT, "dep-x", name="X", agent_ids=["u-maya"]))
    assert all(r.id != "dep-x" for r in await sam.configuration())


async def test_everyones_canned_responses_reach_every_agent(sam: EmbeddedBackend, database: Database,
                                                            clock: ManualClock) -> None:
    await sam.apply_change(create(Kind.CANNED_RESPONSE, "canned-all", shortcut="thanks",
                                  text="Thank you for waiting.", department_id=None))
    engine = EmbeddedEngine(database, clock, run_timers=False)
    emil = await engine.sign_in("emil")  # Sales only
    assert "thanks" in {c.shortcut for c in await emil.canned_responses()}
    assert "reset" not in {c.shortcut for c in await emil.canned_responses()}  # Support's
    await emil.aclose()
    await engine.aclose()


async def test_a_change_applies_once_whatever_the_resends(sam: EmbeddedBackend) -> None:
    routing = find(await sam.configuration(), Kind.ROUTING, "routing")
    change = update(routing, max_chats_per_agent=7)
    first = await sam.apply_change(change)
    again = await sam.apply_change(change)
    assert first == again
    assert applied(again).version == 2
    assert len([e for e in await sam.audit() if e.change_id == change.change_id]) == 1
    created = create(Kind.SLA, "sla-once", name="Once", description="", due_minutes=9)
    await sam.apply_change(created)
    assert applied(await sam.apply_change(created)).version == 1


async def test_a_field_someone_else_changed_conflicts_and_nothing_applies(sam: EmbeddedBackend) -> None:
    support = find(await sam.configuration(), Kind.DEPARTMENT, "dep-support")
    theirs = applied(await sam.apply_change(update(support, max_chats_per_agent=6)))
    outcome = await sam.apply_change(update(support, max_chats_per_agent=2, name="Help"))
    assert not isinstance(outcome, Applied)
    assert [(c.field, c.base, c.mine, c.theirs) for c in outcome.conflicts] == [
        ("max_chats_per_agent", 4, 2, 6)]
    assert outcome.theirs == theirs
    assert find(await sam.configuration(), Kind.DEPARTMENT, "dep-support") == theirs


async def test_changes_to_different_fields_are_both_kept(sam: EmbeddedBackend) -> None:
    support = find(await sam.configuration(), Kind.DEPARTMENT, "dep-support")
    await sam.apply_change(update(support, max_chats_per_agent=6))
    mine = applied(await sam.apply_change(update(support, name="Help")))
    assert (mine.fields["name"], mine.fields["max_chats_per_agent"], mine.version) == ("Help", 6, 3)


async def test_the_audit_says_who_changed_what_from_what_to_what(sam: EmbeddedBackend,
                                                                 clock: ManualClock) -> None:
    sales = find(await sam.configuration(), Kind.DEPARTMENT, "dep-sales")
    change = update(sales, name="Revenue desk", max_chats_per_agent=3)
    await sam.apply_change(change)
    entry = (await sam.audit())[0]
    assert (entry.by_name, entry.kind, entry.entity_name, entry.op) == (
        "Sam Okafor", Kind.DEPARTMENT, "Revenue desk", Op.UPDATE)
    assert entry.before == {"name": "Sales", "max_chats_per_agent": None}
    assert entry.after == {"name": "Revenue desk", "max_chats_per_agent": 3}
    assert entry.at == clock.now()
    assert entry.change_id == change.change_id


async def test_only_admins_read_the_audit(sam: EmbeddedBackend, database: Database,
                                          clock: ManualClock) -> None:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    maya = await engine.sign_in("maya")
    with pytest.raises(NotAllowed):
        await maya.audit()
    await maya.aclose()
    await engine.aclose()


async def test_an_existing_person_becomes_an_agent_and_stops_being_one(sam: EmbeddedBackend) -> None:
    made = applied(await sam.apply_change(create(
        Kind.AGENT, "u-sam", username="sam", name="Sam Okafor", department_ids=["dep-support"])))
    assert made.fields["department_ids"] == ["dep-support"]
    support = find(await sam.configuration(), Kind.DEPARTMENT, "dep-support")
    assert support.fields["agent_ids"] == ["u-ana", "u-bo", "u-chen", "u-gabe", "u-sam"]
    await sam.apply_change(delete(made))
    support = find(await sam.configuration(), Kind.DEPARTMENT, "dep-support")
    assert support.fields["agent_ids"] == ["u-ana", "u-bo", "u-chen", "u-gabe"]
    assert (await sam.me()).is_admin
    with pytest.raises(InvalidInput, match="already signs in as 'ana'"):
        await sam.apply_change(create(Kind.AGENT, "u-new", username="ana", name="Another Ana"))
