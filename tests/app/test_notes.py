"""Internal notes, the visitor's context and the Away status on the embedded desk: who may write a
note, that no visitor path ever carries one (over real loopback HTTP and WebSocket DDP), what the
widget's page visits leave for the agents, and that routing skips away agents when told to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from app.backends.embedded import EmbeddedEngine
from app.backends.events import AgentStatusChanged, MessageAdded
from app.clock import ManualClock
from app.domain import AgentStatus, AuthorKind, Availability, ChatStatus
from app.errors import InvalidInput, NotAllowed, Refused
from app.intake import IntakeServer, IntakeSettings
from app.policy import Action
from app.store import Database, chats, messages, organisation
from tests.app.configure import configure
from tests.app.intake_fixtures import API, TOKEN_A, Ddp, ddp_for, visitor_with_room
from tests.contract.events import delivered_so_far, next_event

CHROME_ON_LINUX = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "Chrome/124.0.0.0 Safari/537.36")
SECRET = "Internal: the visitor's refund was refused twice, be careful"


@pytest.fixture
async def intake(database: Database, clock: ManualClock) -> AsyncIterator[IntakeServer]:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    server = IntakeServer(engine, IntakeSettings(port=0, request_burst=500, message_burst=20))
    await server.start()
    yield server
    await server.stop()
    await engine.aclose()


@pytest.fixture
async def http(intake: IntakeServer) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=intake.url, headers={"User-Agent": CHROME_ON_LINUX}) as session:
        yield session


@pytest.fixture
async def engine(database: Database, clock: ManualClock) -> AsyncIterator[EmbeddedEngine]:
    made = EmbeddedEngine(database, clock, run_timers=False)
    yield made
    await made.aclose()


def _pushed_texts(frames: list[dict[str, Any]]) -> list[str]:
    return [str(arg.get("msg", "")) for frame in frames if frame.get("collection") == "stream-room-messages"
            for arg in frame["fields"]["args"]]


async def _page_visited(http: aiohttp.ClientSession, title: str, href: str, room: str | None = None) -> None:
    body: dict[str, Any] = {"token": TOKEN_A, "pageInfo": {"change": "url", "title": title,
                                                          "location": {"href": href}}}
    if room is not None:
        body["rid"] = room
    async with http.post(f"{API}/page.visited", json=body) as response:
        assert response.status == 200, await response.text()


async def test_a_note_never_reaches_the_visitor_over_rest_or_ddp_while_a_reply_does(
    intake: IntakeServer, http: aiohttp.ClientSession
) -> None:
    room = await visitor_with_room(http, TOKEN_A)
    ddp: Ddp = await ddp_for(http, TOKEN_A, room)
    ana = await intake.engine.sign_in("ana")
    await ana.take(next(i for i in await ana.queue() if i.chat_id == room).id)
    note = await ana.add_note(room, SECRET)
    await ana.send_message(room, "Hello Ann, how can I help?")
    # Pushes about one chat arrive in order: everything before the reply is all that was pushed.
    frames = await ddp.until(lambda m: "Hello Ann, how can I help?" in _pushed_texts([m]))
    assert all(SECRET not in str(frame) for frame in frames)
    assert all(note.id not in str(frame) for frame in frames)
    async with http.get(f"{API}/messages.history/{room}", params={"token": TOKEN_A}) as r:
        history = (await r.json())["messages"]
    assert [m["msg"] for m in history if "t" not in m] == ["Hello Ann, how can I help?"]
    assert SECRET not in str(history)
    async with http.get(f"{API}/config", params={"token": TOKEN_A}) as r:
        assert SECRET not in await r.text()
    async with http.get(f"{API}/room", params={"token": TOKEN_A}) as r:
        assert SECRET not in await r.text()
    # Staff read it, as a note, in the chat's history.
    page = await ana.messages(room)
    assert [(m.author_kind, m.text) for m in page.messages if m.id == note.id] == [(AuthorKind.NOTE, SECRET)]
    maya = await intake.engine.sign_in("maya")  # monitor of the unit
    supervised = (await maya.messages(room)).messages
    assert any(m.id == note.id and m.author_kind is AuthorKind.NOTE for m in supervised)
    # Written again later (the widget reconnects): still nothing.
    await ana.add_note(room, SECRET + " (again)")
    await ana.send_message(room, "Still there?")
    frames = await ddp.until(lambda m: "Still there?" in _pushed_texts([m]))
    assert all(SECRET not in str(frame) for frame in frames)
    await ddp.socket.close()
    await ana.aclose()
    await maya.aclose()


async def test_who_may_write_a_note(engine: EmbeddedEngine, database: Database) -> None:
    inquiry = await engine.open_chat(visitor_id="visitor-000001-0", text="help", department_id="dep-billing")
    chat_id = inquiry.chat_id
    ana, dara = await engine.sign_in("ana"), await engine.sign_in("dara")
    maya, tomas, sam = (await engine.sign_in("maya"), await engine.sign_in("tomas"),
                        await engine.sign_in("sam"))
    # Waiting: its unit's monitor and the admin may note it; an agent must take it first.
    with pytest.raises(NotAllowed):
        await ana.add_note(chat_id, "before taking")
    await maya.add_note(chat_id, "VIP customer, answer quickly")
    await ana.take(inquiry.id)
    heard = await ana.events()
    await ana.add_note(chat_id, "Checked the invoice")
    added = await next_event(heard, MessageAdded, lambda e: e.message.chat_id == chat_id)
    assert added.message.author_kind is AuthorKind.NOTE and added.message.text == "Checked the invoice"
    with pytest.raises(NotAllowed):
        await dara.add_note(chat_id, "not my chat")  # same department, not serving
    with pytest.raises(NotAllowed):
        await tomas.add_note(chat_id, "another unit's monitor")
    await sam.add_note(chat_id, "admin was here")
    with pytest.raises(InvalidInput):
        await ana.add_note(chat_id, "   ")
    assert Action.NOTE in ana.capabilities((await ana.chat(chat_id)).place)
    assert Action.NOTE not in dara.capabilities((await ana.chat(chat_id)).place)
    # A note is no answer: the chat still waits for the agent's first reply.
    assert not any(m.author_kind is AuthorKind.AGENT for m in (await ana.messages(chat_id)).messages)
    await ana.close_chat(chat_id)
    with pytest.raises(Refused):
        await ana.add_note(chat_id, "after closing")
    notes = [m.text for m in (await sam.messages(chat_id)).messages if m.author_kind is AuthorKind.NOTE]
    assert notes == ["VIP customer, answer quickly", "Checked the invoice", "admin was here"]
    # Stored as staff-only rows: the visitor's history path leaves them out.
    stored = await database.read(lambda c: chats.chat(c, chat_id))
    assert stored.status is ChatStatus.CLOSED
    for backend in (ana, dara, maya, tomas, sam):
        await backend.aclose()


async def test_the_pages_a_visitor_opened_and_their_browser_reach_the_agent_only(
    intake: IntakeServer, http: aiohttp.ClientSession, database: Database
) -> None:
    # The widget tells the first pages before the visitor has a chat (no rid), then with one.
    await _page_visited(http, "Pricing — Northwind", "https://shop.example/pricing")
    await _page_visited(http, "Scroll", "https://shop.example/pricing#faq", room=None)
    room = await visitor_with_room(http, TOKEN_A)
    await _page_visited(http, "Checkout <script>alert(1)</script>", "https://shop.example/checkout", room)
    ana = await intake.engine.sign_in("ana")
    context = await ana.visitor_context(room)
    assert [p.url for p in context.pages] == ["https://shop.example/pricing", "https://shop.example/pricing#faq",
                                              "https://shop.example/checkout"]
    assert context.pages[-1].title == "Checkout <script>alert(1)</script>"  # kept as text, shown as text
    assert (context.browser, context.os) == ("Chrome 124", "Linux")
    assert context.user_agent == CHROME_ON_LINUX
    assert context.department_id == "dep-support"
    # Not part of the conversation: neither the chat's messages nor the visitor's history.
    assert all("shop.example" not in m.text for m in (await ana.messages(room)).messages)
    async with http.get(f"{API}/messages.history/{room}", params={"token": TOKEN_A}) as r:
        assert "shop.example" not in await r.text()
    count = await database.read(lambda c: c.execute("SELECT message_count FROM chats WHERE id = ?",
                                                    (room,)).fetchone()[0])
    assert count == len((await ana.messages(room)).messages)
    assert await ana.search("checkout") == []
    # Another visitor's token cannot write into this chat's context: Rocket.Chat answers the page
    # as kept (it would keep it in any room named); it waits with that token instead.
    async with http.post(f"{API}/page.visited", json={
        "token": "visitor-token-bbbbbbbbbbbbbbbb", "rid": room,
        "pageInfo": {"change": "url", "title": "x", "location": {"href": "https://evil.example"}},
    }) as r:
        assert r.status == 200
    assert "evil.example" not in str(await ana.visitor_context(room))
    await ana.aclose()


async def test_an_agent_who_cannot_see_the_chat_cannot_read_its_context(engine: EmbeddedEngine) -> None:
    inquiry = await engine.open_chat(visitor_id="visitor-000001-0", text="help", department_id="dep-billing")
    tomas = await engine.sign_in("tomas")  # Sales agent, monitor of another unit
    with pytest.raises(NotAllowed):
        await tomas.visitor_context(inquiry.chat_id)
    await tomas.aclose()


async def test_context_rows_stay_out_of_pages_and_search(database: Database, clock: ManualClock) -> None:
    chat_id = database.read_now(lambda c: c.execute("SELECT id FROM chats LIMIT 1").fetchone()[0])
    before = database.read_now(lambda c: messages.page(c, chat_id))
    database.write_now(lambda c: messages.add_context(
        c, chat_id, message_id="ctx-1", facts={"page_title": "zebrafish", "page_url": "https://x.example"},
        sent_at=clock.now()))
    after = database.read_now(lambda c: messages.page(c, chat_id))
    assert after == before
    rows = database.read_now(lambda c: messages.context_rows(c, chat_id))
    assert rows == [({"page_title": "zebrafish", "page_url": "https://x.example"}, clock.now())]


async def test_routing_skips_an_away_agent_when_away_agents_get_no_chats(
    database: Database, clock: ManualClock
) -> None:
    configure(database, routing_method="auto_selection", route_to_away_agents="false",
              business_hours_enabled="false")
    engine = EmbeddedEngine(database, clock, run_timers=False)
    try:
        ana, dara = await engine.sign_in("ana"), await engine.sign_in("dara")
        await ana.set_availability(Availability.NOT_AVAILABLE)  # Billing is Dara's alone now
        await dara.set_availability(Availability.AVAILABLE)
        away = await dara.set_status(AgentStatus.AWAY)
        assert away.status is AgentStatus.AWAY and away.availability is Availability.AVAILABLE
        first = await engine.open_chat(visitor_id="visitor-000001-0", text="help",
                                       department_id="dep-billing")
        served = await database.read(lambda c: chats.chat(c, first.chat_id).served_by_id)
        assert served != "u-dara"  # away: Billing's chat went on to its fallback department
        back = await dara.set_status(AgentStatus.ONLINE)
        assert back.status is AgentStatus.ONLINE
        second = await engine.open_chat(visitor_id="visitor-000002-0", text="help",
                                        department_id="dep-billing")
        served = await database.read(lambda c: chats.chat(c, second.chat_id).served_by_id)
        assert served == "u-dara"  # online again: Billing's chats are hers
        with pytest.raises(InvalidInput):
            await dara.set_status(AgentStatus.OFFLINE)
        await ana.aclose()
        await dara.aclose()
    finally:
        await engine.aclose()


async def test_away_agents_still_get_chats_by_default_as_in_rocket_chat(
    database: Database, clock: ManualClock
) -> None:
    # Livechat_enabled_when_agent_idle is true by default: away does not stop routing.
    configure(database, routing_method="auto_selection", business_hours_enabled="false")
    engine = EmbeddedEngine(database, clock, run_timers=False)
    try:
        ana, dara = await engine.sign_in("ana"), await engine.sign_in("dara")
        for agent in (ana, dara):
            await agent.set_availability(Availability.AVAILABLE)
            await agent.set_status(AgentStatus.AWAY)
        inquiry = await engine.open_chat(visitor_id="visitor-000001-0", text="help",
                                         department_id="dep-billing")
        served = await database.read(lambda c: chats.chat(c, inquiry.chat_id).served_by_id)
        assert served in ("u-ana", "u-dara")
        monitor = await engine.sign_in("maya")
        with pytest.raises(NotAllowed):
            await monitor.set_status(AgentStatus.AWAY)
        events = await ana.events()
        await ana.set_status(AgentStatus.ONLINE)
        changed = [e for e in delivered_so_far(events)
                   if isinstance(e, AgentStatusChanged) and e.agent.id == "u-ana"]
        assert changed and changed[-1].agent.status is AgentStatus.ONLINE
        for backend in (ana, dara, monitor):
            await backend.aclose()
    finally:
        await engine.aclose()


async def test_an_agent_who_left_away_signs_in_away_as_rocket_chats_status_default(
    database: Database, clock: ManualClock
) -> None:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    try:
        dara = await engine.sign_in("dara")
        await dara.set_status(AgentStatus.AWAY)
        await dara.aclose()
        again = await engine.sign_in("dara")
        me = await database.read(lambda c: organisation.agent(c, "u-dara"))
        assert me.status is AgentStatus.AWAY
        await again.set_status(AgentStatus.ONLINE)
        await again.aclose()
        assert (await database.read(lambda c: organisation.agent(c, "u-dara"))).status \
            is AgentStatus.OFFLINE  # signed out
        last = await engine.sign_in("dara")
        assert (await database.read(lambda c: organisation.agent(c, "u-dara"))).status \
            is AgentStatus.ONLINE
        await last.aclose()
    finally:
        await engine.aclose()
