"""Routing does what Rocket.Chat's server does (issue #16): each test names the Rocket.Chat file
and function its expectation is read from. Paths are Rocket.Chat's: `lc/` is
apps/meteor/app/livechat/server/lib/, `ee/` apps/meteor/ee/app/livechat-enterprise/server/.
What Omnidesk does beyond Rocket.Chat is a setting, off by default, tested here too."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.domain import Availability
from app.routing.decisions import ErrorCode, Outcome
from app.routing.engine import RoutingEngine
from app.routing.settings import AbandonedAction, QueueOrder, RoutingMethod
from app.routing.simulator import run_text
from app.routing.timers import TimerKind
from tests.routing.build import OFFLINE, START, UNAVAILABLE, engine, later, routed_to

LB = RoutingMethod.LOAD_BALANCING
SCENARIOS = Path(__file__).resolve().parents[2] / "docs" / "scenarios"

# -- 1. auto-transfer of an unanswered chat happens once per chat -----------------------------


def test_an_unanswered_chat_is_moved_on_once_then_stays() -> None:
    # ee/hooks/afterTakeInquiry.ts: scheduled only for a room without autoTransferredAt;
    # ee/lib/AutoTransferChatScheduler.ts executeJob sets it once the transfer happened.
    routing, clock = engine({"ana": ("s",), "bo": ("s",), "cy": ("s",)}, routing_method=LB,
                            auto_transfer_unanswered_s=30)
    routing.inquiry("q1", "s")
    later(clock, 30)
    [moved] = routing.advance()
    assert (moved.outcome, moved.previous_agent, moved.agent) == (Outcome.TRANSFERRED, "ana", "bo")
    assert routing.timer(TimerKind.AUTO_TRANSFER, "q1") is None
    later(clock, 600)
    assert routing.advance() == []
    assert routing.chats["q1"].agent == "bo"


def test_a_chat_moved_on_is_not_timed_again_when_transferred_by_hand() -> None:
    # Every take runs afterTakeInquiry (lc/RoutingManager.ts takeInquiry), a hand transfer too;
    # the room's autoTransferredAt keeps it from scheduling.
    routing, clock = engine({"ana": ("s",), "bo": ("s",), "cy": ("s",)}, routing_method=LB,
                            auto_transfer_unanswered_s=30)
    routing.inquiry("q1", "s")
    routing.inquiry("q2", "s")
    later(clock, 30)
    routing.advance()  # q1 ana -> cy, q2 bo -> ana or cy
    routing.transfer("q1", to_agent="bo")
    assert routing.timer(TimerKind.AUTO_TRANSFER, "q1") is None


def test_a_chat_nobody_else_could_take_is_timed_again_by_its_next_assignment() -> None:
    # AutoTransferChatScheduler.executeJob sets autoTransferredAt only when transferRoom
    # succeeded: a chat that stayed is scheduled again by the next take.
    routing, clock = engine({"ana": ("s",), "bo": ("s",)}, routing_method=LB,
                            auto_transfer_unanswered_s=30, agent_options={"bo": UNAVAILABLE})
    routing.inquiry("q1", "s")
    later(clock, 30)
    [stayed] = routing.advance()
    assert stayed.outcome is Outcome.FAILED and routing.chats["q1"].agent == "ana"
    routing.set_agent("bo", availability=Availability.AVAILABLE)
    routing.transfer("q1", to_agent="bo")
    assert routing.timer(TimerKind.AUTO_TRANSFER, "q1") is not None


def test_under_manual_selection_an_unanswered_chat_returns_to_the_queue_once() -> None:
    # AutoTransferChatScheduler.transferRoom: without autoAssignAgent, returnRoomAsInquiry.
    routing, clock = engine({"ana": ("s",), "bo": ("s",)}, routing_method=RoutingMethod.MANUAL_SELECTION,
                            waiting_queue=True, auto_transfer_unanswered_s=30)
    routing.inquiry("q1", "s")
    routing.take("q1", "ana")
    later(clock, 30)
    [back] = routing.advance()
    assert back.outcome is Outcome.REQUEUED
    routing.take("q1", "bo")
    later(clock, 300)
    assert routing.advance() == [] and routing.chats["q1"].agent == "bo"


def test_beyond_rocket_chat_an_unanswered_chat_can_keep_moving() -> None:
    # auto_transfer_repeats: every agent has the timeout, and nobody gets the chat twice.
    routing, clock = engine({"ana": ("s",), "bo": ("s",), "cy": ("s",)}, routing_method=LB,
                            auto_transfer_unanswered_s=30, auto_transfer_repeats=True)
    routing.inquiry("q1", "s")
    moves: list[tuple[Outcome, str | None]] = []
    for _ in range(3):
        later(clock, 30)
        moves.extend((d.outcome, d.agent) for d in routing.advance())
    assert moves == [(Outcome.TRANSFERRED, "bo"), (Outcome.TRANSFERRED, "cy"), (Outcome.FAILED, "cy")]


# -- 2. abandonment counts from the first reply since the visitor last wrote ------------------


def test_the_visitors_silence_counts_from_the_first_reply_since_they_wrote() -> None:
    # lc/../hooks/markRoomResponded.ts keeps responseBy.firstResponseTs until the visitor writes
    # (markRoomNotResponded unsets responseBy); ee/hooks/setPredictedVisitorAbandonmentTime.ts
    # sets the deadline only when firstResponseTs is the message's time.
    routing, clock = engine({"ana": ("s",)}, routing_method=LB, abandoned_action=AbandonedAction.CLOSE,
                            visitor_inactivity_s=600)
    routing.inquiry("q1", "s")
    later(clock, 60)
    routing.agent_message("q1")  # 09:01, the first reply: the visitor has until 09:11
    assert _due(routing, "q1") == START + timedelta(minutes=11)
    later(clock, 240)
    routing.agent_message("q1")  # 09:05: not a first reply
    assert _due(routing, "q1") == START + timedelta(minutes=11)
    later(clock, 60)
    routing.visitor_message("q1")  # 09:06: waiting for a response again
    assert _due(routing, "q1") is None
    later(clock, 60)
    routing.agent_message("q1")  # 09:07: the first reply since the visitor wrote
    later(clock, 60)
    routing.agent_message("q1")
    assert _due(routing, "q1") == START + timedelta(minutes=17)
    later(clock, 600)
    [closed] = routing.advance()
    assert (closed.outcome, closed.at) == (Outcome.CLOSED, START + timedelta(minutes=17))


def _due(routing: RoutingEngine, chat_id: str) -> datetime | None:
    timer = routing.timer(TimerKind.ABANDONED, chat_id)
    return None if timer is None else timer.due


# -- 3. a new inquiry follows the whole fallback chain ----------------------------------------


def test_a_new_inquiry_follows_the_fallback_chain_past_the_forward_depth() -> None:
    # lc/QueueManager.ts getDepartment recurses on fallbackForwardDepartment with no depth;
    # Omnichannel_max_fallback_forward_depth is read by ee/hooks/onTransferFailure.ts only.
    chain = {"a": {"fallback_department": "b"}, "b": {"fallback_department": "c"},
             "c": {"fallback_department": "d"}, "d": {"fallback_department": "e"}, "e": {}}
    routing, _ = engine({"ana": ("e",)}, routing_method=LB, departments=chain, max_fallback_depth=1)
    [routed] = routing.inquiry("q1", "a")
    assert (routed.outcome, routed.agent, routed.department) == (Outcome.ROUTED, "ana", "e")


def test_with_nobody_online_on_the_chain_the_inquiry_keeps_its_department() -> None:
    # QueueManager.requestRoom creates the room in guest.department when getDepartment found none.
    chain = {"a": {"fallback_department": "b"}, "b": {}}
    routing, _ = engine({"ana": ("b",)}, routing_method=LB, departments=chain, waiting_queue=True,
                        agent_options={"ana": UNAVAILABLE})
    [queued] = routing.inquiry("q1", "a")
    assert (queued.outcome, queued.department) == (Outcome.QUEUED, "a")
    without_queue, _ = engine({"ana": ("b",)}, routing_method=LB, departments=chain,
                              agent_options={"ana": OFFLINE})
    assert without_queue.inquiry("q1", "a")[0].error is ErrorCode.NO_AGENT_ONLINE


def test_a_fallback_loop_ends_where_it_loops() -> None:
    # Rocket.Chat's recursion would not end on a loop; the configuration rules forbid one, and
    # the engine stops where the chain comes back.
    loop = {"a": {"fallback_department": "b"}, "b": {"fallback_department": "a"}}
    routing, _ = engine({"ana": ("a", "b")}, routing_method=LB, departments=loop,
                        agent_options={"ana": OFFLINE})
    assert routing.inquiry("q1", "a")[0].error is ErrorCode.NO_AGENT_ONLINE


# -- 4. a transfer to a department and an agent goes to that agent ----------------------------


def test_a_transfer_to_a_department_and_its_agent_goes_to_that_agent() -> None:
    # lc/Helper.ts forwardRoomToDepartment: with a userId, delegateInquiry(inquiry, that agent).
    routing, _ = engine({"ana": ("s",), "bo": ("b",), "cy": ("b",)}, routing_method=LB)
    routing.inquiry("q1", "s")
    [moved] = routing.transfer("q1", to_agent="cy", to_department="b")  # bo would be next by method
    assert (moved.outcome, moved.agent, moved.previous_agent, moved.department) == (
        Outcome.TRANSFERRED, "cy", "ana", "b")
    assert routing.chats["q1"].department == routing.chats["q1"].inquiry.department == "b"
    assert (routing.agents["cy"].open_in["b"], routing.agents["ana"].open_chats) == (1, 0)


@pytest.mark.parametrize(("agent", "error"), [
    ("dee", ErrorCode.USER_OFFLINE),  # Users.findOneOnlineAgentById: 'error-user-is-offline'
    ("eve", ErrorCode.USER_NOT_IN_DEPARTMENT),  # 'error-user-not-belong-to-department'
])
def test_a_transfer_to_a_department_refuses_an_agent_who_cannot_take_it(agent: str, error: ErrorCode) -> None:
    routing, _ = engine({"ana": ("s",), "bo": ("b",), "dee": ("b",), "eve": ("s",)}, routing_method=LB,
                        agent_options={"dee": UNAVAILABLE})
    routing.inquiry("q1", "s")
    [refused] = routing.transfer("q1", to_agent=agent, to_department="b")
    assert (refused.outcome, refused.error, refused.agent) == (Outcome.FAILED, error, agent)
    assert routing.chats["q1"].agent == "ana"


def test_a_department_transfer_to_an_agent_at_their_limit_waits_in_the_department() -> None:
    # lc/RoutingManager.ts takeInquiry: the limit check fails, and with the waiting queue
    # ee/hooks/onAgentAssignmentFailed.ts answers chatQueued: the chat waits in the department.
    routing, _ = engine({"ana": ("s",), "bo": ("b",)}, routing_method=LB, waiting_queue=True,
                        max_chats_per_agent=1)
    routing.inquiry("q0", "b")
    routing.inquiry("q1", "s")
    decisions = routing.transfer("q1", to_agent="bo", to_department="b")
    assert [(d.outcome, d.department) for d in decisions] == [(Outcome.REQUEUED, "b")]
    assert routing.queue.get("q1") is not None


def test_under_manual_selection_a_department_transfer_waits_in_its_queue() -> None:
    # forwardRoomToDepartment: without autoAssignAgent, unassignAgent(inquiry, department, true),
    # whether anyone there is online or not.
    routing, _ = engine({"ana": ("s",), "bo": ("b",)}, routing_method=RoutingMethod.MANUAL_SELECTION,
                        waiting_queue=True, agent_options={"bo": OFFLINE})
    routing.inquiry("q1", "s")
    routing.take("q1", "ana")
    [requeued] = routing.transfer("q1", to_department="b")
    assert (requeued.outcome, requeued.department) == (Outcome.REQUEUED, "b")


# -- 5. an agent of another department may be given the chat ----------------------------------


def test_a_chat_may_be_transferred_to_an_agent_of_another_department() -> None:
    # lc/Helper.ts forwardRoomToAgent has no department check and takes the inquiry without its
    # department; departmentsAllowedToForward (ee/hooks/beforeForwardRoomToDepartment.ts) is for
    # department transfers only.
    routing, _ = engine({"ana": ("s",), "bo": ("b",)}, routing_method=LB,
                        departments={"s": {"allowed_forward": ("x",)}, "x": {}})
    routing.inquiry("q1", "s")
    [moved] = routing.transfer("q1", to_agent="bo")
    assert (moved.outcome, moved.agent, moved.department) == (Outcome.TRANSFERRED, "bo", "s")
    [refused] = routing.transfer("q1", to_department="b")
    assert refused.error is ErrorCode.FORWARD_NOT_ALLOWED
    assert refused.error.value == "error-forwarding-department-target-not-allowed"


def test_an_agent_transfer_minds_the_agents_limit_not_the_departments() -> None:
    # checkAgentBeforeTakeInquiry reads getMaxNumberSimultaneousChat for the inquiry's department,
    # which forwardRoomToAgent removed: the agent's (or the global) limit only.
    routing, _ = engine({"ana": ("s",), "bo": ("s",)}, routing_method=LB,
                        departments={"s": {"max_chats_per_agent": 1}}, agent_options={"bo": {"max_chats": 2}})
    routing.inquiry("q1", "s")
    routing.inquiry("q2", "s")  # bo is at the department's cap
    assert [d.outcome for d in routing.transfer("q1", to_agent="bo")] == [Outcome.TRANSFERRED]
    routing.inquiry("q3", "s")
    [refused] = routing.transfer("q3", to_agent="bo")
    assert (refused.error, refused.reason) == (ErrorCode.CHAT_LIMIT, "bo has 2 open chats, the limit is 2")


def test_an_empty_list_of_departments_to_forward_to_restricts_nothing() -> None:
    # beforeForwardRoomToDepartment.ts: `!departmentsAllowedToForward?.length` allows any.
    routing, _ = engine({"ana": ("s",), "bo": ("b",)}, routing_method=LB,
                        departments={"s": {"allowed_forward": ()}})
    routing.inquiry("q1", "s")
    assert routed_to(routing.transfer("q1", to_department="b")) == [("q1", "bo")]


# -- 6. Rocket.Chat's error ids ----------------------------------------------------------------


def test_transferring_to_an_unavailable_agent_is_error_user_is_offline() -> None:
    # lc/Helper.ts forwardRoomToAgent: 'error-user-is-offline'; lc/takeInquiry.ts for a take:
    # 'error-agent-status-service-offline'.
    routing, _ = engine({"ana": ("s",), "bo": ("s",)}, routing_method=LB, waiting_queue=True,
                        max_chats_per_agent=1, agent_options={"bo": UNAVAILABLE})
    routing.inquiry("q1", "s")
    routing.inquiry("q2", "s")
    [transfer] = routing.transfer("q1", to_agent="bo")
    [take] = routing.take("q2", "bo")
    assert (transfer.error.value if transfer.error else None) == "error-user-is-offline"
    assert (take.error.value if take.error else None) == "error-agent-status-service-offline"
    [same] = routing.transfer("q1", to_agent="ana")
    assert same.error is ErrorCode.SAME_AGENT


# -- 7. SLA order: the shorter SLA first -------------------------------------------------------


def test_sla_order_serves_the_shorter_sla_first_whenever_it_arrived() -> None:
    # lc/../lib/inquiries.ts getOmniChatSortQuery: {estimatedWaitingTimeQueue: 1, ts: 1}, the SLA's
    # dueTimeInMinutes (ee/lib/SlaHelper.ts), 9,999,999 without one.
    routing, clock = engine({"ana": ("s",)}, routing_method=LB, waiting_queue=True,
                            queue_order=QueueOrder.SLA, agent_options={"ana": UNAVAILABLE})
    routing.inquiry("thirty", "s", sla_minutes=30)  # due 09:30
    later(clock, 20 * 60)
    routing.inquiry("none", "s")
    routing.inquiry("fifteen", "s", sla_minutes=15)  # due 09:35
    later(clock, 60)
    routing.inquiry("also-fifteen", "s", sla_minutes=15)
    assert [i.id for i in routing.queue.in_order()] == ["fifteen", "also-fifteen", "thirty", "none"]


def test_an_inquiry_keeps_its_sla_length_when_it_is_queued_again() -> None:
    # The room keeps estimatedWaitingTimeQueue through a transfer.
    routing, clock = engine({"ana": ("s",), "bo": ("b",)}, routing_method=LB, waiting_queue=True,
                            queue_order=QueueOrder.SLA, max_chats_per_agent=1)
    routing.inquiry("q1", "s", sla_minutes=30)
    routing.inquiry("b1", "b")
    routing.inquiry("b2", "b", sla_minutes=20)
    later(clock, 25 * 60)
    routing.transfer("q1", to_department="b")  # bo is busy: q1 waits in b, 5 minutes before due
    assert routing.queue.get("q1").sla_length_s == 30 * 60  # type: ignore[union-attr]
    assert [i.id for i in routing.queue.line("b")] == ["b2", "q1"]


def test_beyond_rocket_chat_sla_due_serves_the_earliest_due_first() -> None:
    routing, clock = engine({"ana": ("s",)}, routing_method=LB, waiting_queue=True,
                            queue_order=QueueOrder.SLA_DUE, agent_options={"ana": UNAVAILABLE})
    routing.inquiry("thirty", "s", sla_minutes=30)
    later(clock, 20 * 60)
    routing.inquiry("fifteen", "s", sla_minutes=15)
    assert [i.id for i in routing.queue.in_order()] == ["thirty", "fifteen"]


# -- the documented scenarios, with the decisions their sources call for -----------------------


def _expecting() -> list[Path]:
    return sorted(p for p in SCENARIOS.glob("*.json") if "expected" in json.loads(p.read_text()))


@pytest.mark.parametrize("path", _expecting(), ids=lambda p: p.stem)
def test_a_documented_scenario_decides_what_its_source_calls_for(path: Path) -> None:
    scenario: dict[str, Any] = json.loads(path.read_text())
    assert scenario.get("source"), "a scenario with expectations says where they come from"
    decisions = run_text(path.read_text(), source=path.name)["decisions"]
    expected = scenario["expected"]
    assert [{key: made[key] for key in wanted} for made, wanted in zip(decisions, expected, strict=False)] \
        == expected
    assert len(decisions) == len(expected)


def test_every_one_of_the_seven_behaviours_has_a_scenario() -> None:
    numbers = {p.stem.split("-")[1] for p in _expecting() if p.stem.startswith("rc-")}
    assert numbers == {str(n) for n in range(1, 8)}
