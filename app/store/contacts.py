"""Repository for contacts and the visitors (channels) they group."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from app.contacts.merge import Conflict, ContactFields
from app.contacts.text import phone_key
from app.domain import Channel, Contact, ContactChannel, Visitor
from app.domain.contact import ConflictingValue, ContactEvent, ContactEventKind
from app.errors import NotFound
from app.store.rows import from_ms, from_ms_or_none, to_ms

# Channels whose address is a phone number; the rest are emails or a widget's label.
PHONE_CHANNELS = frozenset({Channel.SMS, Channel.WHATSAPP, Channel.VOICE})


def verified_field_of(channel: Channel, address: str) -> str:
    """Rocket.Chat's channel `field` for a channel verified by its own address."""
    if channel in PHONE_CHANNELS:
        return "phone"
    return "email" if "@" in address else "address"


def resolve_id(connection: sqlite3.Connection, contact_id: str) -> str:
    """The contact's id now: a merged contact's id leads to the one it became."""
    row = connection.execute(
        "SELECT contact_id FROM contact_aliases WHERE merged_id = ?", (contact_id,)
    ).fetchone()
    return contact_id if row is None else str(row[0])


def exists(connection: sqlite3.Connection, contact_id: str) -> bool:
    row = connection.execute("SELECT 1 FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    return row is not None


def contact(connection: sqlite3.Connection, contact_id: str) -> Contact:
    contact_id = resolve_id(connection, contact_id)
    row = connection.execute(
        "SELECT c.id, c.name, c.created_at, c.emails, c.phones, c.manager_id, "
        "coalesce(u.name, ''), c.unknown, c.custom_fields, c.last_chat_at "
        "FROM contacts c LEFT JOIN users u ON u.id = c.manager_id WHERE c.id = ?",
        (contact_id,),
    ).fetchone()
    if row is None:
        raise NotFound("This contact does not exist.", code="contact-unknown")
    channels = tuple(
        ContactChannel(visitor_id=v[0], channel=Channel(v[1]), address=v[2], verified=bool(v[3]),
                       verified_by_field=v[4] or "", verified_by_value=v[5] or "",
                       verified_at=from_ms_or_none(v[6]), blocked=bool(v[7]), visitor_name=v[8])
        for v in connection.execute(
            "SELECT id, channel, address, verified, verified_field, verified_value, verified_at, "
            "blocked, name FROM visitors WHERE contact_id = ? ORDER BY created_at, id",
            (contact_id,),
        )
    )
    return Contact(
        id=row[0], name=row[1], channels=channels, created_at=from_ms(row[2]),
        emails=tuple(json.loads(row[3])), phones=tuple(json.loads(row[4])), manager_id=row[5],
        manager_name=row[6], unknown=bool(row[7]),
        custom_fields=tuple(sorted(json.loads(row[8]).items())),
        conflicts=tuple(conflicting_values(connection, contact_id)),
        last_chat_at=from_ms_or_none(row[9]),
    )


def fields(connection: sqlite3.Connection, contact_id: str) -> ContactFields:
    """What a merge reads of the contact."""
    row = connection.execute(
        "SELECT name, manager_id, emails, phones, custom_fields FROM contacts WHERE id = ?",
        (contact_id,),
    ).fetchone()
    if row is None:
        raise NotFound("This contact does not exist.", code="contact-unknown")
    return ContactFields(
        name=row[0], manager_id=row[1], emails=tuple(json.loads(row[2])),
        phones=tuple(json.loads(row[3])), custom_fields=tuple(sorted(json.loads(row[4]).items())),
        conflicts=tuple(Conflict(c.field, c.value, c.source)
                        for c in conflicting_values(connection, contact_id)),
    )


def write_fields(connection: sqlite3.Connection, contact_id: str, new: ContactFields,
                 at: datetime) -> None:
    """Store `new` as the contact's fields; conflicting values keep the instant they arose
    (new ones get `at`)."""
    connection.execute(
        "UPDATE contacts SET name = ?, manager_id = ?, emails = ?, phones = ?, custom_fields = ? "
        "WHERE id = ?",
        (new.name, new.manager_id, json.dumps(list(new.emails)), json.dumps(list(new.phones)),
         json.dumps(dict(new.custom_fields), sort_keys=True), contact_id),
    )
    arose = {(field, value): when for field, value, when in connection.execute(
        "SELECT field, value, at FROM contact_conflicts WHERE contact_id = ?", (contact_id,))}
    connection.execute("DELETE FROM contact_conflicts WHERE contact_id = ?", (contact_id,))
    connection.executemany(
        "INSERT OR IGNORE INTO contact_conflicts (contact_id, field, value, at, source) "
        "VALUES (?, ?, ?, ?, ?)",
        [(contact_id, c.field, c.value, arose.get((c.field, c.value), to_ms(at)), c.source)
         for c in new.conflicts],
    )


def conflicting_values(connection: sqlite3.Connection, contact_id: str) -> list[ConflictingValue]:
    return [
        ConflictingValue(field=row[0], value=row[1], source=row[2], at=from_ms(row[3]))
        for row in connection.execute(
            "SELECT field, value, source, at FROM contact_conflicts WHERE contact_id = ? "
            "ORDER BY at, field, value",
            (contact_id,),
        )
    ]


def conflicts(connection: sqlite3.Connection, contact_id: str) -> list[tuple[str, str]]:
    return [(c.field, c.value) for c in conflicting_values(connection, contact_id)]


def record_conflict(
    connection: sqlite3.Connection, contact_id: str, field: str, value: str, at: datetime,
    source: str = "",
) -> None:
    connection.execute(
        "INSERT OR IGNORE INTO contact_conflicts (contact_id, field, value, at, source) "
        "VALUES (?, ?, ?, ?, ?)",
        (contact_id, field, value, to_ms(at), source),
    )


def rename(connection: sqlite3.Connection, contact_id: str, name: str) -> None:
    connection.execute("UPDATE contacts SET name = ? WHERE id = ?", (name, contact_id))


_ADD_ADDRESS = {
    "email": "UPDATE contacts SET emails = json_insert(emails, '$[#]', :value) WHERE id = :contact "
             "AND NOT EXISTS (SELECT 1 FROM json_each(emails) WHERE value = :value)",
    "phone": "UPDATE contacts SET phones = json_insert(phones, '$[#]', :value) WHERE id = :contact "
             "AND NOT EXISTS (SELECT 1 FROM json_each(phones) WHERE value = :value)",
}


def add_address(connection: sqlite3.Connection, contact_id: str, field: str, value: str) -> None:
    """Add `value` to the contact's emails (field 'email') or phones ('phone') unless there."""
    connection.execute(_ADD_ADDRESS[field], {"value": value, "contact": contact_id})


def set_unknown(connection: sqlite3.Connection, contact_id: str, unknown: bool) -> None:
    connection.execute("UPDATE contacts SET unknown = ? WHERE id = ?", (int(unknown), contact_id))


def is_unknown(connection: sqlite3.Connection, contact_id: str) -> bool:
    row = connection.execute("SELECT unknown FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    return bool(row and row[0])


def visitor(connection: sqlite3.Connection, visitor_id: str) -> Visitor:
    row = connection.execute(
        "SELECT id, name, channel, address, contact_id, created_at FROM visitors WHERE id = ?",
        (visitor_id,),
    ).fetchone()
    if row is None:
        raise NotFound("That visitor does not exist.", code="visitor-unknown")
    return Visitor(
        id=row[0],
        name=row[1],
        channel=Channel(row[2]),
        address=row[3],
        contact_id=row[4],
        created_at=from_ms(row[5]),
    )


def insert_contact(
    connection: sqlite3.Connection, contact_id: str, name: str, created_at: datetime, *,
    unknown: bool = False, created_by: str | None = None,
) -> None:
    connection.execute(
        "INSERT INTO contacts (id, name, created_at, unknown, created_by) VALUES (?, ?, ?, ?, ?)",
        (contact_id, name, to_ms(created_at), int(unknown), created_by),
    )


def insert_visitor(connection: sqlite3.Connection, visitor: Visitor, *, verified: bool) -> None:
    """A new channel of `visitor.contact_id`; `verified` by its own address. A phone channel's
    number is stored in E.164 when it parses, as every phone is."""
    if visitor.channel in PHONE_CHANNELS:
        visitor = replace(visitor, address=phone_key(visitor.address))
    connection.execute(
        "INSERT INTO visitors (id, contact_id, name, channel, address, verified, created_at, "
        "verified_at, verified_field, verified_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            visitor.id,
            visitor.contact_id,
            visitor.name,
            visitor.channel.value,
            visitor.address,
            int(verified),
            to_ms(visitor.created_at),
            to_ms(visitor.created_at) if verified else None,
            verified_field_of(visitor.channel, visitor.address) if verified else None,
            visitor.address if verified else None,
        ),
    )
    # The visitor's email or phone is the contact's too (Rocket.Chat's contact from a visitor).
    if visitor.channel in PHONE_CHANNELS:
        add_address(connection, visitor.contact_id, "phone", visitor.address)
    elif "@" in visitor.address:
        add_address(connection, visitor.contact_id, "email", visitor.address)


def insert_many(
    connection: sqlite3.Connection,
    contact_rows: list[tuple[str, str, int]],
    visitor_rows: list[tuple[str, str, str, str, str, int, int]],
) -> None:
    """Bulk insert (id, name, created_at_ms) contacts and
    (id, contact_id, name, channel, address, verified, created_at_ms) visitors (verified ones by
    their own address)."""
    connection.executemany("INSERT INTO contacts (id, name, created_at) VALUES (?, ?, ?)", contact_rows)
    connection.executemany(
        "INSERT INTO visitors (id, contact_id, name, channel, address, verified, created_at, "
        "verified_at, verified_field, verified_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*row, row[6] if row[5] else None,
          verified_field_of(Channel(row[3]), row[4]) if row[5] else None,
          row[4] if row[5] else None) for row in visitor_rows],
    )
    _derive_addresses(connection, [row[0] for row in contact_rows])


def _derive_addresses(connection: sqlite3.Connection, contact_ids: Iterable[str]) -> None:
    """A contact's emails and phones from its channels' addresses (sample and imported data)."""
    connection.execute(
        "UPDATE contacts SET "
        "emails = coalesce((SELECT json_group_array(address) FROM (SELECT DISTINCT v.address "
        "  FROM visitors v WHERE v.contact_id = contacts.id AND instr(v.address, '@') > 0 "
        "  AND v.channel NOT IN ('sms', 'whatsapp', 'voice') ORDER BY v.address)), '[]'), "
        "phones = coalesce((SELECT json_group_array(address) FROM (SELECT DISTINCT v.address "
        "  FROM visitors v WHERE v.contact_id = contacts.id "
        "  AND v.channel IN ('sms', 'whatsapp', 'voice') ORDER BY v.address)), '[]') "
        "WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(contact_ids)),),
    )


def visitor_by_token(connection: sqlite3.Connection, token: str) -> Visitor | None:
    row = connection.execute("SELECT id FROM visitors WHERE token = ?", (token,)).fetchone()
    return None if row is None else visitor(connection, row[0])


def preregistered_contact_with_email(connection: sqlite3.Connection, email: str) -> str | None:
    """A contact made by hand (no channel yet) that lists this email: where a visitor typing it
    belongs (Rocket.Chat's findContactMatchingVisitor matches only contacts without channels, so
    a visitor typing a customer's email never joins that customer's contact and history)."""
    row = connection.execute(
        "SELECT k.id FROM contacts k WHERE k.created_by IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM visitors v WHERE v.contact_id = k.id) "
        "AND EXISTS (SELECT 1 FROM json_each(k.emails) WHERE lower(value) = lower(?)) "
        "ORDER BY k.created_at, k.id LIMIT 1",
        (email,),
    ).fetchone()
    return None if row is None else str(row[0])


def contacts_with_verified(
    connection: sqlite3.Connection, field: str, value: str, *, excluding: str
) -> list[str]:
    """Other contacts holding a channel verified by exactly this field and value (Rocket.Chat's
    findSimilarVerifiedContacts), oldest first."""
    return [str(row[0]) for row in connection.execute(
        "SELECT DISTINCT v.contact_id FROM visitors v JOIN contacts c ON c.id = v.contact_id "
        "WHERE v.verified = 1 AND v.verified_field = ? AND v.verified_value = ? "
        "AND v.contact_id != ? ORDER BY c.created_at, c.id",
        (field, value, excluding),
    )]


def verify_visitor(connection: sqlite3.Connection, visitor_id: str, field: str, value: str,
                   at: datetime) -> None:
    connection.execute(
        "UPDATE visitors SET verified = 1, verified_at = ?, verified_field = ?, verified_value = ? "
        "WHERE id = ?",
        (to_ms(at), field, value, visitor_id),
    )


def log(connection: sqlite3.Connection, contact_id: str, at: datetime, kind: ContactEventKind,
        actor: tuple[str, str], text: str, merged_ids: Iterable[str] = ()) -> None:
    connection.execute(
        "INSERT INTO contact_log (contact_id, at, kind, actor_id, actor_name, text, merged_ids) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (contact_id, to_ms(at), kind.value, actor[0], actor[1], text, json.dumps(list(merged_ids))),
    )


def history_log(connection: sqlite3.Connection, contact_id: str) -> list[ContactEvent]:
    """The contact's own history, newest first (merged contacts' entries came along)."""
    return [
        ContactEvent(at=from_ms(row[0]), kind=ContactEventKind(row[1]), actor_name=row[2],
                     text=row[3], merged_ids=tuple(json.loads(row[4])))
        for row in connection.execute(
            "SELECT at, kind, actor_name, text, merged_ids FROM contact_log WHERE contact_id = ? "
            "ORDER BY at DESC, id DESC",
            (resolve_id(connection, contact_id),),
        )
    ]


def set_visitor_token(connection: sqlite3.Connection, visitor_id: str, token: str) -> None:
    connection.execute("UPDATE visitors SET token = ? WHERE id = ?", (token, visitor_id))


def rename_visitor(connection: sqlite3.Connection, visitor_id: str, name: str, address: str) -> None:
    connection.execute("UPDATE visitors SET name = ?, address = ? WHERE id = ?", (name, address, visitor_id))


def visitor_department(connection: sqlite3.Connection, visitor_id: str) -> str | None:
    row = connection.execute("SELECT department_id FROM visitors WHERE id = ?", (visitor_id,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def set_visitor_department(
    connection: sqlite3.Connection, visitor_id: str, department_id: str | None
) -> None:
    connection.execute("UPDATE visitors SET department_id = ? WHERE id = ?", (department_id, visitor_id))
