"""What one contact shows: how a channel was verified, and its own history (who did what, when)."""

from __future__ import annotations

from app.domain import ContactChannel, ContactEvent, ContactEventKind
from ui.contacts.when import day
from ui.format import day_and_time, verification_text
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.models.base import RowsModel

_KIND = {ContactEventKind.CREATED: QT_TRANSLATE_NOOP("ContactLogModel", "Created"),
         ContactEventKind.EDITED: QT_TRANSLATE_NOOP("ContactLogModel", "Edited"),
         ContactEventKind.VERIFIED: QT_TRANSLATE_NOOP("ContactLogModel", "Verified"),
         ContactEventKind.MERGED: QT_TRANSLATE_NOOP("ContactLogModel", "Merged"),
         ContactEventKind.CONFLICT_RESOLVED: QT_TRANSLATE_NOOP("ContactLogModel", "Conflict settled")}


def verification(channel: ContactChannel) -> str:
    """'✓ by email lena@example.com on 25 Nov 2026', or 'Not verified'."""
    text = verification_text(channel, when=day)
    blocked = " · " + translate("contacts.models", "blocked") if channel.blocked else ""
    return ("✓ " if channel.verified else "") + text + blocked


class ContactLogModel(RowsModel[ContactEvent]):
    WHEN, WHO, WHAT = range(3)
    HEADERS = (QT_TRANSLATE_NOOP("ContactLogModel", "When"), QT_TRANSLATE_NOOP("ContactLogModel", "Who"),
               QT_TRANSLATE_NOOP("ContactLogModel", "What"))

    def __init__(self) -> None:
        # Events have no id: their place in the log is their identity.
        super().__init__(key=lambda event: (event.at, event.kind, event.text))

    def display(self, value: ContactEvent, column: int) -> str:
        if column == self.WHEN:
            return day_and_time(value.at)
        if column == self.WHO:
            return value.actor_name or "Omnidesk"
        kind = self.tr(_KIND[value.kind]) if value.kind in _KIND else value.kind.value
        return self.tr("{kind}: {text}").format(kind=kind, text=value.text)

    def tooltip(self, value: ContactEvent, column: int) -> str | None:
        if column == self.WHAT:
            merged = ("\n" + self.tr("Merged contacts: {ids}").format(ids=", ".join(value.merged_ids))
                      if value.merged_ids else "")
            return value.text + merged
        return None
