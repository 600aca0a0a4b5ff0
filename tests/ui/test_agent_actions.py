"""Transfer, hold and resume, the keyboard, drafts: clicked and typed as an agent would."""

from __future__ import annotations

from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.domain import ChatStatus
from app.errors import NotAllowed
from tests.ui.actions import click, click_row
from tests.ui.conftest import Desk, until
from ui.style import Theme
from ui.workspace.close_dialog import CloseChatDialog
from ui.workspace.shortcuts import SHORTCUTS, ShortcutHelp
from ui.workspace.transfer_dialog import TransferDialog
from ui.workspace.window import WorkspaceWindow

D = TypeVar("D", bound=QDialog)


def _open_dialog(kind: type[D]) -> D | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


async def _take_first(qtbot: QtBot, desk: Desk, username: str) -> WorkspaceWindow:
    window = await desk.open(username)
    click_row(qtbot, window.queue_panel.table, 0)
    click(qtbot, window.queue_panel.take_button)
    await until(window.conversation.composer.isEnabled, what="the taken chat")
    return window


async def test_transfer_dialog_shows_availability_and_load_and_moves_the_chat(
    qtbot: QtBot, desk: Desk
) -> None:
    window = await _take_first(qtbot, desk, "ana")
    chat = window.conversation.chat
    assert chat is not None
    click(qtbot, window.conversation.transfer_button)
    await until(lambda: _open_dialog(TransferDialog), what="the transfer dialog")
    dialog = _open_dialog(TransferDialog)
    assert isinstance(dialog, TransferDialog)
    model = dialog.agents_model
    rows = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert not any(r.startswith("Ana Souza") for r in rows)  # not to herself
    bo = next(r for r in range(model.rowCount()) if model.value_at(r).username == "bo")
    gabe = next(r for r in range(model.rowCount()) if model.value_at(r).username == "gabe")
    assert "● available" in rows[bo] and "open chat" in rows[bo]
    assert "○ not available" in rows[gabe]
    assert not model.flags(model.index(gabe, 0)) & Qt.ItemFlag.ItemIsEnabled
    assert not dialog.transfer_button.isEnabled()
    click_row(qtbot, dialog.agents, bo)
    qtbot.keyClicks(dialog.comment, "Bo handles couriers")
    click(qtbot, dialog.transfer_button)
    await until(lambda: window.chats_model.row_of(chat.id) is None, what="the chat to leave")
    with pytest.raises(NotAllowed):  # no longer Ana's: she may not read it any more
        await window.backend.chat(chat.id)
    bo_backend = await desk.engine.sign_in("bo")
    transferred = await bo_backend.chat(chat.id)
    await bo_backend.aclose()
    assert transferred.served_by_id == "u-bo"
    assert transferred.transfers[-1].comment == "Bo handles couriers"


async def test_hold_and_resume_from_the_conversation(qtbot: QtBot, desk: Desk) -> None:
    window = await _take_first(qtbot, desk, "ana")
    conversation = window.conversation
    click(qtbot, conversation.hold_button)
    await until(lambda: conversation.chat is not None and conversation.chat.status is ChatStatus.ON_HOLD,
                what="on hold")
    assert not conversation.composer.isEnabled() and conversation.hold_button.text() == "Resume"
    assert "on hold" in window.chats_model.index(0, 0).data()
    click(qtbot, conversation.hold_button)
    await until(lambda: conversation.chat is not None and conversation.chat.status is ChatStatus.OPEN,
                what="resumed")
    assert conversation.composer.isEnabled()


async def test_a_whole_chat_by_keyboard(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("ana")
    window.activateWindow()
    waiting = window.queue_model.rowCount()
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: window.chats_model.rowCount() == 1 and window.conversation.composer.isEnabled(),
                what="take next")
    assert window.queue_model.rowCount() == waiting - 1
    window.conversation.composer.setFocus()
    qtbot.keyClicks(window.conversation.composer, "All by keyboard")
    qtbot.keyClick(window.conversation.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: window.messages_model.message_at(window.messages_model.rowCount() - 1).text
                == "All by keyboard", what="sent")
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: _open_dialog(CloseChatDialog), what="the close dialog")
    dialog = _open_dialog(CloseChatDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.tags, "keyboard")
    qtbot.keyClick(dialog.tags, Qt.Key.Key_Return)
    assert dialog.isVisible() and "keyboard" in dialog.tags_field.problem.text()  # not a managed tag
    dialog.tags.clear()
    qtbot.keyClicks(dialog.tags, "vip")
    popup = dialog.tags_field._completer.popup()
    picking = popup is not None and popup.isVisible()
    qtbot.keyClick(popup if picking and popup else dialog.tags, Qt.Key.Key_Return)  # pick "vip"
    if dialog.isVisible():
        qtbot.keyClick(dialog.tags, Qt.Key.Key_Return)
    await until(lambda: window.chats_model.rowCount() == 0, what="closed")


async def test_f1_lists_every_shortcut(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("ana")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    await until(lambda: _open_dialog(ShortcutHelp), what="the help")
    help_dialog = _open_dialog(ShortcutHelp)
    assert help_dialog is not None
    from PySide6.QtWidgets import QLabel

    texts = {label.text() for label in help_dialog.findChildren(QLabel)}
    assert {s.what for s in SHORTCUTS} <= texts
    help_dialog.reject()


async def test_drafts_survive_switching_chats_and_reopening_the_window(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("bo")  # bo serves one or two chats already
    first = window.chats_model.chat_at(0)
    window.open_chat(first.id)
    await until(lambda: window.conversation.chat is not None and window.conversation.chat.id == first.id,
                what="first chat")
    qtbot.keyClicks(window.conversation.composer, "half-written reply")
    window.open_chat(window.queue_model.inquiry_at(0).chat_id)  # look at a queued chat
    await until(lambda: window.conversation.chat is not None and window.conversation.chat.id != first.id,
                what="another chat")
    assert window.conversation.composer.toPlainText() == ""
    window.open_chat(first.id)
    await until(lambda: window.conversation.composer.toPlainText() == "half-written reply",
                what="the draft back")
    await window.shutdown()
    again = await desk.open("bo")
    again.open_chat(first.id)
    await until(lambda: again.conversation.composer.toPlainText() == "half-written reply",
                what="the draft after a restart")


async def test_theme_and_text_size_are_chosen_from_the_view_menu_and_kept(qtbot: QtBot, desk: Desk) -> None:
    from PySide6.QtGui import QAction, QPalette

    window = await desk.open("ana")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette().color(QPalette.ColorRole.Window).lightness()
    dark_action = window.findChild(QAction, "theme-dark")
    assert dark_action is not None
    dark_action.trigger()
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < light
    assert window._settings.value("appearance/theme") == "dark"
    size = app.font().pointSizeF()
    window.change_text_size(+1)
    assert app.font().pointSizeF() == size + 1
    assert float(str(window._settings.value("appearance/font_size"))) == size + 1
    window.set_theme(Theme.LIGHT)
    window.change_text_size(0)


async def test_chat_info_dialog_sets_topic_priority_and_tags(qtbot: QtBot, desk: Desk) -> None:
    from ui.workspace.info_dialog import ChatInfoDialog

    window = await _take_first(qtbot, desk, "ana")
    click(qtbot, window.conversation.info_button)
    await until(lambda: _open_dialog(ChatInfoDialog), what="the info dialog")
    dialog = _open_dialog(ChatInfoDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.topic, "Refund for order 5")
    dialog.priority.setCurrentIndex(dialog.priority.findText("High"))
    dialog.tags_field.edit.setText("refund, nonsense")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and "nonsense" in dialog.tags_field.problem.text()
    dialog.tags_field.edit.setText("refund")
    click(qtbot, dialog.save_button)
    await until(lambda: "Refund for order 5" in window.conversation.details.text(), what="the new info")
    assert "High priority" in window.conversation.details.text()
    assert "tags: refund" in window.conversation.details.text()


async def test_the_website_chat_page_shows_the_snippet_or_how_to_turn_it_on(qtbot: QtBot, desk: Desk) -> None:
    from ui.workspace.website_dialog import WebsiteChatDialog

    window = await desk.open("ana")
    window.show_website_chat()
    await until(lambda: _open_dialog(WebsiteChatDialog), what="the page")
    dialog = _open_dialog(WebsiteChatDialog)
    assert dialog is not None and not dialog.snippet.isVisible()
    dialog.reject()
    window._website_snippet = '<script>window.RocketChat.url = "http://127.0.0.1:3000/livechat";</script>'
    window.show_website_chat()
    await until(lambda: _open_dialog(WebsiteChatDialog), what="the page again")
    dialog = _open_dialog(WebsiteChatDialog)
    assert dialog is not None and "RocketChat.url" in dialog.snippet.toPlainText()
    dialog.reject()
