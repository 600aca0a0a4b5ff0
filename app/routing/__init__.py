"""Routing: who gets which inquiry. The embedded engine asks a `RoutingPolicy` at each chance.

Until the full engine lands, `ManualSelection` is the policy: every inquiry waits in the queue
and agents take it by hand (Rocket.Chat's Manual_Selection).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from app.domain import Agent, Inquiry


@dataclass(frozen=True, slots=True)
class AgentLoad:
    agent: Agent
    open_chats: int


@dataclass(frozen=True, slots=True)
class RoutingDecision:
    agent_id: str
    # A sentence a person understands: why this agent got this inquiry.
    reason: str


class RoutingPolicy(Protocol):
    name: str
    # When False the engine never asks `choose_agent`: inquiries wait for an agent to take them.
    auto_assigns: bool

    def choose_agent(
        self, inquiry: Inquiry, candidates: Sequence[AgentLoad], now: datetime
    ) -> RoutingDecision | None: ...


class ManualSelection:
    name = "manual_selection"
    auto_assigns = False

    def choose_agent(
        self, inquiry: Inquiry, candidates: Sequence[AgentLoad], now: datetime
    ) -> RoutingDecision | None:
        return None
