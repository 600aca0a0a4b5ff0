"""Text as contact search compares it: case and accents ignored, so 'elodie' finds 'Élodie'."""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """`text` without case or accents. Registered in SQLite as omnidesk_fold() (app.store), so
    the stored search text and the words typed are folded by the same function."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    """The folded words of a search, each to be found somewhere in a contact."""
    return fold(text).split()


def phone_key(address: str | None) -> str:
    """A phone number as Omnidesk stores it (E.164 when it parses, else as given). Registered in
    SQLite as omnidesk_phone(), so a migration writes phones as the app would."""
    if not address:
        return ""
    from app.contacts.fields import normalised_phone  # noqa: PLC0415  (phonenumbers: on first use)

    return normalised_phone(address)
