"""A routing timer that falls due while someone's command waits is routing's act, saved before
that command is checked: the chat it moved is no longer the person's to act on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.backends.embedded import EmbeddedEngine
from app.clock import ManualClock
from app.domain import AuthorKind, ChatStatus
from app.errors import NotAllowed
from app.store import Database
from tests.app.configure import configure


async def test_an_auto_transfer_due_before_a_close_wins_and_is_said_by_routing(
    database: Database, clock: ManualClock
) -> None:
    configure(database, auto_transfer_unanswered_s="60")
    engine = EmbeddedEngine(database, clock, run_timers=False)
    ana, bo = await engine.sign_in("ana"), await engine.sign_in("bo")
    try:
        waiting = next(i for i in await ana.queue() if i.department_id == "dep-support")
        chat = await ana.take(waiting.id)
        clock.advance(timedelta(seconds=61))  # Ana never answered: routing moves the chat on
        with pytest.raises(NotAllowed):
            await ana.close_chat(chat.id)
        admin = await engine.sign_in("sam")
        moved = await admin.chat(chat.id)
        assert moved.status is not ChatStatus.CLOSED and moved.served_by_id != "u-ana"
        notes = [m for m in (await admin.messages(chat.id)).messages if m.author_kind is AuthorKind.SYSTEM]
        transfer_note = next(m for m in notes if "did not answer" in m.text)
        assert transfer_note.author_name == "Routing" and "Ana" in transfer_note.text
        await admin.aclose()
    finally:
        await ana.aclose()
        await bo.aclose()
        await engine.aclose()


async def test_a_chat_on_hold_is_not_moved_on_by_the_unanswered_timer(
    database: Database, clock: ManualClock
) -> None:
    configure(database, auto_transfer_unanswered_s="60")
    engine = EmbeddedEngine(database, clock, run_timers=False)
    ana = await engine.sign_in("ana")
    try:
        waiting = next(i for i in await ana.queue() if i.department_id == "dep-support")
        chat = await ana.take(waiting.id)
        await ana.put_on_hold(chat.id)
        clock.advance(timedelta(seconds=61))
        assert await engine.run_due_timers() == []
        held = await ana.chat(chat.id)
        assert held.status is ChatStatus.ON_HOLD and held.served_by_id == "u-ana"
    finally:
        await ana.aclose()
        await engine.aclose()
