"""The server's desk kept in the store: what the sync writes, read back by the desk's own queries."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import policy
from app.backends.rocketchat import cache, changes
from app.domain import (
    Agent,
    AgentStatus,
    Availability,
    Channel,
    Chat,
    ChatStatus,
    Department,
    Inquiry,
    Message,
    Priority,
    Unit,
)
from app.domain.message import AuthorKind
from app.store import Database, chats, messages, organisation

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = Database.open(tmp_path / "server-cache.sqlite3")
    yield opened
    opened.close()


def a_chat(chat_id: str = "room-1", *, status: ChatStatus = ChatStatus.OPEN,
           served_by: str | None = "agent-1", department: str | None = "dep-1", at: datetime = T0,
           tags: tuple[str, ...] = ()) -> Chat:
    return Chat(id=chat_id, visitor_id="guest-1", visitor_name="Lena Park", contact_id="contact-1",
                channel=Channel.WIDGET, department_id=department, status=status, served_by_id=served_by,
                created_at=at, last_message_at=None, closed_at=at + timedelta(hours=1)
                if status is ChatStatus.CLOSED else None, close_comment="", tags=tags, topic="",
                transfers=())


def an_inquiry(inquiry_id: str = "inq-1", chat_id: str = "room-1", *,
               preview: str = "Where is my parcel?") -> Inquiry:
    return Inquiry(id=inquiry_id, chat_id=chat_id, visitor_id="guest-1", visitor_name="Lena Park",
                   contact_id="contact-1", channel=Channel.WIDGET, department_id="dep-1",
                   priority=Priority.HIGH,
                   queued_at=T0, sla_due_at=None, preview=preview)


def a_message(message_id: str, text: str, *, at: datetime, chat_id: str = "room-1",
              kind: AuthorKind = AuthorKind.VISITOR, edited_at: datetime | None = None) -> Message:
    author = ("guest-1", "Lena Park") if kind is AuthorKind.VISITOR else ("agent-1", "Bo Lind")
    return Message(id=message_id, chat_id=chat_id, author_kind=kind, author_id=author[0],
                   author_name=author[1], text=text, sent_at=at, edited_at=edited_at,
                   edited_by="guest-1" if edited_at else None)


def agent(agent_id: str = "agent-1", *, departments: tuple[str, ...] = ("dep-1",)) -> Agent:
    return Agent(id=agent_id, username="bo", name="Bo Lind", status=AgentStatus.ONLINE,
                 availability=Availability.AVAILABLE, max_chats=4, department_ids=departments)


def dump(connection: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    tables = ("users", "departments", "department_agents", "units", "unit_monitors", "contacts", "visitors",
              "chats", "inquiries", "messages", "server_sync")
    return {table: connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in tables}


def test_a_chat_served_by_an_unknown_agent_is_kept_and_the_agent_named_later(database: Database) -> None:
    database.write_now(lambda c: cache.keep_chat(c, a_chat()))
    served = database.read_now(lambda c: chats.active_chats_served_by(c, "agent-1"))
    assert [summary.id for summary in served] == ["room-1"]

    database.write_now(lambda c: cache.keep_agents(c, [agent()]))
    kept = database.read_now(lambda c: organisation.agent(c, "agent-1"))
    assert (kept.username, kept.name, kept.availability, kept.department_ids) == (
        "bo", "Bo Lind", Availability.AVAILABLE, ("dep-1",))


def test_an_inquiry_waits_in_its_departments_queue_until_the_room_is_taken(database: Database) -> None:
    database.write_now(lambda c: cache.keep_agents(c, [agent()]))
    database.write_now(lambda c: cache.keep_inquiry(c, an_inquiry()))
    bo = database.read_now(lambda c: organisation.principal(c, "agent-1"))
    waiting = database.read_now(lambda c: chats.queued_inquiries(c, policy.scope_of(bo)))
    assert [(i.id, i.preview, i.priority) for i in waiting] == [
        ("inq-1", "Where is my parcel?", Priority.HIGH)]

    database.write_now(lambda c: cache.keep_chat(c, a_chat(status=ChatStatus.OPEN)))
    assert database.read_now(lambda c: chats.queued_inquiries(c, policy.scope_of(bo))) == []
    served = database.read_now(lambda c: chats.active_chats_served_by(c, "agent-1"))
    assert [summary.id for summary in served] == ["room-1"]


def test_a_message_kept_twice_is_kept_once_and_an_edit_replaces_its_text(database: Database) -> None:
    database.write_now(lambda c: cache.keep_chat(c, a_chat()))
    first = a_message("m-1", "Hello, my parcel is late", at=T0 + timedelta(minutes=1))
    assert database.write_now(lambda c: cache.keep_message(c, first)) == cache.Kept(new=True, changed=True)
    assert database.write_now(lambda c: cache.keep_message(c, first)) == cache.Kept(new=False, changed=False)

    edited = a_message("m-1", "Hello, my parcel is very late", at=T0 + timedelta(minutes=1),
                       edited_at=T0 + timedelta(minutes=2))
    assert database.write_now(lambda c: cache.keep_message(c, edited)) == cache.Kept(new=False, changed=True)
    page = database.read_now(lambda c: messages.page(c, "room-1"))
    assert [(m.id, m.text, m.edited_at) for m in page.messages] == [
        ("m-1", "Hello, my parcel is very late", T0 + timedelta(minutes=2))]
    counted = database.read_now(lambda c: c.execute(
        "SELECT message_count, last_message FROM chats WHERE id = 'room-1'").fetchone())
    assert counted == (1, "Hello, my parcel is late")  # counted once; the preview is the first text


def test_a_late_older_message_does_not_replace_the_chats_preview(database: Database) -> None:
    database.write_now(lambda c: cache.keep_chat(c, a_chat()))
    newest = a_message("m-2", "newest", at=T0 + timedelta(minutes=5))
    older = a_message("m-1", "older", at=T0 + timedelta(minutes=1))
    database.write_now(lambda c: cache.keep_message(c, newest))
    database.write_now(lambda c: cache.keep_message(c, older))
    row = database.read_now(lambda c: c.execute(
        "SELECT message_count, last_message, last_message_at FROM chats WHERE id = 'room-1'").fetchone())
    assert row[:2] == (2, "newest")


def test_a_message_of_a_chat_this_desk_does_not_keep_is_ignored(database: Database) -> None:
    stray = a_message("m-9", "not ours", at=T0, chat_id="room-elsewhere")
    assert database.write_now(lambda c: cache.keep_message(c, stray)) == cache.Kept(new=False, changed=False)
    assert database.read_now(lambda c: c.execute("SELECT count(*) FROM messages").fetchone()[0]) == 0


def test_kept_messages_are_found_by_the_desk_search(database: Database) -> None:
    database.write_now(lambda c: cache.keep_agents(c, [agent()]))
    database.write_now(lambda c: cache.keep_chat(c, a_chat()))
    lost = a_message("m-1", "The courier lost the parcel", at=T0)
    database.write_now(lambda c: cache.keep_message(c, lost))
    bo = database.read_now(lambda c: organisation.principal(c, "agent-1"))
    query = messages.fts_query("courier")
    assert query is not None
    hits = database.read_now(lambda c: messages.search(c, query, scope=policy.scope_of(bo), limit=10))
    assert [hit.message.id for hit in hits] == ["m-1"]


def test_a_complete_department_list_removes_those_the_server_no_longer_has(database: Database) -> None:
    support = Department("dep-1", "Support", True, None, None, None, None)
    sales = Department("dep-2", "Sales", True, None, None, 3, None)
    database.write_now(lambda c: cache.keep_departments(c, [support, sales], complete=True))
    database.write_now(lambda c: cache.keep_chat(c, a_chat(department="dep-2", status=ChatStatus.CLOSED)))
    database.write_now(lambda c: cache.keep_departments(c, [support], complete=True))
    assert [d.name for d in database.read_now(organisation.departments)] == ["Support"]
    # The chat keeps its history, without the department that is gone.
    assert database.read_now(lambda c: chats.chat(c, "room-1")).department_id is None


def test_units_point_their_departments_back_and_name_their_monitors(database: Database) -> None:
    database.write_now(lambda c: cache.keep_departments(c, [Department("dep-1", "Support", True, None, None,
                                                                       None, None)]))
    database.write_now(lambda c: cache.keep_units(c, [Unit("unit-1", "Europe", ("dep-1",), ("monitor-1",))]))
    units = database.read_now(organisation.units)
    assert [(u.id, u.department_ids, u.monitor_ids) for u in units] == [
        ("unit-1", ("dep-1",), ("monitor-1",))]


def test_keeping_the_same_payloads_again_changes_nothing(database: Database) -> None:
    def keep_all(connection: sqlite3.Connection) -> None:
        cache.keep_departments(connection, [Department("dep-1", "Support", True, None, None, None, None)])
        cache.keep_agents(connection, [agent()])
        cache.keep_inquiry(connection, an_inquiry("inq-2", "room-2"))
        cache.keep_chat(connection, a_chat(tags=("delivery",)))
        cache.keep_message(connection, a_message("m-1", "Hello", at=T0))
        cache.keep_message(connection, a_message("m-2", "Hi, Bo here", at=T0 + timedelta(seconds=30),
                                                 kind=AuthorKind.AGENT))
        cache.mark_update(connection, "rooms", T0 + timedelta(minutes=1))

    database.write_now(keep_all)
    once = database.read_now(dump)
    database.write_now(keep_all)
    assert database.read_now(dump) == once


def test_the_sync_mark_never_moves_back(database: Database) -> None:
    assert database.read_now(lambda c: cache.last_update(c, "rooms")) is None
    database.write_now(lambda c: cache.mark_update(c, "rooms", T0 + timedelta(minutes=5)))
    database.write_now(lambda c: cache.mark_update(c, "rooms", T0))  # a late answer
    assert database.read_now(lambda c: cache.last_update(c, "rooms")) == T0 + timedelta(minutes=5)


def test_messages_written_offline_wait_in_order_and_leave_once_sent(database: Database) -> None:
    database.write_now(lambda c: cache.keep_chat(c, a_chat()))
    written = [a_message(f"m-{n}", f"reply {n}", at=T0 + timedelta(seconds=n), kind=AuthorKind.AGENT)
               for n in range(3)]
    def queue_all(connection: sqlite3.Connection) -> None:
        for message in written:
            cache.queue_message(connection, message)

    database.write_now(queue_all)
    # Shown in the chat at once, in the order written.
    page = database.read_now(lambda c: messages.page(c, "room-1"))
    assert [(m.id, m.pending) for m in page.messages] == [("m-0", True), ("m-1", True), ("m-2", True)]
    assert [o.message_id for o in database.read_now(cache.outgoing)] == ["m-0", "m-1", "m-2"]

    database.write_now(lambda c: cache.note_try(c, "m-0"))
    database.write_now(lambda c: cache.sent(c, "m-0", at=T0 + timedelta(minutes=1)))
    database.write_now(lambda c: cache.refused(c, "m-1", "error-room-closed"))
    assert [(o.message_id, o.tries) for o in database.read_now(cache.outgoing)] == [("m-2", 0)]
    taken = database.read_now(lambda c: messages.message_by_id(c, "m-0"))
    assert (taken.sent_at, taken.pending) == (T0 + timedelta(minutes=1), False)


def test_queueing_a_message_id_twice_is_refused_and_keeps_one(database: Database) -> None:
    database.write_now(lambda c: cache.keep_chat(c, a_chat()))
    message = a_message("m-1", "once", at=T0, kind=AuthorKind.AGENT)
    database.write_now(lambda c: cache.queue_message(c, message))
    with pytest.raises(ValueError):
        database.write_now(lambda c: cache.queue_message(c, message))
    assert len(database.read_now(cache.outgoing)) == 1


def test_a_chat_reads_in_the_order_messages_were_sent_not_the_order_they_arrived(
        database: Database) -> None:
    # A catch-up after a gap brings older messages after newer ones; the same instant keeps arrival.
    database.write_now(lambda c: cache.keep_chat(c, a_chat()))
    arrivals = [a_message("m3", "third", at=T0 + timedelta(seconds=3)),
                a_message("m1", "first", at=T0 + timedelta(seconds=1)),
                a_message("m2a", "second a", at=T0 + timedelta(seconds=2)),
                a_message("m2b", "second b", at=T0 + timedelta(seconds=2))]
    database.write_now(lambda c: [cache.keep_message(c, m) for m in arrivals])
    page = database.read_now(lambda c: messages.page(c, "room-1"))
    assert [m.id for m in page.messages] == ["m1", "m2a", "m2b", "m3"]
    newest = database.read_now(lambda c: messages.page(c, "room-1", limit=2))
    assert [m.id for m in newest.messages] == ["m2b", "m3"]
    older = database.read_now(lambda c: messages.page(c, "room-1", before=newest.older, limit=2))
    assert [m.id for m in older.messages] == ["m1", "m2a"] and older.older is None


def _arrival(ids: tuple[str, str], text: str, minute: int, edited: bool, deleted: bool) -> Message:
    message_id, chat_id = ids  # a message belongs to one room, as in Rocket.Chat
    later = T0 + timedelta(minutes=9)
    return Message(id=message_id, chat_id=chat_id, author_kind=AuthorKind.VISITOR, author_id="guest-1",
                   author_name="Lena Park", text="" if deleted else text,
                   sent_at=T0 + timedelta(minutes=minute), edited_at=later if edited else None,
                   edited_by="guest-1" if edited else None, deleted_at=later if deleted else None)


arrival_batches = st.lists(st.builds(
    _arrival, st.sampled_from([("m-1", "room-1"), ("m-2", "room-1"), ("m-3", "room-2"), ("m-4", "room-2"),
                               ("m-5", "room-elsewhere")]),
    st.sampled_from(["Hello", "Hello again", ""]), st.integers(0, 3), st.booleans(), st.booleans()),
    max_size=10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=arrival_batches)
def test_a_batch_of_messages_is_kept_as_if_each_had_been_kept_in_turn(
        database: Database, batch: list[Message]) -> None:
    """A room's history or a stream's pending messages are kept together (each chat's row updated
    once): the outcomes, the rows and the events are those of keeping each message alone, in
    order, whatever the mix of new ones, repeats, edits, deletions, ties, late older ones and
    messages of a chat not kept here."""
    def start(connection: sqlite3.Connection) -> None:
        cache.keep_chat(connection, a_chat("room-1"))
        cache.keep_chat(connection, a_chat("room-2", department="dep-2"))
        cache.keep_message(connection, a_message("m-1", "Hello", at=T0 + timedelta(minutes=2)))

    if database.read_now(lambda c: cache.chat_kept(c, "room-1")) is False:
        database.write_now(start)

    def compare(connection: sqlite3.Connection) -> None:
        def tried(work: Callable[[], object]) -> tuple[object, object]:
            connection.execute("SAVEPOINT attempt")
            try:
                return work(), dump(connection)
            finally:
                connection.execute("ROLLBACK TO attempt")
                connection.execute("RELEASE attempt")

        assert tried(lambda: cache.keep_messages(connection, batch)) == tried(
            lambda: [cache.keep_message(connection, message) for message in batch])
        assert tried(lambda: changes.messages_arrived(connection, batch)) == tried(
            lambda: [event for message in batch for event in changes.message_arrived(connection, message)])

    database.write_now(compare)
