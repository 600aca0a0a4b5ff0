"""What the engine decided, and why, in words a person understands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Outcome(StrEnum):
    ROUTED = "routed"  # the engine gave a queued inquiry to an agent
    QUEUED = "queued"  # the inquiry waits
    TAKEN = "taken"  # an agent took it by hand
    TRANSFERRED = "transferred"
    REQUEUED = "requeued"  # back to a queue (transfer to a department, unanswered timeout)
    REJECTED = "rejected"  # refused at the door (no agent online and no waiting queue)
    FAILED = "failed"  # a command could not be carried out
    CLOSED = "closed"
    ON_HOLD = "on_hold"
    RESUMED = "resumed"
    AVAILABILITY = "availability"  # an agent became available or not


class ErrorCode(StrEnum):
    """Rocket.Chat's error identifiers where it has one."""

    NO_AGENT_ONLINE = "no-agent-online"
    CHAT_LIMIT = "error-max-number-simultaneous-chats-reached"
    BUSINESS_HOURS_CLOSED = "error-business-hours-are-closed"
    AGENT_NOT_AVAILABLE = "error-agent-status-service-offline"
    INQUIRY_NOT_QUEUED = "error-inquiry-not-queued"
    CHAT_NOT_OPEN = "error-chat-not-open"
    CHAT_ON_HOLD = "error-room-onHold"
    FORWARD_NOT_ALLOWED = "error-forwarding-department-not-allowed"
    FORWARD_FAILED = "error-forwarding-chat"
    UNKNOWN_AGENT = "error-unknown-agent"
    UNKNOWN_DEPARTMENT = "error-unknown-department"


class Cause(StrEnum):
    """What made routing act on its own, for the words a chat's history says about it."""

    NONE = ""
    UNANSWERED = "unanswered"  # the agent did not answer in time
    ABANDONED = "abandoned"  # the visitor went silent
    QUEUE_TIMEOUT = "queue_timeout"  # nobody took it within the longest wait


@dataclass(frozen=True, slots=True)
class Decision:
    at: datetime
    outcome: Outcome
    reason: str
    inquiry: str | None = None
    chat: str | None = None
    agent: str | None = None
    department: str | None = None
    previous_agent: str | None = None
    error: ErrorCode | None = None
    cause: Cause = Cause.NONE
