"""The visitor side: a token reaches only its own chats; contacts link on verified addresses."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator

import pytest

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.domain import ChatStatus, ContactDraft
from app.errors import InvalidInput, NotAllowed, NotFound
from app.store import Database, contacts

TOKEN_A = "a" * 32
TOKEN_B = "b" * 32


@pytest.fixture
async def engine(database: Database, clock: ManualClock) -> AsyncIterator[EmbeddedEngine]:
    made = EmbeddedEngine(database, clock, run_timers=False)
    yield made
    await made.aclose()


async def test_a_new_visitor_becomes_a_contact_and_a_returning_token_is_the_same_visitor(
    engine: EmbeddedEngine, database: Database
) -> None:
    first = await engine.visitors.register(TOKEN_A, name="Lena  Park", email="lena@example.com")
    again = await engine.visitors.register(TOKEN_A, name="Lena Park", email="lena@example.com")
    assert first.id == again.id and again.name == "Lena Park"
    contact = await database.read(lambda c: contacts.contact(c, first.contact_id))
    assert [(ch.channel.value, ch.address, ch.verified) for ch in contact.channels] == [
        ("widget", "lena@example.com", False)]


async def test_typing_a_customers_verified_email_never_joins_their_contact(
    engine: EmbeddedEngine, database: Database
) -> None:
    def verified_email(connection: sqlite3.Connection) -> tuple[str, str]:
        row = connection.execute(
            "SELECT contact_id, address FROM visitors WHERE verified = 1 AND channel = 'email' LIMIT 1"
        ).fetchone()
        return str(row[0]), str(row[1])

    contact_id, address = await database.read(verified_email)
    visitor = await engine.visitors.register(TOKEN_A, name="Someone Else", email=address.upper())
    # A new unknown contact: only an agent's verification may merge it with the customer's.
    assert visitor.contact_id != contact_id
    assert (await database.read(lambda c: contacts.contact(c, visitor.contact_id))).unknown
    assert await database.read(lambda c: contacts.conflicts(c, contact_id)) == []


async def test_a_visitor_joins_a_contact_made_by_hand_for_their_email_and_a_new_name_is_a_conflict(
    engine: EmbeddedEngine, database: Database
) -> None:
    ana = await engine.sign_in("ana")
    made = await ana.save_contact(ContactDraft(name="Rita Moreno", emails=("rita@example.com",)))
    visitor = await engine.visitors.register(TOKEN_A, name="Rita M.", email="RITA@example.com")
    assert visitor.contact_id == made.contact.id
    assert await database.read(lambda c: contacts.conflicts(c, made.contact.id)) == [("name", "Rita M.")]
    # Once it has a channel, the next visitor typing that email is someone new again.
    other = await engine.visitors.register(TOKEN_B, name="Rita M.", email="rita@example.com")
    assert other.contact_id != made.contact.id


async def test_rooms_messages_and_history_belong_to_the_token(engine: EmbeddedEngine) -> None:
    await engine.visitors.register(TOKEN_A, name="Ann")
    await engine.visitors.register(TOKEN_B, name="Ben")
    room = await engine.visitors.start_room(TOKEN_A, department_id="dep-support")
    assert (await engine.visitors.start_room(TOKEN_A)).id == room.id  # one going chat at a time
    await engine.visitors.send(TOKEN_A, room.id, "Hello there")
    with pytest.raises(NotAllowed):
        await engine.visitors.send(TOKEN_B, room.id, "let me in")
    with pytest.raises(NotAllowed):
        await engine.visitors.history(TOKEN_B, room.id)
    with pytest.raises(NotAllowed):
        await engine.visitors.history(TOKEN_B, "no-such-chat")  # same answer as "not yours"
    history = await engine.visitors.history(TOKEN_A, room.id)  # newest first, as Rocket.Chat's
    assert [(m.text, m.from_visitor, m.kind) for m in history] == [
        ("Hello there", True, ""), ("", True, "livechat-started")]


async def test_agents_replies_reach_the_visitor_but_internal_notes_do_not(engine: EmbeddedEngine) -> None:
    await engine.visitors.register(TOKEN_A, name="Ann")
    room = await engine.visitors.start_room(TOKEN_A, department_id="dep-support")
    ana = await engine.sign_in("ana")
    queued = next(i for i in await ana.queue() if i.chat_id == room.id)
    await ana.take(queued.id)  # writes "Ana Souza joined the chat." (a system note)
    await ana.send_message(room.id, "Hi Ann, how can I help?")
    history = await engine.visitors.history(TOKEN_A, room.id)
    written = [(m.author_name, m.text) for m in history if not m.kind]
    assert written == [("Ana Souza", "Hi Ann, how can I help?")]
    agent = await engine.visitors.agent(TOKEN_A, room.id)
    assert agent is not None and agent.name == "Ana Souza"
    await ana.aclose()


async def test_closing_from_the_widget_ends_a_queued_or_served_chat(engine: EmbeddedEngine) -> None:
    await engine.visitors.register(TOKEN_A, name="Ann")
    queued = await engine.visitors.start_room(TOKEN_A, department_id="dep-support")
    await engine.visitors.close(TOKEN_A, queued.id)
    assert await engine.visitors.current_room(TOKEN_A) is None
    ana = await engine.sign_in("ana")
    assert queued.id not in {i.chat_id for i in await ana.queue()}
    served = await engine.visitors.start_room(TOKEN_A, department_id="dep-support")
    await ana.take(next(i for i in await ana.queue() if i.chat_id == served.id).id)
    await engine.visitors.close(TOKEN_A, served.id)
    assert (await ana.chat(served.id)).status is ChatStatus.CLOSED
    assert served.id not in {c.id for c in await ana.my_chats()}
    await ana.aclose()


async def test_bad_tokens_and_unknown_visitors_are_refused(engine: EmbeddedEngine) -> None:
    for token in ("", "x" * 300, "spaces are not allowed!!", "tab\there", 42):
        with pytest.raises(InvalidInput):
            await engine.visitors.register(token, name="X")  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        await engine.visitors.start_room(TOKEN_B)
    with pytest.raises(InvalidInput):
        await engine.visitors.register(TOKEN_A, name="X", email="not an email")
    await engine.visitors.register(TOKEN_A, name="X")
    with pytest.raises(NotFound):
        await engine.visitors.start_room(TOKEN_A, department_id="dep-nowhere")
