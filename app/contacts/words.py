"""The sentences of app/contacts: a contact's fields checked, blocked inquiries explained."""

from __future__ import annotations

from app.words import PhraseBook


class Contacts(PhraseBook):
    """What is wrong with a contact's field, or why its chats are blocked."""
