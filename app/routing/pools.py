"""Agents eligible for new chats, kept in each method's order, per department.

Each pool is a sorted list of (sort key, agent id): the next agent is the first entry, found in
O(log n) whatever the number of agents. An agent's entries are moved whenever their load,
presence or counters change, so a decision never scans the whole organisation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sortedcontainers import SortedList

from app.routing.settings import RoutingMethod
from app.routing.state import AgentState, DepartmentState

# The pool of chats without a department: every agent belongs to it.
PUBLIC = ""
_NEVER = float("-inf")

SortKey = tuple[float | int | str, ...]


def _routed(agent: AgentState) -> float:
    return agent.last_routed_at.timestamp() if agent.last_routed_at else _NEVER


def _assigned(agent: AgentState) -> float:
    return agent.last_assigned_at.timestamp() if agent.last_assigned_at else _NEVER


def sort_key(
    method: RoutingMethod, agent: AgentState, pool: str, department: DepartmentState | None
) -> SortKey:
    """The method's order, ties broken as Rocket.Chat breaks them (username last)."""
    if method is RoutingMethod.AUTO_SELECTION:
        if pool == PUBLIC:
            return (agent.served_count, agent.id)
        order = department.order.get(agent.id, 0) if department else 0
        return (agent.served_in[pool], order, agent.id)
    if method is RoutingMethod.LOAD_BALANCING:
        load = agent.open_chats if pool == PUBLIC else agent.open_in[pool]
        return (load, _routed(agent), agent.id)
    if method is RoutingMethod.LOAD_ROTATION:
        return (_routed(agent), agent.id)
    # balanced, skills (and manual selection, which never asks): total load, then idle time.
    return (agent.open_chats, _assigned(agent), agent.id)


class CandidatePools:
    def __init__(self, method: RoutingMethod, departments: Callable[[str], DepartmentState | None]) -> None:
        self._method = method
        self._departments = departments
        self._pools: dict[str, SortedList] = {PUBLIC: SortedList()}
        # Where each agent currently stands: pool -> key, to remove the entry when it moves.
        self._entries: dict[str, dict[str, SortKey]] = {}

    def place(self, agent: AgentState, eligible_in: Callable[[str], bool]) -> None:
        """Put the agent in every pool they are eligible for, in their current order."""
        old = self._entries.pop(agent.id, {})
        for pool, key in old.items():
            self._pools[pool].remove((key, agent.id))
        placed: dict[str, SortKey] = {}
        for pool in (PUBLIC, *agent.departments):
            if not eligible_in(pool):
                continue
            key = sort_key(self._method, agent, pool, self._departments(pool) if pool else None)
            self._pools.setdefault(pool, SortedList()).add((key, agent.id))
            placed[pool] = key
        if placed:
            self._entries[agent.id] = placed

    def forget(self, agent_id: str) -> None:
        for pool, key in self._entries.pop(agent_id, {}).items():
            self._pools[pool].remove((key, agent_id))

    def candidates(self, pool: str) -> Iterator[str]:
        """Agent ids in the method's order for this pool (department id, or PUBLIC)."""
        for _key, agent_id in self._pools.get(pool, ()):
            yield agent_id

    def size(self, pool: str) -> int:
        return len(self._pools.get(pool, ()))
