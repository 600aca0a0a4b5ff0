"""Reasons for routing decisions, in a sentence an agent or a supervisor understands."""

from __future__ import annotations

from app.routing.pools import PUBLIC
from app.routing.settings import RoutingMethod
from app.routing.state import AgentState


def _chats(count: int) -> str:
    return f"{count} open chat{'' if count == 1 else 's'}"


def _where(pool: str) -> str:
    return "" if pool == PUBLIC else f" in {pool}"


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _since(agent: AgentState, routed: bool) -> str:
    at = agent.last_routed_at if routed else agent.last_assigned_at
    verb = "routed a chat" if routed else "assigned"
    return f"never {verb}" if at is None else f"last {verb} at {at.strftime('%H:%M:%S')}"


def _measure(method: RoutingMethod, agent: AgentState, pool: str) -> str:
    if method is RoutingMethod.AUTO_SELECTION:
        if pool == PUBLIC:
            return f"was routed {_count(agent.served_count, 'chat')} in all"
        return f"was routed {_count(agent.served_in[pool], 'chat')}{_where(pool)}"
    if method is RoutingMethod.LOAD_BALANCING:
        load = agent.open_chats if pool == PUBLIC else agent.open_in[pool]
        return f"has {_chats(load)}{_where(pool)}"
    if method is RoutingMethod.LOAD_ROTATION:
        return _since(agent, routed=True)
    return f"has {_chats(agent.open_chats)}, {_since(agent, routed=False)}"


def chosen(
    method: RoutingMethod, pool: str, agent: AgentState, runner_up: AgentState | None, note: str = ""
) -> str:
    """'load_balancing: ana has 1 open chat in dep-support, bo 2; ana chosen'."""
    prefix = f"{method.value}: " + (f"{note}; " if note else "")
    mine = f"{agent.id} {_measure(method, agent, pool)}"
    if runner_up is None:
        return f"{prefix}{mine}, the only eligible agent{_where(pool)}; {agent.id} chosen"
    return f"{prefix}{mine}, {runner_up.id} {_measure(method, runner_up, pool)}; {agent.id} chosen"
