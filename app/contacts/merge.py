"""How one contact's fields fold into another's: Rocket.Chat's ContactMerger, in 'conflict' mode.

- Emails and phones are added to the contact's own (each once).
- A name or manager the contact lacks is taken; one that differs from the contact's (and from
  the values already in conflict) becomes a conflicting value, with where it came from.
- The merged contact's own conflicting values come along the same way.
- Custom fields: Rocket.Chat's merger is written to treat them like names (set when missing, a
  conflict when different), but a slip in `getAllFieldsFromContact` never collects them, so its
  merges drop them. Omnidesk keeps them by default (`CustomFields.KEEP`, beyond Rocket.Chat: a
  merge loses nothing); `CustomFields.DROP` does what Rocket.Chat's code does.

Channels are not fields here: they are visitors, re-pointed to the contact by the store.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from app.domain.contact import CUSTOM_FIELD_PREFIX, MANAGER_FIELD, NAME_FIELD


class CustomFields(StrEnum):
    KEEP = "keep"
    DROP = "drop"


# The setting that chooses (settings table, key below); KEEP when unset.
CUSTOM_FIELDS_SETTING = "contact_merge_custom_fields"


@dataclass(frozen=True, slots=True)
class Conflict:
    field: str
    value: str
    source: str


@dataclass(frozen=True, slots=True)
class ContactFields:
    """What a merge reads and writes of a contact."""

    name: str
    manager_id: str | None
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    custom_fields: tuple[tuple[str, str], ...]
    conflicts: tuple[Conflict, ...]


def _add_each(existing: tuple[str, ...], incoming: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*existing, *incoming)))


def merge_fields(
    into: ContactFields, source: ContactFields, *, source_label: str,
    custom_fields: CustomFields = CustomFields.KEEP,
) -> ContactFields:
    """`into` with `source`'s fields folded in. `source_label` says where new conflicting values
    came from ("contact Ana P."), unless they already carry their own origin."""
    known = {(NAME_FIELD, into.name), (MANAGER_FIELD, into.manager_id or "")}
    known |= {(CUSTOM_FIELD_PREFIX + name, value) for name, value in into.custom_fields}
    known |= {(c.field, c.value) for c in into.conflicts}

    incoming: list[Conflict] = []
    if source.name:
        incoming.append(Conflict(NAME_FIELD, source.name, source_label))
    if source.manager_id:
        incoming.append(Conflict(MANAGER_FIELD, source.manager_id, source_label))
    if custom_fields is CustomFields.KEEP:
        incoming.extend(Conflict(CUSTOM_FIELD_PREFIX + name, value, source_label)
                        for name, value in source.custom_fields)
    incoming.extend(c for c in source.conflicts
                    if custom_fields is CustomFields.KEEP or not c.field.startswith(CUSTOM_FIELD_PREFIX))

    name, manager_id = into.name, into.manager_id
    custom = dict(into.custom_fields)
    conflicts = list(into.conflicts)
    for value in incoming:
        if not value.value or (value.field, value.value) in known:
            continue
        known.add((value.field, value.value))
        if value.field == NAME_FIELD and not name:
            name = value.value
        elif value.field == MANAGER_FIELD and not manager_id:
            manager_id = value.value
        elif value.field.startswith(CUSTOM_FIELD_PREFIX) and not custom.get(
                value.field.removeprefix(CUSTOM_FIELD_PREFIX)):
            custom[value.field.removeprefix(CUSTOM_FIELD_PREFIX)] = value.value
        else:
            conflicts.append(value)
    return replace(
        into,
        name=name,
        manager_id=manager_id,
        emails=_add_each(into.emails, source.emails),
        phones=_add_each(into.phones, source.phones),
        custom_fields=tuple(sorted(custom.items())),
        conflicts=tuple(conflicts),
    )


def resolve(fields: ContactFields, field: str, value: str) -> ContactFields:
    """`value` becomes the contact's `field`; every conflicting value of that field is settled
    (Rocket.Chat's resolveContactConflicts, one field at a time)."""
    remaining = tuple(c for c in fields.conflicts if c.field != field)
    if field == NAME_FIELD:
        return replace(fields, name=value, conflicts=remaining)
    if field == MANAGER_FIELD:
        return replace(fields, manager_id=value or None, conflicts=remaining)
    if field.startswith(CUSTOM_FIELD_PREFIX):
        custom = dict(fields.custom_fields)
        custom[field.removeprefix(CUSTOM_FIELD_PREFIX)] = value
        return replace(fields, custom_fields=tuple(sorted(custom.items())), conflicts=remaining)
    raise ValueError(f"not a contact field: {field}")
