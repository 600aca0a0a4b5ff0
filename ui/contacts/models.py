"""What one contact shows: how a channel was verified, and its own history (who did what, when)."""

from __future__ import annotations

from app.domain import ContactChannel, ContactEvent, ContactEventKind
from ui.contacts.when import day
from ui.format import day_and_time, verification_text
from ui.models.base import RowsModel

_KIND = {ContactEventKind.CREATED: "Created", ContactEventKind.EDITED: "Edited",
         ContactEventKind.VERIFIED: "Verified", ContactEventKind.MERGED: "Merged",
         ContactEventKind.CONFLICT_RESOLVED: "Conflict settled"}


def verification(channel: ContactChannel) -> str:
    """'✓ by email lena@example.com on 25 Nov 2026', or 'Not verified'."""
    text = verification_text(channel, when=day)
    return ("✓ " if channel.verified else "") + text + (" · blocked" if channel.blocked else "")


class ContactLogModel(RowsModel[ContactEvent]):
    WHEN, WHO, WHAT = range(3)
    HEADERS = ("When", "Who", "What")

    def __init__(self) -> None:
        # Events have no id: their place in the log is their identity.
        super().__init__(key=lambda event: (event.at, event.kind, event.text))

    def display(self, value: ContactEvent, column: int) -> str:
        if column == self.WHEN:
            return day_and_time(value.at)
        if column == self.WHO:
            return value.actor_name or "Omnidesk"
        return f"{_KIND.get(value.kind, value.kind.value)}: {value.text}"

    def tooltip(self, value: ContactEvent, column: int) -> str | None:
        if column == self.WHAT:
            merged = f"\nMerged contacts: {', '.join(value.merged_ids)}" if value.merged_ids else ""
            return value.text + merged
        return None
