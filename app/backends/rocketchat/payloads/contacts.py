"""Rocket.Chat's contact (ILivechatContact, 7.x single contact ID) as Omnidesk's Contact.

Each channel is one visitor on one source: `visitor.visitorId`, the channel from `details`
(IOmnichannelSource), verified as `field`/`value` say. Rocket.Chat's conflicts name a field and
a value only: their time reads as the contact's `_updatedAt` and their source as unknown ('').
Custom fields that are not strings (the type allows any value) are left out: the desk shows text.
"""

from __future__ import annotations

from app.backends.rocketchat.payloads.channels import channel_of
from app.backends.rocketchat.payloads.fields import Fields
from app.domain import ConflictingValue, Contact, ContactChannel

KIND = "contact"


def read_contact(payload: object, *, endpoint: str) -> Contact:
    contact = Fields(payload, kind=KIND, endpoint=endpoint)
    updated_at = contact.date_or_none("_updatedAt") or contact.date("createdAt")
    custom = contact.obj_or_none("customFields")
    last_chat = contact.obj_or_none("lastChat")
    return Contact(
        id=contact.text("_id"),
        name=contact.text("name"),
        channels=tuple(_channel(channel) for channel in contact.objs("channels")),
        created_at=contact.date("createdAt"),
        emails=tuple(email.text("address") for email in contact.objs("emails")),
        phones=tuple(phone.text("phoneNumber") for phone in contact.objs("phones")),
        manager_id=contact.text_or_none("contactManager") or None,
        unknown=contact.flag("unknown"),
        custom_fields=tuple((name, value) for name, value in _custom(custom) if isinstance(value, str)),
        conflicts=tuple(ConflictingValue(field=conflict.text("field"), value=conflict.text("value"),
                                         source="", at=updated_at)
                        for conflict in contact.objs("conflictingFields")),
        last_chat_at=last_chat.date_or_none("ts") if last_chat is not None else None,
    )


def _channel(channel: Fields) -> ContactChannel:
    visitor = channel.obj("visitor")
    return ContactChannel(
        visitor_id=visitor.text("visitorId"),
        channel=channel_of(channel.obj_or_none("details") or visitor.obj_or_none("source")),
        address=channel.text_or("value"),
        verified=channel.flag("verified"),
        verified_by_field=channel.text_or("field"),
        verified_by_value=channel.text_or("value"),
        verified_at=channel.date_or_none("verifiedAt"),
        blocked=channel.flag("blocked"),
    )


def _custom(custom: Fields | None) -> list[tuple[str, object]]:
    return [] if custom is None else custom.items()
