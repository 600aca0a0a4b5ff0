"""Nothing waits unseen: toasts, re-alerts until taken, do-not-disturb, unread counts."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.notifications import AttentionKind
from tests.ui.actions import click, click_row
from tests.ui.conftest import Desk, until


async def test_a_new_inquiry_pops_a_toast_that_opens_it(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("bo")
    inquiry = await desk.engine.open_chat(visitor_id="visitor-000004-0", text="Hello, anyone?",
                                          department_id="dep-support")
    toast = window.notifier.toast
    await until(lambda: toast.isVisible() and "Hello, anyone?" in toast.body.text(), what="the toast")
    assert toast.title.text().startswith("New chat in the queue:")
    assert "waiting for you" in window.attention.text()
    qtbot.mouseClick(toast, Qt.MouseButton.LeftButton)
    await until(lambda: window.conversation.chat is not None
                and window.conversation.chat.id == inquiry.chat_id, what="the chat to open")


async def test_an_untaken_inquiry_realerts_until_taken(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("bo")
    notifier = window.notifier
    inquiry = await desk.engine.open_chat(visitor_id="visitor-000004-0", text="Waiting here",
                                          department_id="dep-support")
    await until(lambda: any(a.chat_id == inquiry.chat_id for a in notifier.history), what="alert")

    def alerts() -> int:
        return sum(1 for a in notifier.history if a.chat_id == inquiry.chat_id)

    desk.clock.advance(timedelta(seconds=61))
    notifier.tick()
    assert alerts() == 2 and notifier.history[-1].repeat
    row = window.queue_model.row_of(inquiry.id)
    assert row is not None
    click_row(qtbot, window.queue_panel.table, row)
    click(qtbot, window.queue_panel.take_button)
    await until(lambda: window.queue_model.row_of(inquiry.id) is None, what="the take")
    desk.clock.advance(timedelta(minutes=5))
    notifier.tick()
    assert alerts() == 2


async def test_do_not_disturb_silences_then_brings_back_what_waits(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("bo")
    notifier = window.notifier
    click(qtbot, window.quiet)
    assert notifier.do_not_disturb
    before = len(notifier.history)
    inquiry = await desk.engine.open_chat(visitor_id="visitor-000004-0", text="Quiet please",
                                          department_id="dep-support")
    await until(lambda: window.queue_model.row_of(inquiry.id) is not None, what="the inquiry")
    assert len(notifier.history) == before
    click(qtbot, window.quiet)
    assert any(a.chat_id == inquiry.chat_id for a in notifier.history[before:])


async def test_unread_messages_are_counted_until_the_chat_is_opened(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("bo")
    chat = window.chats_model.chat_at(0)
    await desk.engine.post_visitor_message(chat.id, "Hello?")
    await desk.engine.post_visitor_message(chat.id, "Anyone?")
    await until(lambda: "● 2 new" in window.chats_model.index(0, 0).data(), what="unread count")
    kinds = {a.kind for a in window.notifier.history if a.chat_id == chat.id}
    assert AttentionKind.VISITOR_MESSAGE in kinds
    click_row(qtbot, window.chats_panel.list, 0)
    await until(lambda: "new" not in window.chats_model.index(0, 0).data(), what="read")


async def test_notification_choices_are_made_in_the_menu_and_kept(qtbot: QtBot, desk: Desk) -> None:
    from PySide6.QtGui import QAction

    window = await desk.open("bo")
    queue_alerts = window.findChild(QAction, "notify-new_inquiry")
    every_two_minutes = window.findChild(QAction, "realert-120")
    sound = window.findChild(QAction, "notify-sound")
    assert queue_alerts is not None and every_two_minutes is not None and sound is not None
    queue_alerts.trigger()  # off
    every_two_minutes.trigger()
    def sound_on() -> bool:
        return window.notifier.sound_on

    assert not sound_on()  # the tests start silent (no audio device here)
    sound.trigger()
    assert sound_on() and str(window._settings.value("notifications/sound")).lower() == "true"
    sound.trigger()
    before = len(window.notifier.history)
    await desk.engine.open_chat(visitor_id="visitor-000004-0", text="Muted?", department_id="dep-support")
    await until(lambda: window.queue_model.rowCount() > 0 and any(
        window.queue_model.inquiry_at(r).preview == "Muted?" for r in range(window.queue_model.rowCount())),
        what="the inquiry")
    assert len(window.notifier.history) == before
    await window.shutdown()
    again = await desk.open("bo")
    settings = again.notifier.service.settings
    assert AttentionKind.NEW_INQUIRY not in settings.kinds and settings.realert_after_s == 120
    assert not again.notifier.sound_on
