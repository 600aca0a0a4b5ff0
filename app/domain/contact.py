"""Contacts: the person behind one or more visitors, across channels.

Rocket.Chat 7.x's model (`ILivechatContact`): a contact has a name, emails, phones, a contact
manager, custom fields and channels; each channel is one visitor on one source, verified or not.
Values that disagree with what the contact already holds are kept as conflicts until someone
chooses (Rocket.Chat's `conflictingFields`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from app.domain.visitor import Channel

# Rocket.Chat's conflict field names: 'name', 'manager', and 'customFields.<name>'.
NAME_FIELD = "name"
MANAGER_FIELD = "manager"
CUSTOM_FIELD_PREFIX = "customFields."


@dataclass(frozen=True, slots=True)
class ContactChannel:
    visitor_id: str
    channel: Channel
    address: str
    verified: bool
    # How it was verified (Rocket.Chat's channel `field` and `value`: 'email' and the address).
    verified_by_field: str = ""
    verified_by_value: str = ""
    verified_at: datetime | None = None
    blocked: bool = False
    # The visitor's own name on this channel (what they typed, what the phone network said).
    visitor_name: str = ""


@dataclass(frozen=True, slots=True)
class ConflictingValue:
    """A value for `field` that differs from the contact's, and where it came from."""

    field: str
    value: str
    source: str
    at: datetime

    @property
    def label(self) -> str:
        if self.field == NAME_FIELD:
            return "Name"
        if self.field == MANAGER_FIELD:
            return "Contact manager"
        return self.field.removeprefix(CUSTOM_FIELD_PREFIX)


@dataclass(frozen=True, slots=True)
class Contact:
    id: str
    name: str
    channels: tuple[ContactChannel, ...]
    created_at: datetime
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    manager_id: str | None = None
    manager_name: str = ""
    # Created automatically from a visitor; nobody has verified a channel or edited it since.
    unknown: bool = False
    custom_fields: tuple[tuple[str, str], ...] = ()
    conflicts: tuple[ConflictingValue, ...] = ()
    last_chat_at: datetime | None = None

    @property
    def verified(self) -> bool:
        return any(channel.verified for channel in self.channels)

    def custom_field(self, name: str) -> str:
        return dict(self.custom_fields).get(name, "")


class ContactSort(StrEnum):
    NAME = "name"
    LAST_CHAT = "last_chat"
    CREATED = "created"


@dataclass(frozen=True, slots=True)
class ContactQuery:
    """One page of the contacts a user may see, matching `text` (every word, anywhere in the
    name, emails, phones or channel addresses; case and accents ignored)."""

    text: str = ""
    sort: ContactSort = ContactSort.NAME
    descending: bool = False
    offset: int = 0
    limit: int = 200


@dataclass(frozen=True, slots=True)
class ContactRow:
    """A contact as a list shows it."""

    id: str
    name: str
    # Each channel once: (channel, verified on it).
    channels: tuple[tuple[Channel, bool], ...]
    last_chat_at: datetime | None
    manager_name: str
    unknown: bool
    conflicts: int


@dataclass(frozen=True, slots=True)
class ContactPage:
    rows: tuple[ContactRow, ...]
    offset: int
    # How many contacts match the query in all.
    total: int


class ContactEventKind(StrEnum):
    CREATED = "created"
    EDITED = "edited"
    VERIFIED = "verified"
    MERGED = "merged"
    CONFLICT_RESOLVED = "conflict-resolved"


@dataclass(frozen=True, slots=True)
class ContactEvent:
    """One line of a contact's own history: who did what to it, when."""

    at: datetime
    kind: ContactEventKind
    actor_name: str
    text: str
    # For a merge: the ids of the contacts that became this one.
    merged_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ContactDraft:
    """What a person types to create or edit a contact; validated by app.contacts.fields."""

    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    manager_id: str | None = None
    custom_fields: tuple[tuple[str, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class SavedContact:
    """A saved contact, and the other contacts that hold one of its emails or phones as a
    verified channel: most likely the same person, to be merged."""

    contact: Contact
    duplicates: tuple[ContactRow, ...] = ()


@dataclass(frozen=True, slots=True)
class Verification:
    """A verified channel: the contact as it is now, and the contacts merged into it because
    they held the same verified email or phone."""

    contact: Contact
    merged_ids: tuple[str, ...] = ()
