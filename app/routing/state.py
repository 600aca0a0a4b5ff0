"""What the routing engine keeps in memory: agents, departments, queued inquiries, chats."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from app.domain import AgentStatus, Availability
from app.routing.timers import TimerKey


@dataclass(slots=True)
class AgentState:
    id: str
    departments: tuple[str, ...]
    status: AgentStatus = AgentStatus.ONLINE
    availability: Availability = Availability.AVAILABLE
    # None or 0: use the global limit (Rocket.Chat's maxNumberSimultaneousChat semantics).
    max_chats: int | None = None
    skills: dict[str, int] = field(default_factory=dict)
    # Rocket.Chat's cumulative livechatCount: every chat ever assigned (auto_selection).
    served_count: int = 0
    # Rocket.Chat's per department-agent `count` (auto_selection with a department).
    served_in: Counter[str] = field(default_factory=Counter)
    # Rocket.Chat's lastRoutingTime: set only when a routing method picks the agent.
    last_routed_at: datetime | None = None
    # Any assignment: routed, taken by hand or transferred in (the balanced method's idle time).
    last_assigned_at: datetime | None = None
    # Open chats not on hold: the load that limits count.
    open_chats: int = 0
    open_in: Counter[str] = field(default_factory=Counter)
    # Set when closing business hours made the agent not-available, so opening can undo it.
    paused_by_hours: bool = False


@dataclass(slots=True)
class DepartmentState:
    id: str
    enabled: bool = True
    max_chats_per_agent: int | None = None
    fallback_department: str | None = None
    business_hours: str | None = None
    # Admin-set tie-break for auto_selection (Rocket.Chat's department-agent `order`).
    order: dict[str, int] = field(default_factory=dict)
    # Departments chats may be transferred to from here; None = any.
    allowed_forward: tuple[str, ...] | None = None


@dataclass(slots=True)
class QueuedInquiry:
    id: str
    department: str | None
    queued_at: datetime
    # Rocket.Chat weights: 1 (highest) .. 5 (lowest), 99 when not specified.
    priority: int = 99
    sla_due_at: datetime | None = None
    skills: dict[str, int] = field(default_factory=dict)
    sequence: int = 0
    # How the inquiry reached its department (a fallback), told again when it is routed.
    note: str = ""
    # When the visitor asked (Rocket.Chat's inquiry `ts`, kept when the chat is queued again);
    # None: when it was queued. The SLA's length is measured from it.
    arrived_at: datetime | None = None
    # The chat was moved on once for going unanswered (Rocket.Chat's room `autoTransferredAt`):
    # it is not moved on again (unless the auto_transfer_repeats setting says so).
    auto_transferred: bool = False

    @property
    def sla_length_s(self) -> float | None:
        """The SLA's length (Rocket.Chat's estimatedWaitingTimeQueue), None without an SLA."""
        if self.sla_due_at is None:
            return None
        return (self.sla_due_at - (self.arrived_at or self.queued_at)).total_seconds()


class ChatPhase:
    OPEN = "open"
    ON_HOLD = "on_hold"
    CLOSED = "closed"


@dataclass(slots=True)
class ChatState:
    id: str
    inquiry: QueuedInquiry
    agent: str
    department: str | None
    assigned_at: datetime
    phase: str = ChatPhase.OPEN
    answered: bool = False
    # Agents the chat was auto-transferred away from: they are not offered it again.
    unanswered_by: set[str] = field(default_factory=set)
    last_agent_message_at: datetime | None = None
    last_visitor_message_at: datetime | None = None
    # The visitor wrote and no agent has replied since (Rocket.Chat's room `waitingResponse`):
    # the next agent message is the first response that starts the abandonment timer.
    waiting_response: bool = True


@dataclass(frozen=True, slots=True)
class Changes:
    """What the engine changed since its owner last asked, by id: what a store must save, and
    nothing more (a command touches a few agents and chats, never the whole organisation).

    An agent, chat or waiting inquiry named here is saved as the engine has it now; a chat or
    inquiry the engine no longer has is gone. A timer key is saved, or deleted if it is no longer
    set (fired or cancelled)."""

    agents: frozenset[str] = frozenset()
    chats: frozenset[str] = frozenset()
    inquiries: frozenset[str] = frozenset()
    timers: frozenset[TimerKey] = frozenset()
