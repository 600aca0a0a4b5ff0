"""What each user's desk remembers in the store: drafts, read positions, announced inquiries (per
user, through the embedded backend), and a queued web chat's preview filled by its first words."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator

import pytest

from app.backends.contract import DeskMemory
from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.domain import Inquiry
from app.errors import InvalidInput, NotAllowed
from app.store import Database, desk_memory
from app.store.migrations import _DESK_MEMORY, MIGRATIONS

# The columns the routing-facts migration (after this one) adds.
_ROUTING_FACTS = (("inquiries", "arrived_at"), ("inquiries", "auto_transferred"),
                  ("routing_chats", "arrived_at"), ("routing_chats", "auto_transferred"),
                  ("routing_chats", "waiting_response"))

TOKEN = "d" * 32


@pytest.fixture
async def engine(database: Database, clock: ManualClock) -> AsyncIterator[EmbeddedEngine]:
    made = EmbeddedEngine(database, clock, run_timers=False)
    yield made
    await made.aclose()


async def test_the_embedded_backend_is_a_desk_memory(engine: EmbeddedEngine) -> None:
    bo = await engine.sign_in("bo")
    assert isinstance(bo, DeskMemory)
    await bo.aclose()


async def test_drafts_are_their_writers_own_and_only_in_chats_they_serve(engine: EmbeddedEngine) -> None:
    bo, ana = await engine.sign_in("bo"), await engine.sign_in("ana")
    mine = (await bo.my_chats())[0]
    await bo.save_draft(mine.id, "Half a reply")
    await bo.save_draft(mine.id, "Half a reply, longer")
    assert await bo.drafts() == {mine.id: "Half a reply, longer"}
    assert await ana.drafts() == {}
    with pytest.raises(NotAllowed):
        await ana.save_draft(mine.id, "not my chat")
    await ana.save_draft(mine.id, "")  # forgetting one's own (none here) always works
    assert await bo.drafts() == {mine.id: "Half a reply, longer"}
    await bo.save_draft(mine.id, "   \n")  # blank: forgotten
    assert await bo.drafts() == {}
    with pytest.raises(InvalidInput):
        await bo.save_draft(mine.id, "x" * (4 * 65_536 + 1))
    await bo.save_draft(mine.id, "x" * 70_000)  # longer than a message may be: still kept
    await bo.close_chat(mine.id)
    assert await bo.drafts() == {}  # a closed chat's draft is out of sight
    await bo.aclose()
    await ana.aclose()


async def test_sending_forgets_the_senders_draft_in_the_same_write(engine: EmbeddedEngine) -> None:
    bo = await engine.sign_in("bo")
    mine = (await bo.my_chats())[0]
    await bo.save_draft(mine.id, "On its way")
    await bo.send_message(mine.id, "On its way")
    assert await bo.drafts() == {}
    await bo.save_draft(mine.id, "Next reply")
    await engine.post_visitor_message(mine.id, "Thanks!")  # the visitor writing keeps it
    assert await bo.drafts() == {mine.id: "Next reply"}
    await bo.aclose()


async def test_unread_is_counted_from_the_read_position_and_survives_a_restart(
    engine: EmbeddedEngine, database: Database, clock: ManualClock
) -> None:
    bo = await engine.sign_in("bo")
    chat = (await bo.my_chats())[0]
    assert await bo.unread_counts() == {}  # the sample's agents have read their chats
    first = await engine.post_visitor_message(chat.id, "Hello?")
    await bo.send_message(chat.id, "Hi, one moment")  # an agent's message is not unread
    await engine.post_visitor_message(chat.id, "Thanks")
    assert await bo.unread_counts() == {chat.id: 2}
    await bo.mark_read(chat.id, first.id)
    assert await bo.unread_counts() == {chat.id: 1}
    await bo.aclose()
    await engine.aclose()
    restarted = EmbeddedEngine(database, clock, run_timers=False)
    again = await restarted.sign_in("bo")
    assert await again.unread_counts() == {chat.id: 1}
    page = await again.messages(chat.id)
    await again.mark_read(chat.id, page.messages[-1].id)
    await again.mark_read(chat.id, first.id)  # an older position never moves it back
    assert await again.unread_counts() == {}
    await again.aclose()
    await restarted.aclose()


async def test_a_chat_never_opened_counts_every_visitor_message(engine: EmbeddedEngine) -> None:
    bo = await engine.sign_in("bo")
    inquiry = await engine.open_chat(visitor_id="visitor-000004-0", text="First", department_id="dep-support")
    await engine.post_visitor_message(inquiry.chat_id, "Second")
    taken = await bo.take(inquiry.id)
    assert (await bo.unread_counts())[taken.id] == 2
    await bo.aclose()


async def test_announced_inquiries_are_remembered_per_user_until_they_leave_the_queue(
    engine: EmbeddedEngine,
) -> None:
    bo, ana = await engine.sign_in("bo"), await engine.sign_in("ana")
    inquiry = await engine.open_chat(visitor_id="visitor-000004-0", text="Hi", department_id="dep-support")
    assert await bo.announced([inquiry.id]) == set()
    await bo.mark_announced([inquiry.id, "no-such-inquiry"])
    assert await bo.announced([inquiry.id, "no-such-inquiry"]) == {inquiry.id}
    assert await ana.announced([inquiry.id]) == set()
    await bo.take(inquiry.id)
    assert await bo.announced([inquiry.id]) == set()  # gone with the inquiry
    await bo.aclose()
    await ana.aclose()


async def test_a_web_chat_queued_before_its_first_words_takes_them_as_preview(engine: EmbeddedEngine) -> None:
    await engine.visitors.register(TOKEN, name="Lena Park")
    room = await engine.visitors.start_room(TOKEN, department_id="dep-support")
    bo = await engine.sign_in("bo")

    def preview(queue: list[Inquiry]) -> str:
        return next(i.preview for i in queue if i.chat_id == room.id)

    found = preview(await bo.queue())
    assert found == "" and next(i for i in await bo.queue() if i.chat_id == room.id).shown_preview == (
        "Waiting for their first message")
    await engine.visitors.send(TOKEN, room.id, "My parcel never arrived")
    await engine.visitors.send(TOKEN, room.id, "Order 1234")
    assert preview(await bo.queue()) == "My parcel never arrived"
    await bo.aclose()


def test_upgrading_marks_open_chats_read_up_to_their_last_message(database: Database) -> None:
    def downgrade(connection: object) -> None:
        import sqlite3

        assert isinstance(connection, sqlite3.Connection)
        # A server's configuration changes (the last migration's), the server cache's tables, then
        # the search's indexes (one holds the kind column, dropped below).
        connection.execute("DROP TABLE server_config_applied")
        connection.execute("DROP INDEX messages_by_chat_time")  # the messages' order
        connection.execute("DROP TABLE outbox")
        connection.execute("DROP TABLE server_sync")
        connection.execute("DROP INDEX messages_search_facts")
        connection.execute("DROP INDEX chats_search_scope")
        connection.execute("DROP TABLE drafts")
        connection.execute("DROP TABLE read_positions")
        connection.execute("DROP TABLE announced_inquiries")
        # ... and what later migrations added, so that they run again on top: the website chat's,
        connection.execute("DROP INDEX visitors_by_phone")
        added = (("messages", "edited_at"), ("messages", "edited_by"), ("messages", "deleted_at"),
                 ("visitors", "phone"), ("visitors", "custom_fields"))
        for table, column in added:
            connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        connection.execute("ALTER TABLE users DROP COLUMN status_default")  # the next migrations'
        for table, column in _ROUTING_FACTS:
            connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        # ... and message kinds' (the one after).
        connection.execute("DROP TABLE attachments")
        connection.execute("DROP TRIGGER messages_kind_on_insert")
        connection.execute("DROP TRIGGER messages_kind_on_update")
        connection.execute("ALTER TABLE messages DROP COLUMN kind")
        connection.execute(f"PRAGMA user_version = {MIGRATIONS.index(_DESK_MEMORY)}")

    path = database.path
    database.write_now(downgrade)
    database.close()
    upgraded = Database.open(path)
    try:
        served = upgraded.read_now(lambda c: c.execute(
            "SELECT count(*) FROM chats WHERE served_by IS NOT NULL AND status IN ('open', 'on_hold') "
            "AND message_count > 0").fetchone()[0])
        positions = upgraded.read_now(
            lambda c: c.execute("SELECT count(*) FROM read_positions").fetchone()[0])
        assert served > 0 and positions == served
        agents = upgraded.read_now(lambda c: [r[0] for r in c.execute(
            "SELECT DISTINCT served_by FROM chats WHERE served_by IS NOT NULL")])
        for agent_id in agents:
            counts = upgraded.read_now(functools.partial(desk_memory.unread_counts, user_id=agent_id))
            assert counts == {}
    finally:
        upgraded.close()
