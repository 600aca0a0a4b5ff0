"""Rocket.Chat's payloads as Omnidesk's domain values, and domain values as Rocket.Chat's request
bodies. Pure functions, no I/O: the transport hands them what it received and sends what they
build. Rocket.Chat's ids stay the domain's ids. Every reader takes the payload and the endpoint
it came from, and raises PayloadError (naming the field) for what it cannot read; unknown fields
are ignored. docs/rocketchat.md ("Mapping") says which field maps to what.
"""

from app.backends.rocketchat.payloads.agents import read_agent
from app.backends.rocketchat.payloads.business_hours import business_hours_department_ids, read_business_hours
from app.backends.rocketchat.payloads.contacts import read_contact
from app.backends.rocketchat.payloads.errors import PayloadError
from app.backends.rocketchat.payloads.fields import read_date
from app.backends.rocketchat.payloads.inquiries import InquiryStatus, inquiry_status, read_inquiry
from app.backends.rocketchat.payloads.messages import is_shown, message_type, read_message
from app.backends.rocketchat.payloads.organisation import read_department, read_unit
from app.backends.rocketchat.payloads.records import updated_at
from app.backends.rocketchat.payloads.rooms import read_chat, read_chat_summary, visitor_token

__all__ = [
    "InquiryStatus",
    "PayloadError",
    "business_hours_department_ids",
    "inquiry_status",
    "is_shown",
    "message_type",
    "read_agent",
    "read_business_hours",
    "read_chat",
    "read_chat_summary",
    "read_contact",
    "read_date",
    "read_department",
    "read_inquiry",
    "read_message",
    "read_unit",
    "updated_at",
    "visitor_token",
]
