"""Rocket.Chat's room `source` (IOmnichannelSource) as Omnidesk's channel."""

from __future__ import annotations

from app.backends.rocketchat.payloads.fields import Fields
from app.domain import Channel

# OmnichannelSourceType: widget | email | sms | app | api | other.
_BY_TYPE = {"widget": Channel.WIDGET, "email": Channel.EMAIL, "sms": Channel.SMS, "api": Channel.API}


def channel_of(source: Fields | None) -> Channel:
    """`source.type` as a channel. Apps (`app`) carry their own id and label: a WhatsApp app's
    rooms are WhatsApp; any other app, `other` and an unknown or missing type read as API (a
    room some integration opened), which is what Omnidesk's channel list has for them."""
    if source is None:
        return Channel.WIDGET  # rooms older than `source` were all the widget's
    kind = source.text_or("type")
    if kind == "app":
        named = " ".join(source.text_or(key) for key in ("id", "alias", "label")).lower()
        return Channel.WHATSAPP if "whatsapp" in named else Channel.API
    return _BY_TYPE.get(kind, Channel.API)
