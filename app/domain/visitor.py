"""Visitors: the customers who ask for help, one per channel identity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Channel(StrEnum):
    WIDGET = "widget"
    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    VOICE = "voice"
    API = "api"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Channel.WIDGET: "Web chat",
    Channel.EMAIL: "Email",
    Channel.SMS: "SMS",
    Channel.WHATSAPP: "WhatsApp",
    Channel.VOICE: "Voice",
    Channel.API: "API",
}


@dataclass(frozen=True, slots=True)
class Visitor:
    id: str
    name: str
    channel: Channel
    # The address the visitor reached us from: an email, a phone number, a widget token's label.
    address: str
    contact_id: str
    created_at: datetime
