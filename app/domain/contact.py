"""Contacts: the person behind one or more visitors, across channels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.visitor import Channel


@dataclass(frozen=True, slots=True)
class ContactChannel:
    visitor_id: str
    channel: Channel
    address: str
    verified: bool


@dataclass(frozen=True, slots=True)
class Contact:
    id: str
    name: str
    channels: tuple[ContactChannel, ...]
    created_at: datetime

    @property
    def verified(self) -> bool:
        return any(channel.verified for channel in self.channels)
