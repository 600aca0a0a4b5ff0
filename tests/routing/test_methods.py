"""Each routing method picks the agent Rocket.Chat would pick (or, for ours, the fairer one)."""

from __future__ import annotations

from datetime import timedelta

from app.routing.decisions import Outcome
from app.routing.settings import RoutingMethod
from tests.routing.build import START, engine, later, routed_to

AUTO, LB, LR = RoutingMethod.AUTO_SELECTION, RoutingMethod.LOAD_BALANCING, RoutingMethod.LOAD_ROTATION


def test_manual_selection_queues_everything() -> None:
    routing, _ = engine({"ana": ("s",)}, routing_method=RoutingMethod.MANUAL_SELECTION)
    [decision] = routing.inquiry("q1", "s")
    assert decision.outcome is Outcome.QUEUED and "take it" in decision.reason
    [taken] = routing.take("q1", "ana")
    assert taken.outcome is Outcome.TAKEN and routing.agents["ana"].open_chats == 1


def test_auto_selection_counts_chats_ever_served_in_the_department_then_order() -> None:
    # Rocket.Chat sorts department agents by {count, order, username}.
    routing, _ = engine({"ana": ("s",), "bo": ("s",), "cy": ("s",)},
                        departments={"s": {"order": {"cy": 0, "bo": 1, "ana": 2}}},
                        routing_method=AUTO)
    picks = [routed_to(routing.inquiry(f"q{i}", "s"))[0][1] for i in range(4)]
    assert picks == ["cy", "bo", "ana", "cy"]
    # Closing does not lower the counter: it counts chats served, not open ones (RC #13134).
    routing.close("q0")
    assert routed_to(routing.inquiry("q9", "s")) == [("q9", "bo")]


def test_auto_selection_without_department_uses_the_lifetime_counter() -> None:
    routing, _ = engine({"ana": ("s",), "bo": ("s",)}, routing_method=AUTO,
                        agent_options={"ana": {"served_count": 10}, "bo": {"served_count": 3}})
    assert routed_to(routing.inquiry("q1", None)) == [("q1", "bo")]
    assert routing.agents["bo"].served_count == 4


def test_load_balancing_fewest_open_then_oldest_routing_then_username() -> None:
    routing, clock = engine({"ana": ("s",), "bo": ("s",), "cy": ("s",)}, routing_method=LB)
    assert routed_to(routing.inquiry("q1", "s")) == [("q1", "ana")]  # all 0 and never: username
    later(clock, 1)
    assert routed_to(routing.inquiry("q2", "s")) == [("q2", "bo")]
    later(clock, 1)
    assert routed_to(routing.inquiry("q3", "s")) == [("q3", "cy")]
    routing.close("q2")  # bo back to 0 open
    later(clock, 1)
    assert routed_to(routing.inquiry("q4", "s")) == [("q4", "bo")]
    routing.close("q1")
    routing.close("q3")  # ana and cy at 0; ana was routed earlier than cy
    later(clock, 1)
    assert routed_to(routing.inquiry("q5", "s")) == [("q5", "ana")]


def test_load_balancing_does_not_count_chats_on_hold() -> None:
    routing, clock = engine({"ana": ("s",), "bo": ("s",)}, routing_method=LB)
    routing.inquiry("q1", "s")
    later(clock, 1)
    routing.inquiry("q2", "s")
    later(clock, 1)
    routing.inquiry("q3", "s")  # ana now has 2, bo 1
    routing.on_hold("q1")
    routing.on_hold("q3")
    later(clock, 1)
    assert routed_to(routing.inquiry("q4", "s")) == [("q4", "ana")]


def test_load_balancing_counts_load_in_the_inquirys_department() -> None:
    routing, clock = engine({"ana": ("s", "b"), "bo": ("s",)}, routing_method=LB)
    routing.inquiry("s0", "s")  # ana (username order)
    routing.close("s0")
    later(clock, 1)
    routing.inquiry("s1", "s")  # bo: never routed
    later(clock, 1)
    routing.inquiry("b1", "b")
    routing.inquiry("b2", "b")  # ana: 2 open chats, none in s; bo: 1 in s
    later(clock, 1)
    assert routed_to(routing.inquiry("s2", "s")) == [("s2", "ana")]


def test_load_rotation_ignores_load() -> None:
    routing, clock = engine({"ana": ("s",), "bo": ("s",)}, routing_method=LR,
                            agent_options={"ana": {"last_routed_at": START - timedelta(hours=1)},
                                           "bo": {"last_routed_at": START - timedelta(hours=2)}})
    assert routed_to(routing.inquiry("q1", "s")) == [("q1", "bo")]
    later(clock, 1)
    assert routed_to(routing.inquiry("q2", "s")) == [("q2", "ana")]
    later(clock, 1)
    routing.close("q2")
    assert routed_to(routing.inquiry("q3", "s")) == [("q3", "bo")]


def test_balanced_uses_total_load_then_longest_idle_including_taken_chats() -> None:
    routing, clock = engine({"ana": ("s", "b"), "bo": ("s",)}, routing_method=RoutingMethod.BALANCED)
    routing.inquiry("b1", "b")  # ana: 1 open in b
    later(clock, 1)
    assert routed_to(routing.inquiry("s1", "s")) == [("s1", "bo")]  # total load, not per department
    routing.close("b1")
    routing.close("s1")
    later(clock, 1)
    # Both at 0: ana was assigned earlier than bo, so ana has waited longer.
    assert routed_to(routing.inquiry("s2", "s")) == [("s2", "ana")]


def test_skills_requirements_relax_with_waiting() -> None:
    routing, clock = engine({"ana": ("s",), "bo": ("s",)}, routing_method=RoutingMethod.SKILLS,
                            waiting_queue=True, skill_relax_after_s=(60, 120),
                            agent_options={"ana": {"skills": {"french": 1}},
                                           "bo": {"skills": {"french": 2, "billing": 3}}})
    assert routed_to(routing.inquiry("q1", "s", skills={"billing": 2})) == [("q1", "bo")]
    [queued] = routing.inquiry("q2", "s", skills={"french": 3})
    assert queued.outcome is Outcome.QUEUED and routing.next_due() == START + timedelta(seconds=60)
    # Skills routing serves whom it can: a later inquiry with no requirement goes first.
    assert routed_to(routing.inquiry("q3", "s")) == [("q3", "ana")]
    later(clock, 59)
    assert routing.advance() == []
    later(clock, 1)
    [relaxed] = routing.advance()  # fires exactly at 60 s: french≥2 is enough now
    assert (relaxed.inquiry, relaxed.agent) == ("q2", "bo")
    assert "needs french≥2 (relaxed 1 level after 60 s)" in relaxed.reason


def test_reasons_name_the_method_the_chosen_agent_and_the_runner_up() -> None:
    routing, _ = engine({"ana": ("s",), "bo": ("s",)}, routing_method=LB)
    routing.inquiry("q1", "s")
    [decision] = routing.inquiry("q2", "s")
    assert decision.reason == ("load_balancing: bo has 0 open chats in s, "
                               "ana has 1 open chat in s; bo chosen")
