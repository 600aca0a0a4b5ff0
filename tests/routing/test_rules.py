"""Eligibility, limits, the queue, fallback, transfers, timers and business hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.domain import AgentStatus, Availability, BusinessHours, OpenInterval
from app.routing.decisions import ErrorCode, Outcome
from app.routing.settings import AbandonedAction, QueueOrder, RoutingMethod
from tests.routing.build import AWAY, OFFLINE, UNAVAILABLE, engine, later, routed_to

LB = RoutingMethod.LOAD_BALANCING


# -- who is online ----------------------------------------------------------------------------

def test_offline_and_not_available_agents_get_nothing() -> None:
    routing, _ = engine({"ana": ("s",), "bo": ("s",), "cy": ("s",)}, routing_method=LB,
                        agent_options={"ana": OFFLINE, "bo": UNAVAILABLE})
    assert routed_to(routing.inquiry("q1", "s")) == [("q1", "cy")]


def test_away_agents_get_chats_only_when_the_setting_allows() -> None:
    allowed, _ = engine({"ana": ("s",)}, routing_method=LB, agent_options={"ana": AWAY})
    assert routed_to(allowed.inquiry("q1", "s")) == [("q1", "ana")]
    refused, _ = engine({"ana": ("s",)}, routing_method=LB, route_to_away_agents=False,
                        waiting_queue=True, agent_options={"ana": AWAY})
    assert [d.outcome for d in refused.inquiry("q1", "s")] == [Outcome.QUEUED]


def test_no_agent_online_without_a_queue_is_rejected() -> None:
    routing, _ = engine({"ana": ("s",)}, routing_method=LB, agent_options={"ana": OFFLINE})
    [decision] = routing.inquiry("q1", "s")
    assert decision.outcome is Outcome.REJECTED and decision.error is ErrorCode.NO_AGENT_ONLINE
    assert "q1" not in routing.queue


# -- limits -----------------------------------------------------------------------------------

def test_agent_limit_overrides_global_and_department_caps_within_it() -> None:
    routing, _ = engine({"ana": ("s", "b"), "bo": ("s",)}, routing_method=LB, waiting_queue=True,
                        max_chats_per_agent=3, departments={"b": {"max_chats_per_agent": 1}},
                        agent_options={"bo": {"max_chats": 1}})
    assert routed_to(routing.inquiry("b1", "b")) == [("b1", "ana")]
    assert [d.outcome for d in routing.inquiry("b2", "b")] == [Outcome.QUEUED]  # b caps ana at 1
    for number in range(4):
        routing.inquiry(f"s{number}", "s")
    assert routing.agents["bo"].open_chats == 1  # bo's own limit
    assert routing.agents["ana"].open_chats == 3  # the global limit: 1 in b + 2 in s
    assert [i.id for i in routing.queue.in_order()] == ["b2", "s3"]


def test_take_is_refused_at_the_limit_and_when_not_available() -> None:
    routing, _ = engine({"ana": ("s",)}, routing_method=RoutingMethod.MANUAL_SELECTION,
                        max_chats_per_agent=1, waiting_queue=True)
    routing.inquiry("q1", "s")
    routing.inquiry("q2", "s")
    routing.take("q1", "ana")
    [refused] = routing.take("q2", "ana")
    assert refused.error is ErrorCode.CHAT_LIMIT and "limit is 1" in refused.reason
    routing.set_agent("ana", availability=Availability.NOT_AVAILABLE)
    routing.close("q1")
    [offline] = routing.take("q2", "ana")
    assert offline.error is ErrorCode.AGENT_NOT_AVAILABLE


def test_on_hold_frees_capacity_and_dispatches_at_once() -> None:
    routing, _ = engine({"ana": ("s",)}, routing_method=LB, waiting_queue=True, max_chats_per_agent=1)
    routing.inquiry("q1", "s")
    routing.inquiry("q2", "s")
    decisions = routing.on_hold("q1")
    assert [d.outcome for d in decisions] == [Outcome.ON_HOLD, Outcome.ROUTED]
    [refused] = routing.resume("q1")  # back to 2 open would break the limit
    assert refused.error is ErrorCode.CHAT_LIMIT


def test_availability_dispatches_the_queue_immediately() -> None:
    routing, _ = engine({"ana": ("s",)}, routing_method=LB, waiting_queue=True,
                        agent_options={"ana": UNAVAILABLE})
    routing.inquiry("q1", "s")
    decisions = routing.set_agent("ana", availability=Availability.AVAILABLE)
    assert routed_to(decisions) == [("q1", "ana")]


# -- the queue --------------------------------------------------------------------------------

def test_priority_order_puts_weights_first_and_unspecified_last() -> None:
    routing, clock = engine({"ana": ("s",)}, routing_method=LB, waiting_queue=True,
                            queue_order=QueueOrder.PRIORITY, agent_options={"ana": UNAVAILABLE})
    for number, priority in enumerate((99, 3, 1, 3)):
        routing.inquiry(f"q{number}", "s", priority=priority)
        later(clock, 1)
    assert [i.id for i in routing.queue.in_order()] == ["q2", "q1", "q3", "q0"]
    assert [routing.queue.position(i) for i in ("q2", "q1", "q3", "q0")] == [1, 2, 3, 4]


def test_sla_order_serves_the_earliest_due_first() -> None:
    routing, clock = engine({"ana": ("s",)}, routing_method=LB, waiting_queue=True,
                            queue_order=QueueOrder.SLA, agent_options={"ana": UNAVAILABLE})
    routing.inquiry("slow", "s", sla_minutes=60)
    later(clock, 1)
    routing.inquiry("none", "s")
    later(clock, 1)
    routing.inquiry("fast", "s", sla_minutes=5)
    assert [i.id for i in routing.queue.in_order()] == ["fast", "slow", "none"]


def test_estimated_wait_grows_with_position_and_shrinks_with_agents() -> None:
    routing, _ = engine({"ana": ("s",), "bo": ("s",)}, routing_method=RoutingMethod.MANUAL_SELECTION,
                        waiting_queue=True, default_chat_duration_s=300)
    for number in range(5):
        routing.inquiry(f"q{number}", "s")
    waits = [routing.estimated_wait_s(f"q{n}") for n in range(5)]
    assert waits == [300, 300, 600, 600, 900]


def test_department_fallback_follows_the_chain_and_the_depth_bounds_only_transfers() -> None:
    departments = {"a": {"fallback_department": "b"}, "b": {"fallback_department": "c"}, "c": {}}
    routing, _ = engine({"ana": ("c",), "bo": ("a",), "cy": ("s",)}, routing_method=LB,
                        max_fallback_depth=1, departments=departments, agent_options={"bo": OFFLINE})
    [decision] = routing.inquiry("q1", "a")
    assert (decision.agent, decision.department) == ("ana", "c")
    assert "nobody online in a → b; fell back to c" in decision.reason
    routing.inquiry("q2", "s")
    [refused] = routing.transfer("q2", to_department="a")  # one hop (b) allowed: nobody there
    assert refused.error is ErrorCode.FORWARD_FAILED


# -- transfers --------------------------------------------------------------------------------

def test_transfer_to_an_agent_moves_the_load() -> None:
    routing, _ = engine({"ana": ("s",), "bo": ("s",)}, routing_method=LB)
    routing.inquiry("q1", "s")
    [moved] = routing.transfer("q1", to_agent="bo")
    assert (moved.outcome, moved.previous_agent, moved.agent) == (Outcome.TRANSFERRED, "ana", "bo")
    assert (routing.agents["ana"].open_chats, routing.agents["bo"].open_chats) == (0, 1)


def test_transfer_to_a_department_alone_is_routed_there() -> None:
    routing, _ = engine({"ana": ("s",), "bo": ("s",), "cy": ("b",)}, routing_method=LB)
    routing.inquiry("q1", "s")
    decisions = routing.transfer("q1", to_department="b")
    assert [d.outcome for d in decisions] == [Outcome.REQUEUED, Outcome.ROUTED]
    assert decisions[1].agent == "cy" and routing.agents["ana"].open_chats == 0


def test_transfer_restrictions_and_fallback_on_failure() -> None:
    routing, _ = engine({"ana": ("s",), "cy": ("c",), "dee": ("b",)}, routing_method=LB,
                        departments={"s": {"allowed_forward": ("b",)}, "b": {"fallback_department": "c"}},
                        agent_options={"dee": OFFLINE})
    routing.inquiry("q1", "s")
    [refused] = routing.transfer("q1", to_department="c")
    assert refused.error is ErrorCode.FORWARD_NOT_ALLOWED
    decisions = routing.transfer("q1", to_department="b")  # nobody in b: its fallback c
    assert decisions[-1].agent == "cy" and "fell back to c" in decisions[0].reason


def test_transfer_to_an_unavailable_agent_fails_and_changes_nothing() -> None:
    routing, _ = engine({"ana": ("s",), "bo": ("s",)}, routing_method=LB,
                        agent_options={"bo": UNAVAILABLE})
    routing.inquiry("q1", "s")
    [failed] = routing.transfer("q1", to_agent="bo")
    assert failed.error is ErrorCode.USER_OFFLINE
    assert routing.chats["q1"].agent == "ana"


# -- timers -----------------------------------------------------------------------------------

def test_unanswered_chats_move_to_the_next_agent_on_time() -> None:
    routing, clock = engine({"ana": ("s",), "bo": ("s",)}, routing_method=LB,
                            auto_transfer_unanswered_s=30)
    routing.inquiry("q1", "s")
    routing.inquiry("q2", "s")
    routing.agent_message("q2")  # bo answers; ana does not
    later(clock, 45)
    [moved] = routing.advance()
    assert (moved.chat, moved.previous_agent, moved.agent) == ("q1", "ana", "bo")
    assert moved.at == routing.chats["q1"].assigned_at
    assert "ana did not answer within 30 s" in moved.reason


def test_unanswered_chats_return_to_the_queue_with_manual_selection() -> None:
    routing, clock = engine({"ana": ("s",)}, routing_method=RoutingMethod.MANUAL_SELECTION,
                            auto_transfer_unanswered_s=30, waiting_queue=True)
    routing.inquiry("q1", "s")
    routing.take("q1", "ana")
    later(clock, 30)
    [back] = routing.advance()
    assert back.outcome is Outcome.REQUEUED and "q1" in routing.queue


def test_abandoned_chats_close_after_visitor_silence_unless_they_reply() -> None:
    routing, clock = engine({"ana": ("s",)}, routing_method=LB, abandoned_action=AbandonedAction.CLOSE,
                            visitor_inactivity_s=600)
    routing.inquiry("q1", "s")
    routing.inquiry("q2", "s")
    routing.agent_message("q1")
    routing.agent_message("q2")
    later(clock, 300)
    routing.visitor_message("q2")
    later(clock, 300)
    [closed] = routing.advance()
    assert (closed.outcome, closed.chat) == (Outcome.CLOSED, "q1")
    assert routing.agents["ana"].open_chats == 1


def test_max_queue_wait_closes_the_inquiry() -> None:
    routing, clock = engine({"ana": ("s",)}, routing_method=RoutingMethod.MANUAL_SELECTION,
                            waiting_queue=True, max_queue_wait_s=120)
    routing.inquiry("q1", "s")
    later(clock, 121)
    [expired] = routing.advance()
    assert expired.outcome is Outcome.CLOSED and "q1" not in routing.queue


def test_time_cannot_go_backwards() -> None:
    import pytest

    from app.routing.engine import RoutingError

    routing, clock = engine({"ana": ("s",)})
    later(clock, 10)
    routing.advance()
    clock._now -= timedelta(seconds=5)
    with pytest.raises(RoutingError, match="backwards"):
        routing.advance()


# -- business hours ---------------------------------------------------------------------------

NINE_TO_FIVE_UTC = BusinessHours("office", "Office", "UTC",
                                 tuple(OpenInterval(d, 9 * 60, 17 * 60) for d in range(5)))


def test_business_hours_close_and_open_agents_on_time() -> None:
    routing, clock = engine({"ana": ("s",), "bo": ("s",)}, routing_method=LB, waiting_queue=True,
                            business_hours_enabled=True, hours=(NINE_TO_FIVE_UTC,),
                            departments={"s": {"business_hours": "office"}})
    routing.set_agent("bo", availability=Availability.NOT_AVAILABLE)  # bo's own choice
    assert routing.next_due() == datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    later(clock, 8 * 3600)  # 17:00
    closing = routing.advance()
    assert [(d.agent, d.outcome) for d in closing] == [("ana", Outcome.AVAILABILITY)]
    [refused] = routing.set_agent("ana", availability=Availability.AVAILABLE)
    assert refused.error is ErrorCode.BUSINESS_HOURS_CLOSED
    routing.inquiry("q1", "s")
    later(clock, 16 * 3600)  # 09:00 next day: ana comes back and takes the queue; bo stays away
    opening = routing.advance()
    assert [d.outcome for d in opening] == [Outcome.AVAILABILITY, Outcome.ROUTED]
    assert routing.agents["bo"].availability is Availability.NOT_AVAILABLE
    assert routing.chats["q1"].agent == "ana"


def test_agent_status_changes_are_explained() -> None:
    routing, _ = engine({"ana": ("s",)})
    [decision] = routing.set_agent("ana", status=AgentStatus.OFFLINE)
    assert decision.reason == "ana is offline and available: does not take chats"
