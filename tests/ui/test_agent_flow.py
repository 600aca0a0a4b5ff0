"""An agent's day, clicked through: sign in, take, answer, close with tags, search history."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from app.cli import GuiOptions
from app.domain import AuthorKind
from tests.ui.actions import click, click_row, row_texts
from tests.ui.conftest import until
from ui.desk import DeskSession
from ui.identity.picker import PersonPicker
from ui.workspace.close_dialog import CloseChatDialog
from ui.workspace.window import WorkspaceWindow

# The first run builds the sample desk before the picker shows: seconds, more on a busy machine.
# How long that takes is bench/'s to measure, not this test's.
_FIRST_RUN_S = 60.0


def _visible(kind: type) -> list:  # type: ignore[type-arg]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


async def test_pick_take_answer_close_and_find_in_history(qtbot: QtBot, tmp_path: Path) -> None:
    import asyncio

    session = DeskSession.open(GuiOptions(tmp_path, None, False), started=0.0)
    running = asyncio.ensure_future(session.run())

    # Who are you? Ana, an agent.
    await until(lambda: _visible(PersonPicker), timeout=_FIRST_RUN_S, what="the person picker")
    picker = _visible(PersonPicker)[0]
    ana_row = picker.model.row_of_username("ana")
    assert ana_row is not None
    click_row(qtbot, picker.list, ana_row)
    click(qtbot, picker.sign_in_button)

    await until(lambda: _visible(WorkspaceWindow) and _visible(WorkspaceWindow)[0].is_ready,
                what="the workspace")
    window: WorkspaceWindow = _visible(WorkspaceWindow)[0]
    assert window.windowTitle() == "Omnidesk — Ana Souza (Agent)"
    queue = window.queue_panel
    waiting = queue.model.rowCount()
    assert waiting > 0 and window.chats_model.rowCount() == 0

    # Take the first inquiry in the queue.
    inquiry = queue.model.inquiry_at(0)
    click_row(qtbot, queue.table, 0)
    click(qtbot, queue.take_button)
    await until(lambda: window.chats_model.rowCount() == 1, what="the chat in my chats")
    assert queue.model.rowCount() == waiting - 1
    # Clicking the row showed a read-only preview; once taken, the chat opens for writing.
    await until(lambda: window.conversation.chat is not None
                and window.conversation.chat.id == inquiry.chat_id
                and window.conversation.composer.isEnabled(), what="the conversation")
    assert window.messages_model.message_at(0).text == inquiry.preview

    # Answer.
    qtbot.keyClicks(window.conversation.composer, "Hello! I am looking into it now.")
    click(qtbot, window.conversation.send_button)
    await until(lambda: window.messages_model.message_at(window.messages_model.rowCount() - 1).text
                == "Hello! I am looking into it now.", what="the sent message")
    await until(lambda: window.conversation.composer.toPlainText() == "", what="the composer to clear")

    # Close with a comment and tags.
    click(qtbot, window.conversation.close_button)
    await until(lambda: _visible(CloseChatDialog), what="the close dialog")
    dialog: CloseChatDialog = _visible(CloseChatDialog)[0]
    qtbot.keyClicks(dialog.comment, "Courier contacted")
    qtbot.keyClicks(dialog.tags, "shipping, follow-up")
    click(qtbot, dialog.close_button)
    await until(lambda: window.chats_model.rowCount() == 0, what="the chat to leave my chats")
    await until(lambda: not window.conversation.composer.isEnabled(), what="the read-only chat")

    # The contact panel's history shows it first, with its tags, and finds it by search.
    history = window.contact_panel
    # The open chat was already first; wait for the reload that shows it closed.
    await until(lambda: history.model.rowCount() > 0
                and history.model.chat_at(0).id == inquiry.chat_id
                and history.model.chat_at(0).status.value == "closed", what="history")
    assert row_texts(history.history, 3)[0] == "shipping, follow-up"
    total = history.model.rowCount()
    qtbot.keyClicks(history.search, "looking into")
    await until(lambda: history.model.rowCount() == 1, what="search results")
    assert history.model.chat_at(0).id == inquiry.chat_id
    assert history.history_title.text() == "1 matching conversation"
    history.search.clear()
    await until(lambda: history.model.rowCount() == total, what="the full history again")

    # Opening a past chat from the history shows it read only.
    if total > 1:
        click_row(qtbot, history.history, 1)
        await until(lambda: window.conversation.chat is not None
                    and window.conversation.chat.id == history.model.chat_at(1).id,
                    what="the past chat")
        assert not window.conversation.composer.isEnabled()
        assert "Read only" in window.conversation.status_note.text()
    kinds = {window.messages_model.message_at(r).author_kind for r in range(window.messages_model.rowCount())}
    assert AuthorKind.VISITOR in kinds

    window.close()
    assert await asyncio.wait_for(running, 10) == 0


async def test_cancelling_the_picker_quits_cleanly(qtbot: QtBot, tmp_path: Path) -> None:
    import asyncio

    session = DeskSession.open(GuiOptions(tmp_path, None, False), started=0.0)
    running = asyncio.ensure_future(session.run())
    await until(lambda: _visible(PersonPicker), timeout=_FIRST_RUN_S, what="the person picker")
    picker = _visible(PersonPicker)[0]
    cancel = next(b for b in picker.findChildren(QPushButton) if b.text() == "Cancel")
    click(qtbot, cancel)
    assert await asyncio.wait_for(running, 10) == 0
    assert _visible(WorkspaceWindow) == []
