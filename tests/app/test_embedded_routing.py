"""The embedded desk routes live with the routing engine, over the store."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from app.backends.embedded import EmbeddedEngine
from app.backends.events import ChatAssigned, ChatUnassigned, InquiryRemoved
from app.clock import ManualClock
from app.domain import AuthorKind, Availability
from app.errors import Refused
from app.store import Database, chats, messages, organisation
from tests.app.configure import configure
from tests.contract.events import delivered_so_far, next_event


@pytest.fixture
async def engine(database: Database, clock: ManualClock) -> AsyncIterator[EmbeddedEngine]:
    made = EmbeddedEngine(database, clock, run_timers=False)
    yield made
    await made.aclose()


async def test_auto_selection_assigns_a_new_inquiry_and_says_why(
    database: Database, clock: ManualClock
) -> None:
    configure(database, routing_method="auto_selection", waiting_queue="true")
    engine = EmbeddedEngine(database, clock, run_timers=False)
    try:
        # Starting the engine routes what waits already; then a new inquiry arrives.
        ana = await engine.sign_in("ana")
        events = await ana.events()
        inquiry = await engine.open_chat(visitor_id="visitor-000001-0", text="help",
                                         department_id="dep-billing")
        chat = await database.read(lambda c: chats.chat(c, inquiry.chat_id))
        assert chat.served_by_id in ("u-ana", "u-dara")
        history = await database.read(lambda c: messages.page(c, inquiry.chat_id))
        routed_note = [m.text for m in history.messages if m.author_kind is AuthorKind.SYSTEM]
        assert routed_note and routed_note[0].startswith("Routed to ")
        assert routed_note[0].endswith(", next in turn.") and "u-" not in routed_note[0]
        if chat.served_by_id == "u-ana":
            assigned = await next_event(events, ChatAssigned, lambda e: e.chat.id == inquiry.chat_id)
            assert assigned.chat.served_by_id == "u-ana"
        assert inquiry.chat_id not in {i.chat_id for i in await ana.queue()}
        await ana.aclose()
    finally:
        await engine.aclose()


async def test_manual_selection_leaves_inquiries_queued(engine: EmbeddedEngine) -> None:
    ana = await engine.sign_in("ana")
    inquiry = await engine.open_chat(visitor_id="visitor-000001-0", text="help",
                                     department_id="dep-billing")
    assert inquiry.id in {i.id for i in await ana.queue()}
    assert await ana.my_chats() == []
    await ana.aclose()


async def test_capacity_freed_by_closing_is_used_at_once(database: Database, clock: ManualClock) -> None:
    configure(database, routing_method="load_balancing", waiting_queue="true")
    # Hiro alone takes Onboarding's chats: Chen (away, and routable when away by default) and
    # Fatima are not available.
    def away(connection: sqlite3.Connection) -> None:
        for colleague in ("u-chen", "u-fatima"):
            organisation.set_agent_presence(connection, colleague,
                                            availability=Availability.NOT_AVAILABLE)

    database.write_now(away)
    engine = EmbeddedEngine(database, clock, run_timers=False)
    try:
        hiro = await engine.sign_in("hiro")
        events = await hiro.events()
        first = await hiro.my_chats()
        for number in range(6):
            await engine.open_chat(visitor_id=f"visitor-00002{number}-0", text=f"onboard {number}",
                                   department_id="dep-onboarding")
        mine = await hiro.my_chats()
        assert len(mine) == 5  # the global limit
        waiting = [i for i in await hiro.queue() if i.department_id == "dep-onboarding"]
        assert waiting
        await hiro.close_chat(mine[0].id)
        removed = await next_event(events, InquiryRemoved, lambda e: e.inquiry_id == waiting[0].id)
        assert removed.chat_id == waiting[0].chat_id
        assert len(await hiro.my_chats()) == 5 and first is not None
        await hiro.aclose()
    finally:
        await engine.aclose()


async def test_unanswered_chats_move_on_when_the_timer_fires(database: Database, clock: ManualClock) -> None:
    configure(database, routing_method="load_balancing", auto_transfer_unanswered_s="30")
    clock.advance(timedelta(hours=4))  # 09:30 in New York: Billing (ana and dara) is open
    engine = EmbeddedEngine(database, clock, run_timers=False)
    try:
        ana = await engine.sign_in("ana")
        dara = await engine.sign_in("dara")
        ana_events = await ana.events()
        inquiry = await engine.open_chat(visitor_id="visitor-000001-0", text="invoice?",
                                         department_id="dep-billing")
        first = (await database.read(lambda c: chats.chat(c, inquiry.chat_id))).served_by_id
        clock.advance(timedelta(seconds=31))
        await engine.run_due_timers()
        moved = await database.read(lambda c: chats.chat(c, inquiry.chat_id))
        assert moved.served_by_id not in (first, None)
        assert moved.transfers and "did not answer within 30 s" in moved.transfers[-1].comment
        if first == "u-ana":
            await next_event(ana_events, ChatAssigned, lambda e: e.previous_agent_id == "u-ana")
        await ana.aclose()
        await dara.aclose()
    finally:
        await engine.aclose()


async def test_a_refused_command_leaves_no_trace(engine: EmbeddedEngine, database: Database) -> None:
    dara = await engine.sign_in("dara")  # Billing closes in New York at this hour
    await dara.set_availability(Availability.NOT_AVAILABLE)
    with pytest.raises(Refused) as refused:
        await dara.set_availability(Availability.AVAILABLE)
    assert refused.value.code == "business-hours-closed"
    agent = await database.read(lambda c: organisation.agent(c, "u-dara"))
    assert agent.availability is Availability.NOT_AVAILABLE
    routing = await engine.routing()
    assert routing.agents["u-dara"].availability is Availability.NOT_AVAILABLE
    await dara.aclose()


async def test_transfer_to_a_department_requeues_with_an_event(engine: EmbeddedEngine) -> None:
    ana = await engine.sign_in("ana")
    events = await ana.events()
    inquiry = await engine.open_chat(visitor_id="visitor-000001-0", text="buy", department_id="dep-support")
    chat = await ana.take(inquiry.id)
    await ana.transfer(chat.id, to_department_id="dep-sales", comment="sales question")
    gone = await next_event(events, ChatUnassigned, lambda e: e.chat_id == chat.id)
    assert gone.previous_agent_id == "u-ana"
    assert not [e for e in delivered_so_far(events) if isinstance(e, ChatAssigned)]
    await ana.aclose()


async def test_business_hours_pauses_survive_a_restart(database: Database, clock: ManualClock) -> None:
    first = EmbeddedEngine(database, clock, run_timers=False)
    await first.routing()  # 05:30 in New York: Billing's office closes Dara
    dara = await database.read(lambda c: organisation.agent(c, "u-dara"))
    assert dara.availability is Availability.NOT_AVAILABLE
    await first.aclose()
    clock.advance(timedelta(hours=4))  # the office opened while the desk was closed
    second = EmbeddedEngine(database, clock, run_timers=False)
    try:
        await second.routing()
        dara = await database.read(lambda c: organisation.agent(c, "u-dara"))
        assert dara.availability is Availability.AVAILABLE
    finally:
        await second.aclose()


async def test_a_transfer_to_an_agent_of_another_department_moves_the_chat_and_tells_its_old_unit(
    database: Database, clock: ManualClock
) -> None:
    # Rocket.Chat's forwardRoomToDepartment with a userId: that agent takes it into that department.
    configure(database, routing_method="load_balancing", waiting_queue="true")
    engine = EmbeddedEngine(database, clock, run_timers=False)
    try:
        maya = await engine.sign_in("maya")  # monitor of Customer Care (Support, Billing)
        inquiry = await engine.open_chat(visitor_id="visitor-000001-0", text="about prices",
                                         department_id="dep-support")
        events = await maya.events()
        await maya.transfer(inquiry.chat_id, to_agent_id="u-emil", to_department_id="dep-sales")
        chat = await database.read(lambda c: chats.chat(c, inquiry.chat_id))
        assert (chat.served_by_id, chat.department_id) == ("u-emil", "dep-sales")
        assert [(t.to_agent_id, t.to_department_id) for t in chat.transfers] == [("u-emil", "dep-sales")]
        left = await next_event(events, ChatAssigned, lambda e: e.chat.id == inquiry.chat_id)
        assert left.previous_place is not None and left.previous_place.department_id == "dep-support"
        history = await database.read(lambda c: messages.page(c, inquiry.chat_id))
        assert history.messages[-1].text == "Maya Berg transferred the chat to Emil Novak in Sales."
        await maya.aclose()
    finally:
        await engine.aclose()
