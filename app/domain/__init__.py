"""The product vocabulary as typed, immutable values.

Nothing here touches SQLite, the network or Qt: these are the words every other layer speaks.
"""

from app.domain.business_hours import BusinessHours, OpenInterval
from app.domain.canned import CannedResponse
from app.domain.chat import Chat, ChatPlace, ChatStatus, ChatSummary, Transfer
from app.domain.contact import Contact, ContactChannel
from app.domain.inquiry import Inquiry, Priority
from app.domain.message import AuthorKind, Message, MessagePage, SearchHit
from app.domain.organisation import Department, Unit
from app.domain.people import (
    Agent,
    AgentStatus,
    Availability,
    Monitor,
    Person,
    Principal,
    Role,
)
from app.domain.visitor import Channel, Visitor

__all__ = [
    "Agent",
    "AgentStatus",
    "AuthorKind",
    "Availability",
    "BusinessHours",
    "CannedResponse",
    "Channel",
    "Chat",
    "ChatPlace",
    "ChatStatus",
    "ChatSummary",
    "Contact",
    "ContactChannel",
    "Department",
    "Inquiry",
    "Message",
    "MessagePage",
    "Monitor",
    "OpenInterval",
    "Person",
    "Principal",
    "Priority",
    "Role",
    "SearchHit",
    "Transfer",
    "Unit",
    "Visitor",
]
