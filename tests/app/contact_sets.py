"""Random contact sets for the merge properties: contacts with channels (some verified by the
same email or phone), names, custom fields, managers, chats and messages; and what a merge must
keep, checked on the store itself."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from hypothesis import strategies as st

from app.store import contacts

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
NAMES = ("Lena Park", "L. Park", "Lena", "Ola", "")
ADDRESSES = ("a@example.com", "b@example.com", "+442079460958")
MANAGERS = (None, "u-1", "u-2")


@dataclass(frozen=True)
class ChannelSpec:
    address: str
    verified: bool


@dataclass(frozen=True)
class ContactSpec:
    name: str
    channels: tuple[ChannelSpec, ...]
    chats: int
    plan: str
    manager: str | None


contact_specs = st.lists(
    st.builds(
        ContactSpec,
        name=st.sampled_from(NAMES[:-1]),
        channels=st.lists(st.builds(ChannelSpec, st.sampled_from(ADDRESSES), st.booleans()),
                          min_size=1, max_size=3).map(tuple),
        chats=st.integers(0, 3),
        plan=st.sampled_from(("", "gold", "silver")),
        manager=st.sampled_from(MANAGERS),
    ),
    min_size=2, max_size=6,
)


def write_contacts(connection: sqlite3.Connection, specs: list[ContactSpec]) -> None:
    for user in ("u-1", "u-2"):
        connection.execute("INSERT INTO users (id, username, name, is_agent, status, availability) "
                           "VALUES (?, ?, ?, 1, 'online', 'available')", (user, user, user.upper()))
    for number, spec in enumerate(specs):
        contact_id = f"k{number}"
        contacts.insert_contact(connection, contact_id, spec.name, NOW)
        emails = [c.address for c in spec.channels if "@" in c.address]
        phones = [c.address for c in spec.channels if "@" not in c.address]
        connection.execute(
            "UPDATE contacts SET emails = ?, phones = ?, custom_fields = ?, manager_id = ? WHERE id = ?",
            (json.dumps(list(dict.fromkeys(emails))), json.dumps(list(dict.fromkeys(phones))),
             json.dumps({"plan": spec.plan} if spec.plan else {}), spec.manager, contact_id))
        for index, channel in enumerate(spec.channels):
            visitor_id = f"v{number}-{index}"
            field = "email" if "@" in channel.address else "phone"
            connection.execute(
                "INSERT INTO visitors (id, contact_id, name, channel, address, verified, created_at, "
                "verified_field, verified_value) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                (visitor_id, contact_id, spec.name, "email" if field == "email" else "sms",
                 channel.address, int(channel.verified), field if channel.verified else None,
                 channel.address if channel.verified else None))
        for chat in range(spec.chats):
            chat_id = f"c{number}-{chat}"
            connection.execute(
                "INSERT INTO chats (id, visitor_id, contact_id, status, created_at) "
                "VALUES (?, ?, ?, 'closed', ?)", (chat_id, f"v{number}-0", contact_id, chat))
            for line in range(chat + 1):
                connection.execute(
                    "INSERT INTO messages (uid, chat_id, author_kind, author_name, text, sent_at) "
                    "VALUES (?, ?, 'visitor', 'x', ?, 0)", (f"m{chat_id}-{line}", chat_id, f"line {line}"))


@dataclass(frozen=True)
class Snapshot:
    """What must survive every merge, by original contact."""

    chats: dict[str, frozenset[str]]
    visitors: dict[str, frozenset[str]]
    messages: dict[str, int]
    emails: dict[str, frozenset[str]]
    phones: dict[str, frozenset[str]]
    names: dict[str, str]
    plans: dict[str, str]
    managers: dict[str, str | None]


def snapshot(connection: sqlite3.Connection) -> Snapshot:
    chats: dict[str, set[str]] = defaultdict(set)
    visitors: dict[str, set[str]] = defaultdict(set)
    for chat_id, contact_id in connection.execute("SELECT id, contact_id FROM chats"):
        chats[contact_id].add(chat_id)
    for visitor_id, contact_id in connection.execute("SELECT id, contact_id FROM visitors"):
        visitors[contact_id].add(visitor_id)
    rows = connection.execute("SELECT id, name, emails, phones, custom_fields, manager_id FROM contacts")
    emails, phones, names, plans, managers = {}, {}, {}, {}, {}
    for contact_id, name, mails, numbers, custom, manager in rows:
        emails[contact_id] = frozenset(json.loads(mails))
        phones[contact_id] = frozenset(json.loads(numbers))
        names[contact_id] = name
        plans[contact_id] = json.loads(custom).get("plan", "")
        managers[contact_id] = manager
    messages = {chat_id: count for chat_id, count in connection.execute(
        "SELECT chat_id, count(*) FROM messages GROUP BY chat_id")}
    return Snapshot({k: frozenset(v) for k, v in chats.items()},
                    {k: frozenset(v) for k, v in visitors.items()}, messages, emails, phones,
                    names, plans, managers)


def assert_nothing_lost(connection: sqlite3.Connection, before: Snapshot) -> None:
    after = snapshot(connection)
    assert after.messages == before.messages
    assert set().union(*after.chats.values(), set()) == set().union(*before.chats.values(), set())
    assert set().union(*after.visitors.values(), set()) == set().union(*before.visitors.values(), set())
    for original in before.names:
        now = contacts.resolve_id(connection, original)
        assert now in after.names, f"{original} leads to {now}, which does not exist"
        assert before.chats.get(original, frozenset()) <= after.chats.get(now, frozenset())
        assert before.visitors.get(original, frozenset()) <= after.visitors.get(now, frozenset())
        assert before.emails[original] <= after.emails[now]
        assert before.phones[original] <= after.phones[now]
        held = {(f, v) for f, v in contacts.conflicts(connection, now)}
        assert before.names[original] in (after.names[now], *[v for f, v in held if f == "name"])
        if before.plans[original]:
            assert before.plans[original] in (
                after.plans[now], *[v for f, v in held if f == "customFields.plan"])
        if before.managers[original]:
            assert before.managers[original] in (
                after.managers[now], *[v for f, v in held if f == "manager"])
    # Every chat and its visitor belong to the same contact.
    assert connection.execute(
        "SELECT count(*) FROM chats c JOIN visitors v ON v.id = c.visitor_id "
        "WHERE c.contact_id != v.contact_id").fetchone()[0] == 0
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def table_dump(connection: sqlite3.Connection) -> list[object]:
    """Everything a merge may touch, in a comparable form."""
    return [
        connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        for table in ("contacts", "visitors", "chats", "contact_conflicts", "contact_aliases",
                      "contact_log")
    ]
