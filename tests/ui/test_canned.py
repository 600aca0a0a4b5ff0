"""Canned responses: !shortcut then Tab, the picker, and saving one's own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from tests.ui.actions import click, click_row
from tests.ui.conftest import Desk, until
from ui.workspace.canned_picker import CannedPicker
from ui.workspace.window import WorkspaceWindow


async def _writing(qtbot: QtBot, desk: Desk) -> WorkspaceWindow:
    window = await desk.open("ana")
    click_row(qtbot, window.queue_panel.table, 0)
    click(qtbot, window.queue_panel.take_button)
    await until(window.conversation.composer.isEnabled, what="the taken chat")
    return window


def _visible_picker() -> CannedPicker | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, CannedPicker) and w.isVisible()]
    return found[0] if found else None


async def test_bang_shortcut_and_tab_expands_in_place(qtbot: QtBot, desk: Desk) -> None:
    window = await _writing(qtbot, desk)
    composer = window.conversation.composer
    qtbot.keyClicks(composer, "Hi! !reset")
    qtbot.keyClick(composer, Qt.Key.Key_Tab)
    assert composer.toPlainText() == (
        "Hi! I have sent you a link to reset your password; it is valid for one hour.")


async def test_an_ambiguous_shortcut_opens_the_picker_filtered(qtbot: QtBot, desk: Desk) -> None:
    window = await _writing(qtbot, desk)
    composer = window.conversation.composer
    qtbot.keyClicks(composer, "!ref")  # no exact match: refund is close
    qtbot.keyClick(composer, Qt.Key.Key_Tab)
    await until(_visible_picker, what="the picker")
    picker = _visible_picker()
    assert picker is not None and picker.proxy.rowCount() == 1
    click(qtbot, picker.insert_button)
    await until(lambda: composer.toPlainText().startswith("I have started your refund"), what="insert")


async def test_saving_and_deleting_my_own(qtbot: QtBot, desk: Desk) -> None:
    window = await _writing(qtbot, desk)
    composer = window.conversation.composer
    qtbot.keyClicks(composer, "Thanks for waiting, I am back.")
    click(qtbot, window.conversation.save_canned_button)
    def asking() -> bool:
        return any(isinstance(w, QInputDialog) and w.isVisible() for w in QApplication.topLevelWidgets())

    await until(asking, what="the shortcut question")
    ask = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible())
    ask.setTextValue("back")
    ask.accept()
    await until(lambda: any(r.shortcut == "back" for r in window.conversation.canned), what="saved")
    composer.clear()
    qtbot.keyClicks(composer, "!back")
    qtbot.keyClick(composer, Qt.Key.Key_Tab)
    assert composer.toPlainText() == "Thanks for waiting, I am back."
    window.activateWindow()  # shortcuts act in the active window; the question dialog had it
    await until(window.isActiveWindow, what="the window to be active again")
    qtbot.keyClick(composer, Qt.Key.Key_K,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    await until(_visible_picker, what="the picker")
    picker = _visible_picker()
    assert picker is not None
    picker.filter.setText("back")
    click(qtbot, picker.delete_button)
    picker.reject()
    await until(lambda: window.runner.pending == 0, what="the delete")
    assert "back" not in {r.shortcut for r in await window.backend.canned_responses()}
