"""Replaying a day's traffic with given routing inputs (app.routing.replay)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from app.domain import BusinessHours, OpenInterval
from app.routing.replay import (
    AgentInputs,
    Arrival,
    DepartmentInputs,
    RoutingInputs,
    Traffic,
    replay,
)
from app.routing.settings import RoutingMethod, RoutingSettings

DAY = date(2026, 11, 25)
NINE = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def arrivals(count: int, *, every_s: float = 60, lasting_s: float = 600,
             department: str | None = "sales") -> tuple[Arrival, ...]:
    return tuple(
        Arrival(chat_id=f"c{n:03d}", visitor_name=f"Visitor {n}", department_id=department,
                priority=99, arrived_at=NINE + timedelta(seconds=n * every_s), duration_s=lasting_s)
        for n in range(count)
    )


def traffic(count: int = 6, *, present: tuple[str, ...] = ("ana", "bo"), every_s: float = 60,
            lasting_s: float = 600) -> Traffic:
    return Traffic(day=DAY, arrivals=arrivals(count, every_s=every_s, lasting_s=lasting_s),
                   present_agent_ids=frozenset(present),
                   pickup_delay_s=45)


def inputs(agents: tuple[str, ...] = ("ana",), *, department: dict[str, Any] | None = None,
           extra_departments: tuple[DepartmentInputs, ...] = (), **settings: Any) -> RoutingInputs:
    chosen: dict[str, Any] = {"routing_method": RoutingMethod.LOAD_BALANCING, "waiting_queue": True,
                                 "max_chats_per_agent": 1, **settings}
    sales = DepartmentInputs(id="sales", name="Sales", agent_ids=agents, **(department or {}))
    departments = (sales, *extra_departments)
    return RoutingInputs(
        settings=RoutingSettings(**chosen),
        departments=departments,
        agents=tuple(AgentInputs(id=a, name=a.title(),
                                 department_ids=tuple(d.id for d in departments if a in d.agent_ids))
                     for a in sorted({a for d in departments for a in d.agent_ids})),
    )


def test_one_agent_at_one_chat_makes_the_queue_grow() -> None:
    figures, outcomes = replay(traffic(6), inputs(("ana",)))
    # Each chat lasts 10 min, one arrives a minute: the n-th waits until the (n-1)-th closes.
    assert figures.chats == 6
    assert figures.per_agent == {"ana": 6}
    assert [outcomes[f"c{n:03d}"].wait_s for n in range(6)] == [0, 540, 1080, 1620, 2160, 2700]
    assert figures.queued == 5
    assert figures.refused == 0
    assert figures.wait_p50_s == 1080
    assert figures.wait_p90_s == 2700
    names = {"ana": "Ana"}
    assert outcomes["c000"].text(names) == "Ana at once"
    assert outcomes["c001"].text(names) == "queued 9 min, then Ana"


def test_adding_an_agent_cuts_waits() -> None:
    before, _ = replay(traffic(6), inputs(("ana",)))
    after, outcomes = replay(traffic(6), inputs(("ana", "bo")))
    assert after.wait_p90_s is not None and before.wait_p90_s is not None
    assert after.wait_p90_s < before.wait_p90_s
    assert after.queued < before.queued
    assert after.per_agent == {"ana": 3, "bo": 3}
    assert outcomes["c001"].agent_id == "bo" and outcomes["c001"].wait_s == 0


def test_raising_the_limit_cuts_waits() -> None:
    before, _ = replay(traffic(6), inputs(("ana",), max_chats_per_agent=1))
    after, outcomes = replay(traffic(6), inputs(("ana",), max_chats_per_agent=3))
    assert before.wait_p90_s == 2700
    assert after.wait_p90_s == 420  # c003 waits until c000 closes at 10 min
    assert after.queued == 3
    assert outcomes["c002"].wait_s == 0


def test_a_department_limit_caps_what_the_organisation_allows() -> None:
    figures, _ = replay(traffic(6), inputs(("ana",), max_chats_per_agent=3,
                                          department={"max_chats_per_agent": 1}))
    assert figures.wait_p90_s == 2700


def test_manual_selection_waits_for_an_agent_to_pick_each_chat_up() -> None:
    figures, outcomes = replay(traffic(3, every_s=600, lasting_s=60),
                               inputs(("ana",), routing_method=RoutingMethod.MANUAL_SELECTION))
    # Nobody is busy: each chat waits the day's typical pick-up delay, then Ana takes it.
    assert figures.queued == 3
    assert [outcomes[c].wait_s for c in ("c000", "c001", "c002")] == [45, 45, 45]
    assert outcomes["c000"].text({"ana": "Ana"}) == "Ana after 0:45"
    assert figures.per_agent == {"ana": 3}


def test_manual_selection_takes_a_waiting_chat_when_an_agent_is_free_again() -> None:
    _figures, outcomes = replay(traffic(2, every_s=10, lasting_s=600),
                                inputs(("ana",), routing_method=RoutingMethod.MANUAL_SELECTION))
    assert outcomes["c000"].wait_s == 45
    # Ana is busy with c000 until 45 s + 10 min; she takes c001 when she closes it.
    assert outcomes["c001"].wait_s == 45 + 600 - 10


def test_manual_selection_gives_the_chat_to_the_least_loaded_agent() -> None:
    _figures, outcomes = replay(traffic(2, every_s=10, lasting_s=600),
                                inputs(("ana", "bo"), max_chats_per_agent=0,
                                       routing_method=RoutingMethod.MANUAL_SELECTION))
    assert (outcomes["c000"].agent_id, outcomes["c001"].agent_id) == ("ana", "bo")


def test_a_disabled_department_without_fallback_refuses_its_chats() -> None:
    figures, outcomes = replay(traffic(3), inputs(("ana",), department={"enabled": False},
                                                  waiting_queue=False))
    assert figures.refused == 3
    assert figures.per_agent == {}
    assert outcomes["c000"].text({}) == "refused"
    assert figures.wait_p50_s is None


def test_a_disabled_department_passes_its_chats_to_its_fallback() -> None:
    support = DepartmentInputs(id="support", name="Support", agent_ids=("bo",))
    figures, outcomes = replay(traffic(3, every_s=600, lasting_s=60),
                               inputs(("ana",), department={"enabled": False,
                                                            "fallback_department_id": "support"},
                                      extra_departments=(support,)))
    assert figures.refused == 0
    assert figures.per_agent == {"bo": 3}
    assert outcomes["c000"].text({"bo": "Bo"}) == "Bo at once"


def test_chats_still_waiting_at_the_end_of_the_day_were_refused() -> None:
    # Nobody who served that day works in sales: with the waiting queue on, the chats wait all day.
    figures, _ = replay(traffic(3, present=("carla",)), inputs(("ana",)))
    assert figures.refused == 3
    assert figures.queued == 3


def test_without_the_waiting_queue_nobody_online_means_refused_at_once() -> None:
    figures, _ = replay(traffic(3, present=()), inputs(("ana",), waiting_queue=False))
    assert (figures.refused, figures.queued) == (3, 0)


def test_a_maximum_queue_wait_ends_chats_that_wait_longer() -> None:
    figures, outcomes = replay(traffic(6), inputs(("ana",), max_queue_wait_s=1200))
    # c001 (9 min) and c002 (18 min) are served; the later ones would wait over 20 min.
    assert figures.refused == 3
    assert outcomes["c002"].agent_id == "ana"
    assert outcomes["c003"].refused


def test_the_same_traffic_and_inputs_replay_to_the_same_outcomes() -> None:
    day = traffic(40, every_s=37, lasting_s=300)
    settings = inputs(("ana", "bo", "carla"), max_chats_per_agent=2)
    first = replay(day, settings)
    assert replay(day, settings) == first
    # Nothing in the inputs' order matters: agents listed the other way round decide the same.
    reordered = replace(settings, agents=tuple(reversed(settings.agents)))
    assert replay(day, reordered) == first


def test_a_day_without_traffic_gives_zero_figures() -> None:
    figures, outcomes = replay(Traffic(day=DAY, arrivals=(), present_agent_ids=frozenset()), inputs())
    assert outcomes == {}
    assert (figures.chats, figures.queued, figures.refused, figures.wait_p50_s) == (0, 0, 0, None)
    assert figures.per_agent == {}


def test_chats_before_business_hours_are_taken_when_the_office_opens() -> None:
    office = BusinessHours("office", "Office", "UTC", (OpenInterval(2, 9 * 60, 17 * 60),))  # Wednesday
    early = Traffic(day=DAY, present_agent_ids=frozenset({"ana"}), pickup_delay_s=45, arrivals=(
        Arrival("early", "Early Bird", "sales", 99, NINE - timedelta(hours=1), 300),))
    for method in (RoutingMethod.MANUAL_SELECTION, RoutingMethod.LOAD_BALANCING):
        base = inputs(("ana",), routing_method=method, business_hours_enabled=True)
        opening = replace(base, business_hours=(office,), departments=tuple(
            replace(d, business_hours_id="office") for d in base.departments))
        _figures, outcomes = replay(early, opening)
        assert (outcomes["early"].agent_id, outcomes["early"].wait_s) == ("ana", 3600), method


def test_traffic_of_another_day_is_a_mistake_said_as_such() -> None:
    wrong_day = replace(traffic(2), day=date(2026, 11, 24))
    with pytest.raises(ValueError, match="did not arrive on 2026-11-24"):
        replay(wrong_day, inputs())
