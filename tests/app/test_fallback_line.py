"""A chat that falls back to another department waits there: the fallback department's agents
see it and may take it, the first department's no longer do (Rocket.Chat forwards the room)."""

from __future__ import annotations

import pytest

from app.backends.embedded import EmbeddedEngine
from app.backends.events import InquiryQueued
from app.clock import ManualClock
from app.domain import AgentStatus, Channel, Visitor
from app.errors import NotAllowed
from app.store import Database
from tests.app.visitors import add_visitor


async def test_a_sales_chat_nobody_can_serve_waits_in_support_and_support_takes_it(
    database: Database, clock: ManualClock
) -> None:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    for sales_agent in ("u-emil", "u-fatima", "u-tomas"):  # Sales falls back to Support
        await engine.set_presence(sales_agent, AgentStatus.OFFLINE)
    bo = await engine.sign_in("bo")
    stream = await bo.events()
    visitor = Visitor("v-fallback", "Nina", Channel.WIDGET, "widget", "k-fallback", clock.now())
    await add_visitor(database, visitor)
    inquiry = await engine.open_chat(visitor_id=visitor.id, text="Prices?", department_id="dep-sales")
    waiting = next(i for i in await bo.queue() if i.chat_id == inquiry.chat_id)
    assert waiting.department_id == "dep-support"
    assert any(isinstance(e, InquiryQueued) and e.inquiry.chat_id == inquiry.chat_id
               and e.place.department_id == "dep-support" for e in stream.take_pending())
    taken = await bo.take(waiting.id)
    assert taken.served_by_id == "u-bo" and taken.department_id == "dep-support"
    emil = await engine.sign_in("emil")
    with pytest.raises(NotAllowed):
        await emil.chat(inquiry.chat_id)
    for backend in (bo, emil):
        await backend.aclose()
    await engine.aclose()
