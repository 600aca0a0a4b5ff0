"""What-if before publish: records -> routing inputs, edits in place, the day's traffic from the
store, and the embedded backend's `what_if` (admins only)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.config import SCHEMAS, JsonValue, Kind, Record
from app.config.routing_inputs import routing_inputs, what_if, with_edits
from app.domain import AuthorKind
from app.errors import NotAllowed
from app.routing.replay import CAVEATS, NO_TRAFFIC, Arrival, Traffic
from app.routing.settings import RoutingMethod
from app.store import Database, messages
from app.store.traffic import day_traffic

DAY = date(2026, 11, 25)
NINE = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def record(kind: Kind, record_id: str, **values: JsonValue) -> Record:
    fields = {**SCHEMAS[kind].defaults(), **values}
    return Record(kind, record_id, fields, 1)


def organisation(**routing: JsonValue) -> list[Record]:
    """Sales with Ana; Bo works nowhere yet; one chat at a time each."""
    return [
        record(Kind.ROUTING, "routing", **{"routing_method": "load_balancing", "waiting_queue": True,
                                           "max_chats_per_agent": 1, "max_fallback_depth": 3,
                                           "business_hours_enabled": False, **routing}),
        record(Kind.DEPARTMENT, "sales", name="Sales", agent_ids=["ana"]),
        record(Kind.DEPARTMENT, "support", name="Support", agent_ids=[]),
        record(Kind.AGENT, "ana", username="ana", name="Ana", monitor=False, department_ids=["sales"]),
        record(Kind.AGENT, "bo", username="bo", name="Bo", monitor=False, department_ids=[]),
    ]


def traffic(count: int = 4, *, present: frozenset[str] = frozenset({"ana", "bo"})) -> Traffic:
    return Traffic(
        day=DAY,
        arrivals=tuple(Arrival(f"c{n}", f"Visitor {n}", "sales", 99, NINE + timedelta(minutes=n), 600)
                       for n in range(count)),
        present_agent_ids=present,
    )


def edited(records: list[Record], kind: Kind, record_id: str, **values: JsonValue) -> Record:
    """The record as the admin would publish it after changing `values`."""
    found = next(r for r in records if (r.kind, r.id) == (kind, record_id))
    return Record(kind, record_id, {**found.fields, **values}, found.version)


# -- records -> routing inputs ------------------------------------------------------------------


def test_records_become_routing_inputs() -> None:
    records = [
        *organisation(routing_method="auto_selection", queue_order="priority"),
        record(Kind.DEPARTMENT, "vip", name="VIP", enabled=False, agent_ids=["bo", "ana"],
               max_chats_per_agent=2, fallback_department_id="sales", business_hours_id="office"),
        record(Kind.BUSINESS_HOURS, "office", name="Office", timezone="Europe/Berlin",
               intervals=[{"weekday": 0, "start_minute": 480, "end_minute": 1080}]),
        record(Kind.AGENT, "maya", username="maya", name="Maya", agent=False, monitor=True),
    ]
    inputs = routing_inputs(records)
    assert inputs.settings.routing_method is RoutingMethod.AUTO_SELECTION
    assert inputs.settings.queue_order.value == "priority"
    assert inputs.settings.max_chats_per_agent == 1
    vip = next(d for d in inputs.departments if d.id == "vip")
    assert (vip.enabled, vip.agent_ids, vip.max_chats_per_agent) == (False, ("bo", "ana"), 2)
    assert (vip.fallback_department_id, vip.business_hours_id) == ("sales", "office")
    # Monitors who are not agents serve no chats.
    assert [a.id for a in inputs.agents] == ["ana", "bo"]
    assert next(a for a in inputs.agents if a.id == "bo").department_ids == ("vip",)
    assert inputs.business_hours[0].intervals[0].start_minute == 480


def test_an_agent_listing_a_department_serves_in_it_after_its_listed_agents() -> None:
    records = [*organisation(), record(Kind.AGENT, "carla", username="carla", name="Carla",
                                       department_ids=["sales"])]
    sales = next(d for d in routing_inputs(records).departments if d.id == "sales")
    assert sales.agent_ids == ("ana", "carla")


# -- edits in place -------------------------------------------------------------------------------


def test_edits_replace_records_add_new_ones_and_an_empty_record_deletes() -> None:
    current = organisation()
    merged = with_edits(current, [
        edited(current, Kind.ROUTING, "routing", max_chats_per_agent=3),
        record(Kind.DEPARTMENT, "vip", name="VIP"),
        Record(Kind.DEPARTMENT, "support", {}, 1),
    ])
    by_key = {(r.kind, r.id): r for r in merged}
    assert by_key[(Kind.ROUTING, "routing")].fields["max_chats_per_agent"] == 3
    assert (Kind.DEPARTMENT, "vip") in by_key
    assert (Kind.DEPARTMENT, "support") not in by_key
    assert len(merged) == len(current)


def test_removing_an_agent_in_either_editor_removes_them_for_routing() -> None:
    current = organisation()
    from_department = with_edits(current, [edited(current, Kind.DEPARTMENT, "sales", agent_ids=[])])
    from_agent = with_edits(current, [edited(current, Kind.AGENT, "ana", department_ids=[])])
    for merged in (from_department, from_agent):
        sales = next(d for d in routing_inputs(merged).departments if d.id == "sales")
        assert sales.agent_ids == ()


def test_adding_an_agent_in_the_agent_editor_adds_them_to_the_department() -> None:
    current = organisation()
    merged = with_edits(current, [edited(current, Kind.AGENT, "bo", department_ids=["sales"])])
    department = next(r for r in merged if r.id == "sales")
    assert department.fields["agent_ids"] == ["ana", "bo"]


# -- what if ------------------------------------------------------------------------------------


def test_adding_an_agent_to_the_department_cuts_waits_and_names_the_chats_that_change() -> None:
    current = organisation()
    result = what_if(traffic(4), current, [edited(current, Kind.DEPARTMENT, "sales",
                                                  agent_ids=["ana", "bo"])])
    assert result.before.wait_p90_s == 1620  # c3 waits for c0, c1, c2 to close
    assert result.after.wait_p90_s == 480  # c2 and c3 wait for c0 and c1 to close
    assert result.after.queued < result.before.queued
    assert result.after.per_agent == {"ana": 2, "bo": 2}
    changed = {d.chat_id: (d.visitor_name, d.before, d.after) for d in result.differences}
    assert changed["c1"] == ("Visitor 1", "queued 9 min, then Ana", "Bo at once")
    assert "c0" not in changed  # Ana at once either way
    assert result.caveats[:len(CAVEATS)] == CAVEATS


def test_an_agent_the_edits_create_is_taken_as_present() -> None:
    current = organisation()
    carla = record(Kind.AGENT, "carla", username="carla", name="Carla", department_ids=["sales"])
    result = what_if(traffic(4), current, [carla])
    assert result.after.per_agent.get("carla") == 2
    assert result.after.wait_p90_s is not None and result.before.wait_p90_s is not None
    assert result.after.wait_p90_s < result.before.wait_p90_s


def test_switching_to_manual_selection_queues_every_chat() -> None:
    current = organisation()
    result = what_if(traffic(4), current, [
        edited(current, Kind.ROUTING, "routing", routing_method="manual_selection")])
    assert (result.before.queued, result.after.queued) == (3, 4)
    first = next(d for d in result.differences if d.chat_id == "c0")
    # The day's typical pick-up delay (a minute here) before Ana takes it.
    assert (first.before, first.after) == ("Ana at once", "queued 1 min, then Ana")


def test_disabling_the_department_refuses_its_chats_or_passes_them_to_its_fallback() -> None:
    current = [*organisation(waiting_queue=False),
               record(Kind.DEPARTMENT, "support", name="Support", agent_ids=["bo"])]
    current = with_edits(current, [])
    refused = what_if(traffic(2), current, [edited(current, Kind.DEPARTMENT, "sales", enabled=False)])
    assert (refused.before.refused, refused.after.refused) == (0, 2)
    assert {d.after for d in refused.differences} == {"refused"}
    fallen = what_if(traffic(2), current, [edited(current, Kind.DEPARTMENT, "sales", enabled=False,
                                                  fallback_department_id="support")])
    assert fallen.after.refused == 0
    assert fallen.after.per_agent == {"bo": 2}


def test_a_day_without_traffic_gives_zero_figures_and_says_so() -> None:
    result = what_if(Traffic(day=DAY, arrivals=(), present_agent_ids=frozenset()), organisation(), [])
    assert result.before == result.after
    assert (result.after.chats, result.after.queued, result.after.refused) == (0, 0, 0)
    assert result.after.wait_p50_s is None and result.differences == ()
    assert result.caveats == (NO_TRAFFIC,)


# -- the day's traffic from the store ----------------------------------------------------------


def _write_day(connection: sqlite3.Connection) -> None:
    """Three chats on 2026-11-20: two closed by Bo (one he took after 90 s), one still waiting."""
    visitor_id, contact_id = connection.execute(
        "SELECT id, contact_id FROM visitors ORDER BY id LIMIT 1").fetchone()
    start = int(datetime(2026, 11, 20, 9, 0, tzinfo=UTC).timestamp() * 1000)
    rows = [
        ("day-a", start, start + 300_000, "u-bo", "closed"),
        ("day-b", start + 60_000, start + 60_000 + 900_000, "u-bo", "closed"),
        ("day-c", start + 120_000, None, None, "queued"),
        # The day before and the day after are not that day's traffic.
        ("day-x", start - 10 * 3_600_000, start - 9 * 3_600_000, "u-ana", "closed"),
        ("day-y", start + 16 * 3_600_000, None, "u-ana", "open"),
    ]
    for chat_id, created, closed, served_by, status in rows:
        connection.execute(
            "INSERT INTO chats (id, visitor_id, contact_id, department_id, status, served_by, "
            "created_at, closed_at, priority) VALUES (?, ?, ?, 'dep-support', ?, ?, ?, ?, 2)",
            (chat_id, visitor_id, contact_id, status, served_by, created, closed))
    messages.add_message(connection, "day-b", message_id="day-b-joined", author_kind=AuthorKind.SYSTEM,
                         author_id="u-bo", author_name="Bo Lindqvist",
                         text="Bo Lindqvist joined the chat.",
                         sent_at=datetime(2026, 11, 20, 9, 2, 30, tzinfo=UTC))


def test_the_days_traffic_is_read_from_the_store(database: Database) -> None:
    database.write_now(_write_day)
    day = database.read_now(lambda c: day_traffic(c, date(2026, 11, 20)))
    assert [a.chat_id for a in day.arrivals] == ["day-a", "day-b", "day-c"]
    assert [a.duration_s for a in day.arrivals] == [300, 900, None]
    first = day.arrivals[0]
    assert (first.department_id, first.priority) == ("dep-support", 2)
    assert first.arrived_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert first.visitor_name
    assert day.present_agent_ids == {"u-bo"}
    assert day.pickup_delay_s == 90  # day-b began 09:01:00 and Bo joined at 09:02:30
    assert day.typical_duration_s == 600  # the median of 300 and 900


# -- the backend ------------------------------------------------------------------------------


@pytest.fixture
async def engine(database: Database, clock: ManualClock) -> AsyncIterator[EmbeddedEngine]:
    made = EmbeddedEngine(database, clock, run_timers=False)
    yield made
    await made.aclose()


async def test_an_admin_replays_the_day_with_pending_edits(engine: EmbeddedEngine,
                                                          database: Database) -> None:
    database.write_now(_write_day)
    sam = await engine.sign_in("sam")
    unchanged = await sam.what_if([], date(2026, 11, 20))
    assert unchanged.before == unchanged.after and unchanged.differences == ()
    # The sample organisation routes by hand: every chat waited to be picked up.
    assert unchanged.before.chats == 3
    assert unchanged.before.queued == 3
    assert unchanged.before.per_agent == {"u-bo": 3}
    auto = Record(Kind.ROUTING, "routing", {**SCHEMAS[Kind.ROUTING].defaults(),
                                            "routing_method": "load_balancing",
                                            "max_chats_per_agent": 5}, 1)
    result = await sam.what_if([auto], date(2026, 11, 20))
    assert result.after.queued == 0
    assert result.after.wait_p90_s == 0
    assert {d.after for d in result.differences} == {"Bo Lindqvist at once"}
    assert len(result.differences) == 3
    await sam.aclose()


async def test_an_agent_and_a_monitor_may_not_run_a_what_if(engine: EmbeddedEngine) -> None:
    for username, said in (("ana", "an agent"), ("maya", "a monitor")):
        person = await engine.sign_in(username)
        with pytest.raises(NotAllowed, match=f"signed in as {said}"):
            await person.what_if([], DAY)
        await person.aclose()


async def test_a_day_without_chats_gives_zero_figures(engine: EmbeddedEngine) -> None:
    sam = await engine.sign_in("sam")
    result = await sam.what_if([], date(2020, 1, 1))
    assert result.before.chats == 0 and result.after.per_agent == {}
    assert result.caveats == (NO_TRAFFIC,)
    await sam.aclose()
