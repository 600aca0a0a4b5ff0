"""Small engines for routing tests, on a hand-driven clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.clock import ManualClock
from app.domain import AgentStatus, Availability, BusinessHours
from app.routing.decisions import Decision, Outcome
from app.routing.engine import RoutingEngine
from app.routing.settings import RoutingSettings
from app.routing.state import AgentState, DepartmentState

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # a Wednesday


def engine(agents: dict[str, tuple[str, ...]], *, departments: dict[str, dict[str, Any]] | None = None,
           hours: tuple[BusinessHours, ...] = (), default_hours: str | None = None,
           agent_options: dict[str, dict[str, Any]] | None = None, **settings: Any
           ) -> tuple[RoutingEngine, ManualClock]:
    clock = ManualClock(START)
    made = RoutingEngine(RoutingSettings(**settings), clock, business_hours=hours,
                         default_business_hours=default_hours)
    names = {d for member_of in agents.values() for d in member_of} | set(departments or {})
    for name in sorted(names):
        made.add_department(DepartmentState(id=name, **(departments or {}).get(name, {})))
    for agent_id, member_of in agents.items():
        options = (agent_options or {}).get(agent_id, {})
        made.add_agent(AgentState(id=agent_id, departments=member_of, **options))
    return made, clock


def routed_to(decisions: list[Decision]) -> list[tuple[str | None, str | None]]:
    return [(d.inquiry, d.agent) for d in decisions if d.outcome is Outcome.ROUTED]


def later(clock: ManualClock, seconds: float) -> None:
    clock.advance(timedelta(seconds=seconds))


OFFLINE = {"status": AgentStatus.OFFLINE}
AWAY = {"status": AgentStatus.AWAY}
UNAVAILABLE = {"availability": Availability.NOT_AVAILABLE}
