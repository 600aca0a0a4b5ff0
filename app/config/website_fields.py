"""The website chat's custom fields, as the admin lists them (the WEBSITE record's
`custom_fields`): Rocket.Chat's custom fields of scope visitor. An entry is a key the site may set
with setCustomField ("customer_id"), or a key and the label of a field the registration form asks
for ("order: Order number")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ENTRY = re.compile(r"^\s*(?P<key>[A-Za-z0-9_-]{1,64})\s*(?::\s*(?P<label>\S.{0,99}?))?\s*$")


@dataclass(frozen=True, slots=True)
class CustomField:
    key: str
    # Shown on the registration form when given; a field without one is set by the site only.
    label: str | None = None


def parse_custom_field(entry: str) -> CustomField | None:
    """The field an entry names; None when it names none."""
    match = _ENTRY.match(entry)
    if match is None:
        return None
    return CustomField(match["key"], match["label"])


def custom_fields(entries: object) -> list[CustomField]:
    """The fields the record lists (what does not parse is left out: the rules refuse it)."""
    found = [parse_custom_field(entry) for entry in entries if isinstance(entry, str)] \
        if isinstance(entries, list) else []
    return [field for field in found if field is not None]
