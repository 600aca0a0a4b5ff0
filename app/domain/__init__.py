"""The product vocabulary as typed, immutable values.

Nothing here touches SQLite, the network or Qt: these are the words every other layer speaks.
"""

from typing import TYPE_CHECKING

from app.lazy import lazy_exports

if TYPE_CHECKING:
    from app.domain.attachment import Attachment, FileLimits
    from app.domain.business_hours import BusinessHours, OpenInterval
    from app.domain.canned import CannedResponse
    from app.domain.chat import Chat, ChatPlace, ChatStatus, ChatSummary, Transfer
    from app.domain.contact import (
        ConflictingValue,
        Contact,
        ContactChannel,
        ContactDraft,
        ContactEvent,
        ContactEventKind,
        ContactPage,
        ContactQuery,
        ContactRow,
        ContactSort,
        SavedContact,
        Verification,
    )
    from app.domain.inquiry import WAITING_FOR_FIRST_MESSAGE, Inquiry, Priority, QueuePlace
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
    from app.domain.supervision import (
        AgentLoad,
        ChatInProgress,
        DepartmentQueue,
        HourFigures,
        UnitDay,
        UnitOverview,
    )
    from app.domain.visitor import Channel, PageVisit, Visitor, VisitorContext, describe_user_agent
    from app.domain.whatif import ChatDifference, ReplayFigures, WhatIf

# Each module's names, imported when first used (app.lazy): the desk's first frame needs few.
__getattr__, __dir__ = lazy_exports(globals(), {
    "attachment": ("Attachment", "FileLimits"),
    "business_hours": ("BusinessHours", "OpenInterval"),
    "canned": ("CannedResponse",),
    "chat": ("Chat", "ChatPlace", "ChatStatus", "ChatSummary", "Transfer"),
    "contact": ("ConflictingValue", "Contact", "ContactChannel", "ContactDraft", "ContactEvent",
                "ContactEventKind", "ContactPage", "ContactQuery", "ContactRow", "ContactSort",
                "SavedContact", "Verification"),
    "inquiry": ("WAITING_FOR_FIRST_MESSAGE", "Inquiry", "Priority", "QueuePlace"),
    "message": ("AuthorKind", "Message", "MessagePage", "SearchHit"),
    "organisation": ("Department", "Unit"),
    "people": ("Agent", "AgentStatus", "Availability", "Monitor", "Person", "Principal", "Role"),
    "supervision": ("AgentLoad", "ChatInProgress", "DepartmentQueue", "HourFigures", "UnitDay",
                    "UnitOverview"),
    "visitor": ("Channel", "PageVisit", "Visitor", "VisitorContext", "describe_user_agent"),
    "whatif": ("ChatDifference", "ReplayFigures", "WhatIf"),
})

__all__ = [
    "WAITING_FOR_FIRST_MESSAGE",
    "Agent",
    "AgentLoad",
    "AgentStatus",
    "Attachment",
    "AuthorKind",
    "Availability",
    "BusinessHours",
    "CannedResponse",
    "Channel",
    "Chat",
    "ChatDifference",
    "ChatInProgress",
    "ChatPlace",
    "ChatStatus",
    "ChatSummary",
    "ConflictingValue",
    "Contact",
    "ContactChannel",
    "ContactDraft",
    "ContactEvent",
    "ContactEventKind",
    "ContactPage",
    "ContactQuery",
    "ContactRow",
    "ContactSort",
    "Department",
    "DepartmentQueue",
    "FileLimits",
    "HourFigures",
    "Inquiry",
    "Message",
    "MessagePage",
    "Monitor",
    "OpenInterval",
    "PageVisit",
    "Person",
    "Principal",
    "Priority",
    "QueuePlace",
    "ReplayFigures",
    "Role",
    "SavedContact",
    "SearchHit",
    "Transfer",
    "Unit",
    "UnitDay",
    "UnitOverview",
    "Verification",
    "Visitor",
    "VisitorContext",
    "WhatIf",
    "describe_user_agent",
]
