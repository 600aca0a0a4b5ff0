"""What a chat's history says about routing and edits reads as a person would say it: people by
name, no routing internals, only what changed."""

from __future__ import annotations

from datetime import timedelta

from app.backends.embedded import EmbeddedEngine
from app.backends.wording import duration, info_changes
from app.clock import ManualClock
from app.domain import AuthorKind, ChatStatus, Priority
from app.store import Database
from tests.app.configure import configure


async def _notes(backend: object, chat_id: str) -> list[str]:
    page = await backend.messages(chat_id)  # type: ignore[attr-defined]
    return [m.text for m in page.messages if m.author_kind is AuthorKind.SYSTEM]


def _reads_like_a_person(text: str) -> None:
    assert "u-" not in text and "dep-" not in text, text  # nobody is named by id
    for internal in ("load drops", "on hold: on hold", "Why:", "_selection", "load_balancing", " s;"):
        assert internal not in text, text


async def test_a_chat_put_on_hold_for_silence_says_so_in_words(
    database: Database, clock: ManualClock
) -> None:
    configure(database, abandoned_action="on-hold", visitor_inactivity_s="300")
    engine = EmbeddedEngine(database, clock, run_timers=False)
    ana = await engine.sign_in("ana")
    try:
        waiting = next(i for i in await ana.queue() if i.department_id == "dep-support")
        chat = await ana.take(waiting.id)
        await ana.send_message(chat.id, "Hello, how can I help?")
        clock.advance(timedelta(seconds=301))
        await engine.run_due_timers()
        assert (await ana.chat(chat.id)).status is ChatStatus.ON_HOLD
        notes = await _notes(ana, chat.id)
        assert notes[-1] == "The visitor has been silent for 5 minutes, so the chat is on hold."
        for note in notes:
            _reads_like_a_person(note)
    finally:
        await ana.aclose()
        await engine.aclose()


async def test_a_chat_moved_on_unanswered_names_both_agents(database: Database, clock: ManualClock) -> None:
    configure(database, auto_transfer_unanswered_s="60")
    engine = EmbeddedEngine(database, clock, run_timers=False)
    ana, bo = await engine.sign_in("ana"), await engine.sign_in("bo")
    try:
        waiting = next(i for i in await ana.queue() if i.department_id == "dep-support")
        chat = await ana.take(waiting.id)
        clock.advance(timedelta(seconds=61))
        await engine.run_due_timers()
        admin = await engine.sign_in("sam")
        moved = await admin.chat(chat.id)
        notes = await _notes(admin, chat.id)
        said = next(n for n in notes if "did not answer" in n)
        me = await ana.me()
        assert said.startswith(f"{me.name} did not answer within 1 minute, so ")
        assert moved.transfers and moved.transfers[-1].comment == said
        for note in notes:
            _reads_like_a_person(note)
        await admin.aclose()
    finally:
        await ana.aclose()
        await bo.aclose()
        await engine.aclose()


async def test_editing_chat_info_names_only_what_changed(database: Database, clock: ManualClock) -> None:
    engine = EmbeddedEngine(database, clock, run_timers=False)
    ana = await engine.sign_in("ana")
    try:
        waiting = next(i for i in await ana.queue() if i.department_id == "dep-support")
        chat = await ana.take(waiting.id)
        name = (await ana.me()).name
        tags = list((await ana.tags())[:1])
        was = await ana.chat(chat.id)
        assert not was.tags and was.priority is not Priority.HIGH
        await ana.update_chat_info(chat.id, topic="Refund for order 5", tags=[], priority=was.priority)
        assert (await _notes(ana, chat.id))[-1] == f"{name} changed the topic to “Refund for order 5”."
        await ana.update_chat_info(chat.id, topic="Refund for order 5", tags=tags, priority=Priority.HIGH)
        assert (await _notes(ana, chat.id))[-1] == (
            f"{name} added the tag {tags[0]} and set the priority to High.")
        before = await _notes(ana, chat.id)
        await ana.update_chat_info(chat.id, topic="Refund for order 5", tags=tags, priority=Priority.HIGH)
        assert await _notes(ana, chat.id) == before  # nothing changed: nothing said
    finally:
        await ana.aclose()
        await engine.aclose()


def test_durations_and_changes_read_as_people_say_them() -> None:
    assert [str(duration(s)) for s in (1, 45, 60, 90, 3600, 5400)] == [
        "1 second", "45 seconds", "1 minute", "2 minutes", "1 hour", "1 hour 30 minutes"]
    assert info_changes.__doc__
