"""Rocket.Chat's priority weights (`priorityWeight`, ILivechatPriority `sortItem`) as Priority."""

from __future__ import annotations

from app.backends.rocketchat.payloads.fields import Fields
from app.domain import Priority


def priority_of(fields: Fields, key: str) -> Priority:
    """The weight at `key`; missing (rooms of servers without priorities) is NOT_SPECIFIED, as
    Rocket.Chat's own default weight 99 is."""
    weight = fields.whole_or_none(key)
    if weight is None:
        return Priority.NOT_SPECIFIED
    try:
        return Priority(weight)
    except ValueError:
        raise fields.error(key, f"is {weight}, not one of Rocket.Chat's priority weights") from None
