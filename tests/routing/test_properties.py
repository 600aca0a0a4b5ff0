"""Properties that hold for any sequence of events (hypothesis generates the sequences)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain import AgentStatus, Availability
from app.routing.decisions import Cause, Decision, Outcome
from app.routing.engine import RoutingEngine
from app.routing.queue import order_key
from app.routing.settings import QueueOrder, RoutingMethod
from tests.routing.build import engine

DEPARTMENTS = ("d0", "d1", "d2")
METHODS = [m for m in RoutingMethod if m is not RoutingMethod.SKILLS]

operation = st.one_of(
    st.tuples(st.just("inquiry"), st.sampled_from((*DEPARTMENTS, None)), st.sampled_from((1, 3, 99))),
    st.tuples(st.just("close"), st.integers(0, 50)),
    st.tuples(st.just("hold"), st.integers(0, 50)),
    st.tuples(st.just("resume"), st.integers(0, 50)),
    st.tuples(st.just("take"), st.integers(0, 50), st.integers(0, 5)),
    st.tuples(st.just("to_agent"), st.integers(0, 50), st.integers(0, 5)),
    st.tuples(st.just("to_department"), st.integers(0, 50), st.sampled_from(DEPARTMENTS)),
    st.tuples(st.just("presence"), st.integers(0, 5), st.sampled_from(list(AgentStatus)),
              st.sampled_from(list(Availability))),
    st.tuples(st.just("answer"), st.integers(0, 50)),
    st.tuples(st.just("wait"), st.integers(1, 400)),
)

world = st.fixed_dictionaries({
    "method": st.sampled_from(METHODS),
    "order": st.sampled_from(list(QueueOrder)),
    "global_limit": st.integers(0, 3),
    "caps": st.lists(st.sampled_from((None, 1, 2)), min_size=3, max_size=3),
    "agents": st.lists(
        st.tuples(st.sets(st.sampled_from(DEPARTMENTS), min_size=1), st.sampled_from((None, 1, 2, 4))),
        min_size=1, max_size=6),
    "auto_transfer": st.sampled_from((0, 60)),
    "operations": st.lists(operation, max_size=60),
})


def _build(spec: dict[str, Any]) -> tuple[RoutingEngine, Any]:
    return engine(
        {f"a{i}": tuple(sorted(member_of)) for i, (member_of, _limit) in enumerate(spec["agents"])},
        departments={d: {"max_chats_per_agent": cap}
                     for d, cap in zip(DEPARTMENTS, spec["caps"], strict=True)},
        agent_options={f"a{i}": {"max_chats": limit} for i, (_d, limit) in enumerate(spec["agents"])},
        routing_method=spec["method"], queue_order=spec["order"], waiting_queue=True,
        max_chats_per_agent=spec["global_limit"], auto_transfer_unanswered_s=spec["auto_transfer"],
    )


def _play(spec: dict[str, Any], check: bool) -> list[Decision]:
    routing, clock = _build(spec)
    agents = sorted(routing.agents)
    everything: list[Decision] = []
    inquiries = 0
    # Chats an agent was given by a transfer to them alone: Rocket.Chat's forwardRoomToAgent
    # takes the inquiry without its department, so the department's cap does not apply.
    handed: set[str] = set()
    for op in spec["operations"]:
        chats = sorted(routing.chats)
        waiting = [i.id for i in routing.queue.in_order()]
        made: list[Decision] = []
        kind = op[0]
        if kind == "inquiry":
            inquiries += 1
            made = routing.inquiry(f"q{inquiries}", op[1], priority=op[2])
        elif kind == "take" and waiting:
            made = routing.take(waiting[op[1] % len(waiting)], agents[op[2] % len(agents)])
        elif kind == "wait":
            clock.advance(timedelta(seconds=op[1]))
            made = routing.advance()
        elif kind == "presence":
            made = routing.set_agent(agents[op[1] % len(agents)], status=op[2], availability=op[3])
        elif chats:
            target = chats[op[1] % len(chats)]
            if kind == "close":
                made = routing.close(target)
            elif kind == "hold":
                made = routing.on_hold(target)
            elif kind == "resume":
                made = routing.resume(target)
            elif kind == "answer":
                made = routing.agent_message(target)
            elif kind == "to_agent":
                made = routing.transfer(target, to_agent=agents[op[2] % len(agents)])
            elif kind == "to_department":
                made = routing.transfer(target, to_department=op[2])
        for decision in made:
            chat_id = decision.chat or decision.inquiry
            by_hand = decision.cause is Cause.NONE and kind == "to_agent"
            if decision.outcome is Outcome.TRANSFERRED and by_hand:
                handed.add(chat_id or "")
            elif decision.outcome in (Outcome.ROUTED, Outcome.TAKEN, Outcome.TRANSFERRED,
                                      Outcome.REQUEUED, Outcome.CLOSED):
                handed.discard(chat_id or "")
        if check:
            _check(routing, made, handed)
        everything.extend(made)
    return everything


def _check(routing: RoutingEngine, made: list[Decision], handed: set[str]) -> None:
    for agent in routing.agents.values():
        limit = routing.limit_of(agent)
        assert not limit or agent.open_chats <= limit, f"{agent.id} over its limit"
        for department in agent.open_in:
            cap = routing.departments[department].max_chats_per_agent
            count = sum(1 for c in routing.chats.values()
                        if c.agent == agent.id and c.phase == "open" and c.department == department
                        and c.id not in handed)
            assert not cap or count <= cap, f"{agent.id} over {department}'s cap"
        assert agent.open_chats == sum(agent.open_in.values()) + sum(
            1 for c in routing.chats.values()
            if c.agent == agent.id and c.phase == "open" and c.department is None)
    assigned = {Outcome.ROUTED, Outcome.TAKEN, Outcome.TRANSFERRED}
    for decision in made:
        if decision.outcome in assigned and decision.agent is not None:
            agent = routing.agents[decision.agent]
            assert routing.takes_chats(agent), f"{agent.id} got a chat without taking chats"
            # A transfer to an agent alone may cross departments (Rocket.Chat's forwardRoomToAgent).
            if decision.chat not in handed:
                assert decision.department is None or decision.department in agent.departments
        if decision.outcome is Outcome.ROUTED and decision.inquiry is not None:
            chat = routing.chats.get(decision.inquiry)
            if chat is None:
                continue
            # Nobody of equal priority who came earlier to the same line is still waiting.
            mine = order_key(routing.settings.queue_order, chat.inquiry)
            for waiting in routing.queue.line(chat.inquiry.department or ""):
                if waiting.priority == chat.inquiry.priority:
                    assert order_key(routing.settings.queue_order, waiting) > mine, (
                        f"{waiting.id} was skipped by {chat.inquiry.id}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world)
def test_limits_eligibility_and_queue_order_hold(spec: dict[str, Any]) -> None:
    _play(spec, check=True)


@settings(max_examples=60, deadline=None)
@given(world)
def test_replaying_the_same_events_gives_the_same_decisions(spec: dict[str, Any]) -> None:
    assert _play(spec, check=False) == _play(spec, check=False)
