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
    """Rocket.Chat's error identifiers, as its server throws them; the few marked Omnidesk's
    name a refusal Rocket.Chat has no identifier for."""

    # QueueManager.requestRoom: nobody online to serve the room.
    NO_AGENT_ONLINE = "no-agent-online"
    # ee/.../hooks/checkAgentBeforeTakeInquiry.ts.
    CHAT_LIMIT = "error-max-number-simultaneous-chats-reached"
    # allowAgentChangeServiceStatus.
    BUSINESS_HOURS_CLOSED = "error-business-hours-are-closed"
    # takeInquiry: taking an inquiry while not online and available.
    AGENT_NOT_AVAILABLE = "error-agent-status-service-offline"
    # forwardRoomToAgent, forwardRoomToDepartment: transferring to an agent who is not online
    # and available.
    USER_OFFLINE = "error-user-is-offline"
    # forwardRoomToDepartment: the agent named is not one of the department's. Omnidesk also
    # says it when an agent takes an inquiry of a department they are not in.
    USER_NOT_IN_DEPARTMENT = "error-user-not-belong-to-department"
    # forwardRoomToAgent: the chat's own agent.
    SAME_AGENT = "error-selected-agent-room-agent-are-same"
    # RoutingManager.transferRoom, livechat:returnRoomAsInquiry.
    CHAT_ON_HOLD = "error-room-onHold"
    # ee/.../hooks/beforeForwardRoomToDepartment.ts: departmentsAllowedToForward.
    FORWARD_NOT_ALLOWED = "error-forwarding-department-target-not-allowed"
    # livechat/room.forward when the transfer did not happen.
    FORWARD_FAILED = "error-forwarding-chat"
    # Omnidesk's: the inquiry was taken by someone else or closed meanwhile.
    INQUIRY_NOT_QUEUED = "error-inquiry-not-queued"
    # Omnidesk's: the chat is closed (or not in the state the command needs).
    CHAT_NOT_OPEN = "error-chat-not-open"
    # Omnidesk's: ids the engine does not know.
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
