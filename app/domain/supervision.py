"""What a monitor watches: a unit's queues, agents and chats in progress, and its day in figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain.chat import ChatSummary
from app.domain.inquiry import Inquiry, Priority
from app.domain.organisation import Unit
from app.domain.people import Agent


@dataclass(frozen=True, slots=True)
class DepartmentQueue:
    department_id: str
    waiting: int
    # When the longest-waiting inquiry was queued; None when nobody waits.
    oldest_queued_at: datetime | None
    # Inquiries whose SLA falls due within the warning window, and those past it.
    sla_due_soon: int
    sla_breached: int


@dataclass(frozen=True, slots=True)
class AgentLoad:
    agent: Agent  # status, availability, open chats
    # The limit that applies to them now (their own, else the organisation's); None: no limit.
    limit: int | None
    last_assigned_at: datetime | None
    on_hold: int = 0


@dataclass(frozen=True, slots=True)
class ChatInProgress:
    chat: ChatSummary
    priority: Priority
    # Since when the visitor has waited for a reply (their oldest unanswered message); None
    # when the agent spoke last.
    waiting_since: datetime | None
    # The last message of anyone; the chat's start when none.
    last_activity_at: datetime


@dataclass(frozen=True, slots=True)
class UnitOverview:
    """A unit as it stands at `at`: the same for a monitor of the unit and for an admin."""

    unit: Unit
    at: datetime
    queues: tuple[DepartmentQueue, ...]
    inquiries: tuple[Inquiry, ...]
    agents: tuple[AgentLoad, ...]
    chats: tuple[ChatInProgress, ...]


@dataclass(frozen=True, slots=True)
class HourFigures:
    start: datetime  # the hour's first instant (UTC)
    started: int
    closed: int
    # The most inquiries waiting at once in the hour.
    queue_peak: int
    # Waits (queued to first assignment) of inquiries assigned in the hour; None when none.
    wait_p50_s: float | None
    wait_p90_s: float | None


@dataclass(frozen=True, slots=True)
class UnitDay:
    unit_id: str
    day: date
    hours: tuple[HourFigures, ...]  # 24, the day's hours in UTC
