"""What the sample shows of contacts: website visitors' contacts are unknown (nobody verified
them), many contacts carry custom fields, one contact was merged with a differing name (a
conflict to settle), and a known customer writes from a new WhatsApp number and waits in
Support's queue: once the agent has checked their email, verifying the channel by it merges
the new contact with the old one."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta

from app.domain import Channel, Chat, ChatStatus, Inquiry, Priority, Visitor
from app.domain.message import AuthorKind
from app.store import chats, contact_merge, contacts, messages

_PLANS = ("free", "team", "business")
RETURNING_PREVIEW = ("Hi, writing from my new phone. Same invoice as last week: has the refund "
                     "gone through yet? My email is the one on my account.")


def mark_unknown_and_describe(connection: sqlite3.Connection, rng: random.Random) -> None:
    """Contacts reached only through the website widget were made from a visitor and never
    verified: Rocket.Chat's `unknown`. About a third of contacts have a plan and customer id."""
    connection.execute(
        "UPDATE contacts SET unknown = 1 WHERE NOT EXISTS (SELECT 1 FROM visitors v "
        "WHERE v.contact_id = contacts.id AND (v.channel != 'widget' OR v.verified = 1))")
    ids = [row[0] for row in connection.execute("SELECT id FROM contacts ORDER BY id")]
    connection.executemany(
        "UPDATE contacts SET custom_fields = json_object('plan', ?, 'customer_id', ?) WHERE id = ?",
        [(rng.choice(_PLANS), f"NW-{rng.randrange(10_000, 99_999)}", contact_id)
         for contact_id in ids if rng.random() < 0.35])


def _verified_email_owners(connection: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(contact id, contact name, verified email) of contacts with one verified email."""
    return [(row[0], row[1], row[2]) for row in connection.execute(
        "SELECT c.id, c.name, min(v.verified_value) FROM contacts c JOIN visitors v ON v.contact_id = c.id "
        "WHERE v.verified = 1 AND v.verified_field = 'email' GROUP BY c.id ORDER BY c.id")]


def _short(name: str) -> str:
    first, _, last = name.partition(" ")
    return f"{first} {last[:1]}." if last else f"{first}."


def add_people_to_merge(connection: sqlite3.Connection, now: datetime, *, first_message_number: int,
                        queue_number: int, sla_minutes: int) -> int:
    """The merged contact with a name conflict, and the returning visitor in the queue.
    Returns how many inquiries were added (one, or none when no contact has a verified email)."""
    owners = _verified_email_owners(connection)
    if len(owners) < 2:
        return 0
    (kept_id, kept_name, kept_email), (_, returning_name, _) = owners[0], owners[1]

    # Someone wrote by SMS as "Ana S." with another plan, then proved the same email: merged.
    twin_id = "contact-twin-000"
    contacts.insert_contact(connection, twin_id, _short(kept_name), now - timedelta(days=40))
    connection.execute("UPDATE contacts SET custom_fields = json_object('plan', 'business') WHERE id = ?",
                       (twin_id,))
    contacts.insert_visitor(connection, Visitor("visitor-twin-000", _short(kept_name), Channel.SMS,
                                                "+447700900123", twin_id, now - timedelta(days=40)),
                            verified=False)
    contacts.add_address(connection, twin_id, "phone", "+447700900123")
    contacts.verify_visitor(connection, "visitor-twin-000", "email", kept_email, now - timedelta(days=3))
    contact_merge.merge_into(connection, kept_id, [twin_id], at=now - timedelta(days=3),
                             actor=("u-ana", "Ana Souza"),
                             why=f"they hold the same verified email {kept_email}")

    # A known customer (the second owner of a verified email) on a new WhatsApp number: a new
    # contact until the agent verifies them by that email.
    visitor = Visitor("visitor-returning-000", _short(returning_name), Channel.WHATSAPP,
                      "+447700900456", "contact-returning-000", now - timedelta(minutes=6))
    contacts.insert_contact(connection, visitor.contact_id, visitor.name, visitor.created_at,
                            unknown=True)
    contacts.insert_visitor(connection, visitor, verified=False)
    chat_id, queued_at = f"chat-queued-{queue_number:03d}", now - timedelta(minutes=5)
    chats.insert_chat(connection, Chat(
        id=chat_id, visitor_id=visitor.id, visitor_name=visitor.name, contact_id=visitor.contact_id,
        channel=visitor.channel, department_id="dep-support", status=ChatStatus.QUEUED,
        served_by_id=None, created_at=queued_at, last_message_at=None, closed_at=None,
        close_comment="", tags=(), topic="", transfers=()))
    messages.add_message(connection, chat_id, message_id=messages.arrival_id(first_message_number),
                         author_kind=AuthorKind.VISITOR, author_id=visitor.id,
                         author_name=visitor.name, text=RETURNING_PREVIEW, sent_at=queued_at)
    chats.insert_inquiry(connection, Inquiry(
        id=f"inquiry-{queue_number:03d}", chat_id=chat_id, visitor_id=visitor.id,
        visitor_name=visitor.name, contact_id=visitor.contact_id, channel=visitor.channel,
        department_id="dep-support", priority=Priority.NOT_SPECIFIED, queued_at=queued_at,
        sla_due_at=queued_at + timedelta(minutes=sla_minutes), preview=RETURNING_PREVIEW))
    return 1
