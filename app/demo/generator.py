"""Builds the sample organisation into an empty database.

Everything is drawn from one seeded random generator, so the same seed and the same `now` give
the same organisation; times are placed relative to `now`, so queues show realistic waits.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from app.demo import contact_showcase as showcase
from app.demo import vocabulary as words
from app.domain import (
    AgentStatus,
    Availability,
    BusinessHours,
    CannedResponse,
    Channel,
    Chat,
    ChatStatus,
    Department,
    Inquiry,
    OpenInterval,
    Person,
    Priority,
    Role,
)
from app.domain.message import AuthorKind
from app.errors import Refused
from app.policy.permissions import SETTING_PREFIX, Permission
from app.store import canned, chats, contacts, desk_memory, messages, organisation, routing, supervision
from app.store.rows import tags_to_json, to_ms

# Rows are written in slices so memory stays flat while building a million messages.
_BATCH = 50_000
# One history chat in this many happened today.
_TODAY_SHARE = 8


@dataclass(frozen=True, slots=True)
class SampleSize:
    contacts: int = 300
    messages: int = 20_000
    # Two people to merge (app.demo.contact_showcase): one more contact and one more inquiry.
    people_to_merge: bool = True


@dataclass(frozen=True, slots=True)
class SampleSummary:
    people: int
    contacts: int
    visitors: int
    chats: int
    messages: int
    queued: int


@dataclass(frozen=True, slots=True)
class _Staff:
    id: str
    username: str
    name: str
    roles: tuple[Role, ...]
    departments: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    status: AgentStatus = AgentStatus.OFFLINE
    max_chats: int | None = None


_WEEKDAYS = range(5)
_BUSINESS_HOURS = (
    BusinessHours("bh-always", "Support, around the clock", "Europe/London",
                  tuple(OpenInterval(day, 0, 24 * 60) for day in range(7))),
    BusinessHours("bh-berlin", "Sales office", "Europe/Berlin",
                  tuple(OpenInterval(day, 8 * 60, 18 * 60) for day in _WEEKDAYS)),
    BusinessHours("bh-new-york", "Billing office", "America/New_York",
                  tuple(OpenInterval(day, 9 * 60, 17 * 60) for day in _WEEKDAYS)),
)
_UNITS = (("unit-care", "Customer Care"), ("unit-revenue", "Revenue"))
_DEPARTMENTS = (
    Department("dep-support", "Support", True, "unit-care", "bh-always", 4, None),
    Department("dep-billing", "Billing", True, "unit-care", "bh-new-york", None, "dep-support"),
    Department("dep-sales", "Sales", True, "unit-revenue", "bh-berlin", None, "dep-support"),
    Department("dep-onboarding", "Onboarding", True, "unit-revenue", "bh-always", None, None),
)
_A, _M, _AD = Role.AGENT, Role.MONITOR, Role.ADMIN
_ON, _AWAY = AgentStatus.ONLINE, AgentStatus.AWAY
_STAFF = (
    _Staff("u-ana", "ana", "Ana Souza", (_A,), ("dep-support", "dep-billing"), status=_ON),
    _Staff("u-bo", "bo", "Bo Lindqvist", (_A,), ("dep-support",), status=_ON),
    _Staff("u-chen", "chen", "Chen Wei", (_A,), ("dep-support", "dep-onboarding"), status=_AWAY),
    _Staff("u-dara", "dara", "Dara O'Neill", (_A,), ("dep-billing",), status=_ON, max_chats=3),
    _Staff("u-emil", "emil", "Emil Novak", (_A,), ("dep-sales",), status=_ON),
    _Staff("u-fatima", "fatima", "Fatima Zahra", (_A,), ("dep-sales", "dep-onboarding")),
    _Staff("u-gabe", "gabe", "Gabriel Costa", (_A,), ("dep-support",)),
    _Staff("u-hiro", "hiro", "Hiro Tanaka", (_A,), ("dep-onboarding",), status=_ON),
    _Staff("u-maya", "maya", "Maya Berg", (_M,), units=("unit-care",)),
    _Staff("u-tomas", "tomas", "Tomás Ruiz", (_M, _A), ("dep-sales",), ("unit-revenue",)),
    _Staff("u-sam", "sam", "Sam Okafor", (_AD,)),
)
_DEPARTMENT_TOPICS = {
    "dep-support": (2, 4, 1),
    "dep-billing": (0,),
    "dep-sales": (3,),
    "dep-onboarding": (3, 2),
}
_CANNED = (
    ("dep-support", "hello", "Hello, and thank you for contacting Northwind Support. How can I help?"),
    ("dep-support", "reset", "I have sent you a link to reset your password; it is valid for one hour."),
    ("dep-support", "bye", "Is there anything else I can help you with? Have a good day!"),
    ("dep-billing", "hello", "Hello, this is Northwind Billing. Could you give me your invoice number?"),
    ("dep-billing", "refund", "I have started your refund; it reaches your card within five working days."),
    ("dep-sales", "pricing", "Our plans and prices are at example.com/pricing; I can help you choose."),
)
_CHANNELS = (Channel.WIDGET, Channel.EMAIL, Channel.WHATSAPP, Channel.SMS, Channel.VOICE)


def build_sample_organisation(
    connection: sqlite3.Connection, *, size: SampleSize, seed: int, now: datetime
) -> SampleSummary:
    """Fill an empty database with the sample organisation (one transaction, by the caller)."""
    if size.contacts < 1 or size.messages < 0:
        raise ValueError("a sample needs at least one contact and zero or more messages")
    if not organisation.is_empty(connection):
        raise Refused(
            "This data directory already holds an organisation; it was left untouched. "
            "Use a new --data-dir for a fresh sample.",
            code="organisation-exists",
        )
    rng = random.Random(seed)
    _write_organisation(connection)
    visitors = _write_contacts(connection, rng, size.contacts, now)
    # Messages are numbered in the order they are written; the numbers make their ids.
    # Some of the history happened today, so a monitor's day has figures: its own generator, so
    # the rest of the sample stays what the seed always gave.
    history = _write_history(connection, rng, visitors, size.messages, now,
                             today=random.Random(f"today-{seed}"))
    live_messages, open_chats = _write_open_chats(connection, rng, visitors, now, size.messages + 1)
    routing.count_open_chats(connection)  # written here without routing, which keeps it after
    desk_memory.seen_by_serving_agents(connection)  # the sample's agents have read their chats
    queued = _write_queue(connection, rng, visitors, now, size.messages + live_messages + 1)
    showcase.mark_unknown_and_describe(connection, random.Random(f"contacts-{seed}"))
    added = 0
    if size.people_to_merge:
        added = showcase.add_people_to_merge(
            connection, now, first_message_number=size.messages + live_messages + queued + 1,
            queue_number=queued, sla_minutes=_SLA_MINUTES)
    queued += added
    return SampleSummary(
        people=len(_STAFF), contacts=size.contacts + added, visitors=sum(map(len, visitors)) + 2 * added,
        chats=history + open_chats + queued, messages=size.messages + live_messages + queued,
        queued=queued,
    )


def _write_organisation(connection: sqlite3.Connection) -> None:
    for hours in _BUSINESS_HOURS:
        organisation.insert_business_hours(connection, hours)
    for unit_id, name in _UNITS:
        organisation.insert_unit(connection, unit_id, name)
    for department in _DEPARTMENTS:
        organisation.insert_department(connection, department)
    # Customer Care answers within a quarter of an hour (a default SLA per department is beyond
    # Rocket.Chat, which sets SLAs per room): its waiting inquiries have something to be due by.
    connection.execute("INSERT INTO sla_policies (id, name, description, due_minutes) VALUES (?, ?, ?, ?)",
                       (_SLA_ID, "Quarter hour", "Answer within 15 minutes.", _SLA_MINUTES))
    connection.executemany("UPDATE departments SET sla_id = ? WHERE id = ?",
                           [(_SLA_ID, "dep-support"), (_SLA_ID, "dep-billing")])
    for staff in _STAFF:
        organisation.insert_person(
            connection, Person(staff.id, staff.username, staff.name, frozenset(staff.roles)),
            status=staff.status,
            availability=Availability.AVAILABLE if _A in staff.roles else Availability.NOT_AVAILABLE,
            max_chats=staff.max_chats,
        )
        organisation.add_agent_to_departments(connection, staff.id, staff.departments)
        for unit_id in staff.units:
            organisation.add_unit_monitor(connection, unit_id, staff.id)
    for number, (department_id, shortcut, text) in enumerate(_CANNED):
        canned.save(connection, CannedResponse(f"canned-{number:02d}", shortcut, text, department_id, None))
    for key, value in (
        ("organisation_name", "Northwind Support"),
        ("routing_method", "manual_selection"),
        ("max_chats_per_agent", "5"),
        ("business_hours_enabled", "true"),
        ("default_business_hours_id", "bh-always"),
        # Rocket.Chat lets only managers and monitors transfer by default; Northwind's admin,
        # like many Rocket.Chat admins, lets its agents hand chats over too.
        (SETTING_PREFIX + Permission.TRANSFER_LIVECHAT_GUEST.value,
         "livechat-manager,livechat-monitor,admin,livechat-agent"),
    ):
        organisation.set_setting(connection, key, value)
    organisation.add_tags(connection, sorted({tag for topic in words.TOPICS for tag in topic[4]}
                                             | {"vip", "follow-up", "spam"}))


@dataclass(frozen=True, slots=True)
class _Visitor:
    id: str
    contact_id: str
    name: str
    channel: Channel


def _write_contacts(
    connection: sqlite3.Connection, rng: random.Random, count: int, now: datetime
) -> list[list[_Visitor]]:
    contact_rows: list[tuple[str, str, int]] = []
    visitor_rows: list[tuple[str, str, str, str, str, int, int]] = []
    by_contact: list[list[_Visitor]] = []
    start = now - timedelta(days=730)
    for number in range(count):
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        name = f"{first} {last}"
        contact_id = f"contact-{number:06d}"
        created = to_ms(start + timedelta(minutes=rng.randrange(60 * 24 * 30)))
        contact_rows.append((contact_id, name, created))
        channels = rng.sample(_CHANNELS, k=rng.choice((1, 1, 2, 2, 3)))
        own: list[_Visitor] = []
        for index, channel in enumerate(channels):
            visitor_id = f"visitor-{number:06d}-{index}"
            address = _address(rng, channel, first, last, number)
            verified = channel in (Channel.EMAIL, Channel.WHATSAPP, Channel.SMS) and rng.random() < 0.7
            visitor_rows.append(
                (visitor_id, contact_id, name, channel.value, address, int(verified), created)
            )
            own.append(_Visitor(visitor_id, contact_id, name, channel))
        by_contact.append(own)
    contacts.insert_many(connection, contact_rows, visitor_rows)
    return by_contact


def _address(rng: random.Random, channel: Channel, first: str, last: str, number: int) -> str:
    if channel is Channel.EMAIL:
        local = f"{first}.{last}".lower().replace("'", "")
        return f"{local}{number}@{rng.choice(words.EMAIL_DOMAINS)}"
    if channel in (Channel.SMS, Channel.WHATSAPP, Channel.VOICE):
        # Stored as E.164, as Omnidesk stores every phone (app.contacts.fields.clean_phone).
        return f"+447700{rng.randrange(900000):06d}"
    return f"widget visitor #{number}"


def _agents_by_department() -> dict[str, list[_Staff]]:
    return {
        d.id: [s for s in _STAFF if d.id in s.departments] for d in _DEPARTMENTS
    }


def _conversation(
    rng: random.Random, topic_index: int, length: int
) -> list[tuple[AuthorKind, str]]:
    _topic, openings, follow_ups, replies, _tags = words.TOPICS[topic_index]
    lines: list[tuple[AuthorKind, str]] = [(AuthorKind.VISITOR, _fill(rng, rng.choice(openings)))]
    while len(lines) < length - 2:
        lines.append((AuthorKind.AGENT, rng.choice(replies)))
        lines.append((AuthorKind.VISITOR, _fill(rng, rng.choice(follow_ups))))
    lines.append((AuthorKind.VISITOR, rng.choice(words.CLOSING_VISITOR)))
    lines.append((AuthorKind.AGENT, rng.choice(words.CLOSING_AGENT)))
    return lines[:max(length, 1)]


def _fill(rng: random.Random, line: str) -> str:
    if "{" not in line:
        return line
    return line.format(n=rng.randrange(10_000, 99_999), d=rng.randrange(1, 29))


def _write_history(
    connection: sqlite3.Connection,
    rng: random.Random,
    visitors: list[list[_Visitor]],
    budget: int,
    now: datetime,
    *,
    today: random.Random,
) -> int:
    """Closed chats until `budget` messages are written; some contacts get long histories; one
    in `_TODAY_SHARE` started today (UTC) before the last hour, when there is such a time.
    Each waited in its department's queue until its agent's first reply."""
    staffed = _agents_by_department()
    departments = [d.id for d in _DEPARTMENTS]
    chat_rows: list[tuple[str, str, str, str | None, str, int, int, int, str, str]] = []
    message_rows: list[messages.MessageRow] = []
    span_minutes = 720 * 24 * 60
    waits: list[tuple[str, str | None, int, int, str]] = []
    midnight = datetime.combine(now.date(), time(0), tzinfo=UTC)
    today_minutes = int((now - midnight).total_seconds() // 60) - 60
    written = chat_count = numbered = 0
    while written < budget:
        # Squaring skews picks toward low numbers: a few contacts write very often.
        contact_visitors = visitors[int(len(visitors) * rng.random() ** 2)]
        visitor = rng.choice(contact_visitors)
        department = rng.choice(departments)
        agent = rng.choice(staffed[department])
        topic = rng.choice(_DEPARTMENT_TOPICS[department])
        length = min(budget - written, rng.randint(4, 22))
        chat_id = f"chat-{chat_count:07d}"
        chat_count += 1
        started = now - timedelta(minutes=rng.randrange(60, span_minutes))
        if today_minutes > 0 and today.randrange(_TODAY_SHARE) == 0:
            started = midnight + timedelta(minutes=today.randrange(today_minutes))
        at = to_ms(started)
        answered_at: int | None = None
        for author, text in _conversation(rng, topic, length):
            at += rng.randrange(20_000, 180_000)
            numbered += 1
            message_id = messages.arrival_id(numbered)
            if author is AuthorKind.VISITOR:
                message_rows.append((message_id, chat_id, "visitor", visitor.id, visitor.name, text, at))
            else:
                message_rows.append((message_id, chat_id, "agent", agent.id, agent.name, text, at))
                answered_at = answered_at or at
        waits.append((chat_id, department, to_ms(started), answered_at or at, agent.id))
        written += length
        tags = rng.sample(words.TOPICS[topic][4], k=rng.randint(1, 2))
        chat_rows.append((chat_id, visitor.id, visitor.contact_id, department, agent.id,
                          to_ms(started), at, at + 60_000, rng.choice(words.CLOSE_COMMENTS),
                          tags_to_json(tuple(tags))))
        if len(message_rows) >= _BATCH:
            chats.insert_closed_many(connection, chat_rows)
            messages.insert_many(connection, message_rows)
            supervision.insert_waits(connection, waits)
            chat_rows.clear()
            message_rows.clear()
            waits.clear()
    chats.insert_closed_many(connection, chat_rows)
    messages.insert_many(connection, message_rows)
    supervision.insert_waits(connection, waits)
    return chat_count


def _new_chat(
    connection: sqlite3.Connection, chat_id: str, visitor: _Visitor, department: str | None,
    status: ChatStatus, served_by: str | None, created: datetime,
) -> None:
    chats.insert_chat(connection, Chat(
        id=chat_id, visitor_id=visitor.id, visitor_name=visitor.name, contact_id=visitor.contact_id,
        channel=visitor.channel, department_id=department, status=status, served_by_id=served_by,
        created_at=created, last_message_at=None, closed_at=None, close_comment="", tags=(),
        topic="", transfers=(),
    ))


def _write_open_chats(
    connection: sqlite3.Connection, rng: random.Random, visitors: list[list[_Visitor]],
    now: datetime, first_number: int,
) -> tuple[int, int]:
    """A couple of ongoing chats for agents who are online, so the desk is busy on arrival."""
    written = opened = 0
    for staff in _STAFF:
        if _A not in staff.roles or staff.status is not AgentStatus.ONLINE or staff.id == "u-ana":
            continue
        for _ in range(rng.randint(1, 2)):
            visitor = rng.choice(rng.choice(visitors))
            department = rng.choice(staff.departments)
            chat_id = f"chat-live-{opened:03d}"
            opened += 1
            # Four messages at most 200 s apart end before now.
            started = now - timedelta(minutes=rng.randint(14, 40))
            _new_chat(connection, chat_id, visitor, department, ChatStatus.OPEN, staff.id, started)
            at = started
            answered_at: datetime | None = None
            for author, text in _conversation(rng, rng.choice(_DEPARTMENT_TOPICS[department]), 5)[:4]:
                at += timedelta(seconds=rng.randint(20, 200))
                is_visitor = author is AuthorKind.VISITOR
                messages.add_message(
                    connection, chat_id, message_id=messages.arrival_id(first_number + written),
                    author_kind=author,
                    author_id=visitor.id if is_visitor else staff.id,
                    author_name=visitor.name if is_visitor else staff.name, text=text, sent_at=at,
                )
                answered_at = answered_at or (None if is_visitor else at)
                written += 1
            # It waited in the queue until its agent's first reply.
            supervision.insert_waits(connection, [(chat_id, department, to_ms(started),
                                                   to_ms(answered_at or at), staff.id)])
            # Their last assignment, as routing would have noted it (the monitor shows it).
            connection.execute(
                "UPDATE users SET last_assigned_at = max(coalesce(last_assigned_at, 0), ?) WHERE id = ?",
                (to_ms(started), staff.id))
    return written, opened


_SLA_ID = "sla-quarter-hour"
_SLA_MINUTES = 15


def _write_queue(
    connection: sqlite3.Connection, rng: random.Random, visitors: list[list[_Visitor]],
    now: datetime, first_number: int,
) -> int:
    """Inquiries waiting for an agent, a few minutes old, in every department and the public queue."""
    plan: list[str | None] = [
        *["dep-support"] * 4, *["dep-billing"] * 2, *["dep-sales"] * 2, "dep-onboarding", None,
    ]
    for number, department in enumerate(plan):
        visitor = rng.choice(rng.choice(visitors))
        topics = _DEPARTMENT_TOPICS[department] if department else (4,)
        text = _fill(rng, rng.choice(words.TOPICS[rng.choice(topics)][1]))
        queued_at = now - timedelta(seconds=rng.randint(20, 25 * 60))
        chat_id = f"chat-queued-{number:03d}"
        _new_chat(connection, chat_id, visitor, department, ChatStatus.QUEUED, None, queued_at)
        messages.add_message(connection, chat_id, message_id=messages.arrival_id(first_number + number),
                             author_kind=AuthorKind.VISITOR,
                             author_id=visitor.id, author_name=visitor.name, text=text,
                             sent_at=queued_at)
        chats.insert_inquiry(connection, Inquiry(
            id=f"inquiry-{number:03d}", chat_id=chat_id, visitor_id=visitor.id,
            visitor_name=visitor.name, contact_id=visitor.contact_id, channel=visitor.channel,
            department_id=department, priority=rng.choice(list(Priority)), queued_at=queued_at,
            sla_due_at=queued_at + timedelta(minutes=_SLA_MINUTES)
            if department in ("dep-support", "dep-billing") else None, preview=text,
        ))
    return len(plan)
