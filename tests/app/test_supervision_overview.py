"""A unit as its monitor sees it: queues per department with SLA due soon and breached, agents
with their load against their limit, chats in progress with who waits for a reply; nothing of
another unit; and the load changes arriving as events."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.backends.events import AgentStatusChanged
from app.clock import ManualClock
from app.domain import ChatStatus, Priority
from app.errors import NotAllowed
from tests.app.supervision_desk import inquiry_in, northwind_desk, sign_in
from tests.contract.events import delivered_so_far
from tests.contract.harness import EmbeddedHarness


@pytest.fixture
async def desk(tmp_path: Path, clock: ManualClock) -> AsyncIterator[EmbeddedHarness]:
    async with northwind_desk(tmp_path, clock) as harness:
        yield harness


async def test_each_supervisor_sees_their_units_and_an_agent_none(desk: EmbeddedHarness) -> None:
    units = {username: [u.name for u in await (await sign_in(desk, username)).supervised_units()]
             for username in ("maya", "tomas", "sam", "ana")}
    assert units == {"maya": ["Customer Care"], "tomas": ["Revenue"],
                     "sam": ["Customer Care", "Revenue"], "ana": []}


async def test_the_overview_counts_queues_slas_loads_and_who_waits_for_a_reply(
    desk: EmbeddedHarness, clock: ManualClock
) -> None:
    maya, ana = await sign_in(desk, "maya"), await sign_in(desk, "ana")
    await sign_in(desk, "bo")
    org = desk.org
    support, billing = org.department("Support").id, org.department("Billing").id
    start = clock.now()
    urgent = await inquiry_in(desk, "Support", "Una Urgent", sla_minutes=5)
    clock.advance(timedelta(minutes=1))
    chatty = await inquiry_in(desk, "Support", "Carl Chatty")
    clock.advance(timedelta(minutes=1))
    billed = await inquiry_in(desk, "Billing", "Bea Billed", sla_minutes=3)
    await inquiry_in(desk, "Sales", "Sol Sales")  # another unit's: never in Maya's overview
    taken_at = clock.now()
    chat = await ana.take(chatty.id)
    await ana.send_message(chat.id, "Hello, how can I help?")
    clock.advance(timedelta(seconds=30))
    asked = await desk.visitor_writes(chat.id, "My order is late.")
    clock.advance(timedelta(seconds=30))
    last = await desk.visitor_writes(chat.id, "Are you there?")

    clock.advance(timedelta(minutes=1))  # 4 minutes in: both SLAs fall due within 2 minutes
    overview = await maya.unit_overview(org.unit("Customer Care").id)
    assert overview.unit.name == "Customer Care" and overview.at == clock.now()
    queues = {q.department_id: (q.waiting, q.oldest_queued_at, q.sla_due_soon, q.sla_breached)
              for q in overview.queues}
    assert queues == {support: (1, start, 1, 0), billing: (1, billed.queued_at, 1, 0)}
    assert [i.id for i in overview.inquiries] == [urgent.id, billed.id]
    agents = {load.agent.name: (load.agent.open_chats, load.on_hold, load.limit, load.last_assigned_at)
              for load in overview.agents}
    # Dara has her own limit; the others the organisation's (5). Tomás and Emil serve Sales only.
    assert agents == {"Ana Souza": (1, 0, 5, taken_at), "Bo Lindqvist": (0, 0, 5, None),
                      "Dara O'Neill": (0, 0, 3, None), "Gabriel Costa": (0, 0, 5, None)}
    [going] = overview.chats
    assert (going.chat.id, going.chat.served_by_name, going.priority) == (chat.id, "Ana Souza",
                                                                           Priority.NOT_SPECIFIED)
    # The visitor's first unanswered message, and the last message of anyone.
    assert (going.waiting_since, going.last_activity_at) == (asked.sent_at, last.sent_at)

    clock.advance(timedelta(minutes=2))  # 6 minutes in: both SLAs have passed
    breached = await maya.unit_overview(org.unit("Customer Care").id)
    assert [(q.sla_due_soon, q.sla_breached) for q in breached.queues] == [(0, 1), (0, 1)]

    await ana.send_message(chat.id, "Yes, looking into it.")  # answered: nobody waits
    await ana.put_on_hold(chat.id)
    held = await maya.unit_overview(org.unit("Customer Care").id)
    assert [(c.waiting_since, c.chat.status) for c in held.chats] == [(None, ChatStatus.ON_HOLD)]
    assert [(a.agent.open_chats, a.on_hold) for a in held.agents if a.agent.name == "Ana Souza"] == [(0, 1)]


async def test_an_agent_over_a_lowered_limit_shows_over_it(desk: EmbeddedHarness) -> None:
    maya, ana = await sign_in(desk, "maya"), await sign_in(desk, "ana")
    for name in ("Vic One", "Vic Two"):
        await ana.take((await inquiry_in(desk, "Support", name)).id)
    ana_id = desk.org.person("ana").id

    def lower(connection: sqlite3.Connection) -> None:  # as an admin would, with chats open
        connection.execute("UPDATE users SET max_chats = 1 WHERE id = ?", (ana_id,))

    await desk.engine.database.write(lower)
    overview = await maya.unit_overview(desk.org.unit("Customer Care").id)
    [load] = [a for a in overview.agents if a.agent.id == ana_id]
    assert (load.agent.open_chats, load.limit) == (2, 1)


async def test_a_monitor_reaches_nothing_of_another_unit(desk: EmbeddedHarness) -> None:
    maya, tomas, emil = (await sign_in(desk, "maya"), await sign_in(desk, "tomas"),
                         await sign_in(desk, "emil"))
    revenue, care = desk.org.unit("Revenue").id, desk.org.unit("Customer Care").id
    sales_waiting = await inquiry_in(desk, "Sales", "Sol Sales")
    sales_chat = await emil.take((await inquiry_in(desk, "Sales", "Sid Sales")).id)
    for attempt in (maya.unit_overview(revenue), maya.unit_day(revenue, date(2026, 11, 25)),
                    maya.assign(sales_waiting.id, desk.org.person("emil").id),
                    tomas.unit_overview(care), tomas.unit_day(care, date(2026, 11, 25)),
                    tomas.unit_overview("no-such-unit")):
        with pytest.raises(NotAllowed) as refused:
            await attempt
        assert "unit" in refused.value.message or "inquiry" in refused.value.message
    mine = await maya.unit_overview(care)
    assert sales_waiting.id not in {i.id for i in mine.inquiries}
    assert sales_chat.id not in {c.chat.id for c in mine.chats}
    assert not {"Emil Novak", "Tomás Ruiz"} & {a.agent.name for a in mine.agents}
    revenue_view = await tomas.unit_overview(revenue)
    assert ([i.id for i in revenue_view.inquiries], [c.chat.id for c in revenue_view.chats]) == (
        [sales_waiting.id], [sales_chat.id])


async def test_load_changes_reach_the_monitor_as_agent_events(desk: EmbeddedHarness) -> None:
    maya, ana, emil = await sign_in(desk, "maya"), await sign_in(desk, "ana"), await sign_in(desk, "emil")
    events = await maya.events()
    chat = await ana.take((await inquiry_in(desk, "Support")).id)
    await ana.put_on_hold(chat.id)
    await ana.resume(chat.id)
    await ana.close_chat(chat.id)
    await emil.take((await inquiry_in(desk, "Sales", "Sol Sales")).id)  # not Maya's to hear
    loads = [(e.agent.name, e.agent.open_chats) for e in delivered_so_far(events)
             if isinstance(e, AgentStatusChanged)]
    assert loads == [("Ana Souza", 1), ("Ana Souza", 0), ("Ana Souza", 1), ("Ana Souza", 0)]


async def test_every_event_of_the_units_chats_reaches_its_monitor_and_no_other_units(
    desk: EmbeddedHarness
) -> None:
    maya, ana, emil = await sign_in(desk, "maya"), await sign_in(desk, "ana"), await sign_in(desk, "emil")
    events = await maya.events()
    inquiry = await inquiry_in(desk, "Support")
    chat = await ana.take(inquiry.id)
    await ana.send_message(chat.id, "Hello")
    await desk.visitor_writes(chat.id, "Hi")
    await ana.update_chat_info(chat.id, topic="Parcel", tags=("shipping",), priority=Priority.HIGH)
    await ana.put_on_hold(chat.id)
    await ana.resume(chat.id)
    await ana.transfer(chat.id, to_department_id=desk.org.department("Sales").id)  # leaves her unit
    sales_chat = await emil.take((await inquiry_in(desk, "Sales", "Sol Sales")).id)
    await emil.send_message(sales_chat.id, "Hello from Sales")
    heard = [type(e).__name__ for e in delivered_so_far(events)
             if getattr(e, "place", None) is not None or type(e).__name__ == "ChatUnassigned"]
    assert heard == ["InquiryQueued", "MessageAdded", "InquiryRemoved", "MessageAdded", "ChatAssigned",
                     "MessageAdded", "MessageAdded", "MessageAdded", "ChatInfoChanged",
                     "MessageAdded", "ChatHoldChanged", "MessageAdded", "ChatHoldChanged",
                     "ChatUnassigned"]
