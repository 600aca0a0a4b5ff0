"""Merging contacts inside one write transaction: fields folded (app.contacts.merge), channels
and chats re-pointed, the merged contacts deleted and remembered as aliases, the merge written
in the contact's history. Run inside `Database.write`: a crash leaves the old or the new state."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from app.contacts.merge import CUSTOM_FIELDS_SETTING, CustomFields, merge_fields
from app.domain import ContactEventKind
from app.store import contacts


def custom_fields_mode(connection: sqlite3.Connection) -> CustomFields:
    row = connection.execute("SELECT value FROM settings WHERE key = ?",
                             (CUSTOM_FIELDS_SETTING,)).fetchone()
    if row is not None and row[0] in CustomFields.__members__.values():
        return CustomFields(row[0])
    return CustomFields.KEEP


def merge_into(
    connection: sqlite3.Connection, into_id: str, source_ids: Sequence[str], *, at: datetime,
    actor: tuple[str, str], why: str,
) -> list[str]:
    """Merge the contacts `source_ids` into `into_id`. Ids of contacts merged before lead to what
    they became; the contact itself and contacts already inside it are skipped, so merging again
    changes nothing. Returns the ids merged now."""
    into_id = contacts.resolve_id(connection, into_id)
    contacts.fields(connection, into_id)  # NotFound for an unknown contact
    mode = custom_fields_mode(connection)
    merged: list[str] = []
    names: list[str] = []
    for source_id in dict.fromkeys(contacts.resolve_id(connection, s) for s in source_ids):
        if source_id == into_id or not contacts.exists(connection, source_id):
            continue
        source = contacts.fields(connection, source_id)
        folded = merge_fields(contacts.fields(connection, into_id), source,
                              source_label=f"contact {source.name}", custom_fields=mode)
        contacts.write_fields(connection, into_id, folded, at)
        _move_everything(connection, source_id, into_id)
        merged.append(source_id)
        names.append(f"'{source.name}'")
    if merged:
        contacts.log(connection, into_id, at, ContactEventKind.MERGED, actor,
                     f"{', '.join(names)} merged into this contact: {why}", merged_ids=merged)
    return merged


def _move_everything(connection: sqlite3.Connection, source_id: str, into_id: str) -> None:
    row = connection.execute(
        "SELECT created_at FROM contacts WHERE id = ?", (source_id,)
    ).fetchone()
    (created_at,) = row
    connection.execute("UPDATE visitors SET contact_id = ? WHERE contact_id = ?", (into_id, source_id))
    connection.execute("UPDATE chats SET contact_id = ? WHERE contact_id = ?", (into_id, source_id))
    connection.execute("UPDATE contact_log SET contact_id = ? WHERE contact_id = ?", (into_id, source_id))
    connection.execute("UPDATE contact_aliases SET contact_id = ? WHERE contact_id = ?",
                       (into_id, source_id))
    # The older creation date is the person's. `unknown` stays the contact's own, as in
    # Rocket.Chat's merge: only verifying or editing it makes it known.
    connection.execute("UPDATE contacts SET created_at = min(created_at, ?) WHERE id = ?",
                       (created_at, into_id))
    connection.execute("DELETE FROM contacts WHERE id = ?", (source_id,))
    connection.execute("INSERT INTO contact_aliases (merged_id, contact_id) VALUES (?, ?)",
                       (source_id, into_id))
