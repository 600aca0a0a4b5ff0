"""What the Contact Center needs of its backend: an agent's desk and the contacts."""

from __future__ import annotations

from typing import Protocol

from app.backends.contract import Backend, Contacts


class ContactsBackend(Backend, Contacts, Protocol):
    """A backend signed in as someone who may look up contacts (Action.VIEW_CONTACTS)."""
