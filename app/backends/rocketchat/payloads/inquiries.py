"""Rocket.Chat's inquiry (ILivechatInquiryRecord) as Omnidesk's Inquiry.

An inquiry is a room waiting for an agent: `rid` is its room (the chat), `status` says where it
stands (`queued` for agents to take, `ready` for routing to assign, `taken` once an agent has
it, `verifying` while its contact must verify first). An inquiry names no contact: the visitor's
id stands in for it until the room (which carries `contactId`) is read. With an SLA (`slaId`),
it is due `estimatedWaitingTimeQueue` minutes (the SLA's dueTimeInMinutes) after it was queued.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from app.backends.rocketchat.payloads.channels import channel_of
from app.backends.rocketchat.payloads.fields import Fields
from app.backends.rocketchat.payloads.priorities import priority_of
from app.domain import Inquiry

KIND = "inquiry"


class InquiryStatus(StrEnum):
    """Rocket.Chat's LivechatInquiryStatus."""

    VERIFYING = "verifying"
    QUEUED = "queued"
    TAKEN = "taken"
    READY = "ready"
    OPEN = "open"

    @property
    def waiting(self) -> bool:
        """Whether the inquiry still waits for an agent (is in a queue)."""
        return self in (InquiryStatus.QUEUED, InquiryStatus.READY, InquiryStatus.VERIFYING)


def read_inquiry(payload: object, *, endpoint: str) -> Inquiry:
    inquiry = Fields(payload, kind=KIND, endpoint=endpoint)
    visitor = inquiry.obj("v")
    queued_at = inquiry.date("ts")
    last = inquiry.obj_or_none("lastMessage")
    status = inquiry_status(payload, endpoint=endpoint)
    return Inquiry(
        id=inquiry.text("_id"),
        chat_id=inquiry.text("rid"),
        visitor_id=visitor.text("_id"),
        visitor_name=inquiry.text_or("name") or visitor.text_or("name") or visitor.text_or("username"),
        contact_id=visitor.text("_id"),
        channel=channel_of(inquiry.obj_or_none("source")),
        department_id=inquiry.text_or_none("department"),
        priority=priority_of(inquiry, "priorityWeight"),
        queued_at=queued_at,
        sla_due_at=_sla_due(inquiry, queued_at),
        preview=inquiry.text_or("message") or (last.text_or("msg") if last is not None else ""),
        blocked="error-unverified-contact" if status is InquiryStatus.VERIFYING else "",
    )


def inquiry_status(payload: object, *, endpoint: str) -> InquiryStatus:
    fields = Fields(payload, kind=KIND, endpoint=endpoint)
    status = fields.text("status")
    try:
        return InquiryStatus(status)
    except ValueError:
        raise fields.error("status", f"is {status!r}, not one of {', '.join(InquiryStatus)}") from None


def _sla_due(inquiry: Fields, queued_at: datetime) -> datetime | None:
    if not inquiry.has("slaId"):
        return None
    minutes = inquiry.whole_or_none("estimatedWaitingTimeQueue")
    if minutes is None:
        return None
    try:
        return queued_at + timedelta(minutes=minutes)
    except OverflowError:
        raise inquiry.error("estimatedWaitingTimeQueue", f"is {minutes} minutes: past any date") from None
