"""Settings that apply at once, a queue agents expect, closing that keeps tags, words for
monitors: clicked as a user clicks, on the embedded desk."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from app.clock import ManualClock
from app.domain import ChatStatus
from tests.ui.actions import click, click_row, row_texts
from tests.ui.conftest import Desk, until
from tests.ui.test_monitor import Monitors
from ui.models.queue import QueueModel
from ui.style import DEFAULT_POINT_SIZE, Theme, apply_style
from ui.workspace.close_dialog import CloseChatDialog
from ui.workspace.info_dialog import ChatInfoDialog
from ui.workspace.queue_panel import not_available_tip
from ui.workspace.window import WorkspaceWindow

D = TypeVar("D", bound=QDialog)

# Widgets that keep a colour of their own (a badge, the problem strip, a toast in the window colour).
_OWN_COLOURS = {"banner", "unknownBadge", "verifiedBadge", "mergeNote", "toast"}


def _open_dialog(kind: type[D]) -> D | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def _panels(window: QMainWindow) -> list[QWidget]:
    def own_colours(widget: QWidget) -> bool:
        parent = widget.parentWidget()
        names = {widget.objectName(), parent.objectName() if parent is not None else ""}
        return bool(names & _OWN_COLOURS)

    return [w for w in window.findChildren(QWidget) if w.isVisible() and not own_colours(w)]


def _menu_action(window: QMainWindow, text: str) -> QAction:
    found = [a for a in window.findChildren(QAction) if a.objectName() == text or a.text() == text]
    assert found, text
    return found[0]


async def test_theme_and_text_size_repaint_every_panel_of_every_open_window(
    qtbot: QtBot, desk: Desk, clock: ManualClock, tmp_path: Path
) -> None:
    app = _app()
    apply_style(app)  # the style sheets the app runs with: they used to pin the old palette
    desk_window = await desk.open("ana")
    monitors = Monitors(clock, tmp_path / "monitor.ini")
    try:
        monitor = await monitors.open("maya")
        windows: list[QMainWindow] = [desk_window, monitor]
        _menu_action(desk_window, "theme-light").trigger()
        light = app.palette()
        _menu_action(desk_window, "theme-dark").trigger()
        dark = app.palette()
        assert dark.color(QPalette.ColorRole.Window) != light.color(QPalette.ColorRole.Window)
        for window in windows:
            panels = _panels(window)
            assert len(panels) > 20
            active = QPalette.ColorGroup.Active
            texts = {dark.color(active, role).name() for role in (
                QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText,
                QPalette.ColorRole.PlaceholderText)}  # muted notes read in the placeholder colour
            for widget in panels:
                palette = widget.palette()
                for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
                    assert palette.color(active, role) == dark.color(active, role), (
                        widget.objectName(), type(widget), role)
                for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
                    assert palette.color(active, role).name() in texts, (
                        widget.objectName(), type(widget), role)
        # A table's rows paint with the dark base and text.
        queue = desk_window.queue_panel.table
        base = QPalette.ColorRole.Base
        assert queue.viewport().palette().color(base) == dark.color(base)

        before = {id(w): w.font().pointSizeF() for window in windows for w in _panels(window)
                  if isinstance(w, QLabel)}
        _menu_action(desk_window, "Larger text").trigger()
        _menu_action(desk_window, "Larger text").trigger()
        for window in windows:
            for widget in _panels(window):
                if isinstance(widget, QLabel) and id(widget) in before:
                    assert widget.font().pointSizeF() > before[id(widget)], widget.objectName()
        heading = desk_window.conversation.heading.font().pointSizeF()
        assert heading > app.font().pointSizeF()  # the heading stays the larger one
    finally:
        _menu_action(desk_window, "theme-light").trigger()
        _menu_action(desk_window, "Normal text size").trigger()
        assert app.font().pointSizeF() == DEFAULT_POINT_SIZE
        await monitors.close()
        desk_window.set_theme(Theme.SYSTEM)


async def _take_first(qtbot: QtBot, desk: Desk, username: str = "ana") -> WorkspaceWindow:
    window = await desk.open(username)
    click_row(qtbot, window.queue_panel.table, 0)
    click(qtbot, window.queue_panel.take_button)
    await until(window.conversation.composer.isEnabled, what="the taken chat")
    return window


async def test_closing_keeps_the_tags_set_in_chat_info(qtbot: QtBot, desk: Desk) -> None:
    window = await _take_first(qtbot, desk)
    chat = window.conversation.chat
    assert chat is not None
    click(qtbot, window.conversation.info_button)
    await until(lambda: _open_dialog(ChatInfoDialog), what="the info dialog")
    info = _open_dialog(ChatInfoDialog)
    assert info is not None
    tag = window._tags[0]
    info.tags_field.edit.setText(tag)
    click(qtbot, info.save_button)
    await until(lambda: window.conversation.chat is not None and window.conversation.chat.tags == (tag,),
                what="the tag on the chat")
    click(qtbot, window.conversation.close_button)
    await until(lambda: _open_dialog(CloseChatDialog), what="the close dialog")
    dialog = _open_dialog(CloseChatDialog)
    assert dialog is not None
    assert dialog.chosen_tags() == [tag]  # it starts with the chat's tags
    qtbot.keyClicks(dialog.comment, "Solved")
    click(qtbot, dialog.close_button)
    await until(lambda: window.conversation.chat is not None
                and window.conversation.chat.status is ChatStatus.CLOSED, what="the closed chat")
    closed = await window.backend.chat(chat.id)
    assert closed.tags == (tag,)


async def test_queue_sorts_by_header_filters_and_shows_routings_place_in_line(
    qtbot: QtBot, desk: Desk
) -> None:
    window = await desk.open("ana")
    table = window.queue_panel.table
    model = window.queue_model
    count = model.rowCount()
    assert count >= 3
    oldest_first = [model.inquiry_at(r).visitor_name for r in range(count)]
    assert row_texts(table, QueueModel.VISITOR) == oldest_first  # the default order
    header = table.horizontalHeader()

    def click_header(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(
            x, header.height() // 2))

    click_header(QueueModel.VISITOR)
    names = row_texts(table, QueueModel.VISITOR)
    assert names in (sorted(names, key=str.casefold), sorted(names, key=str.casefold, reverse=True))
    click_header(QueueModel.VISITOR)
    assert row_texts(table, QueueModel.VISITOR) == list(reversed(names))
    click_header(QueueModel.WAITING)
    if row_texts(table, QueueModel.VISITOR) != oldest_first:
        click_header(QueueModel.WAITING)
    assert row_texts(table, QueueModel.VISITOR) == oldest_first

    # Routing's place in line, with its estimate when someone is online to serve the line.
    await until(lambda: all(text.startswith("#") for text in row_texts(table, QueueModel.PLACE)),
                what="the places in line")
    places = await window.backend.queue_places()
    first = model.inquiry_at(0)
    assert row_texts(table, QueueModel.PLACE)[0].startswith(f"#{places[first.id].place}")

    # The filter keeps the rows holding every word typed.
    target = model.inquiry_at(count - 1)
    qtbot.keyClicks(window.queue_panel.filter, target.visitor_name.split()[0])
    shown = row_texts(table, QueueModel.VISITOR)
    assert target.visitor_name in shown and len(shown) < count
    window.queue_panel.filter.clear()
    assert len(row_texts(table, QueueModel.VISITOR)) == count
    qtbot.keyClicks(window.queue_panel.filter, "no such visitor anywhere")
    assert row_texts(table, QueueModel.VISITOR) == []
    window.queue_panel.filter.clear()


async def test_after_take_no_other_row_is_selected(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("ana")
    table = window.queue_panel.table
    click_row(qtbot, table, 1)
    taken = window.queue_panel.selected_inquiry()
    assert taken is not None
    click(qtbot, window.queue_panel.take_button)
    await until(lambda: window.queue_model.row_of(taken.id) is None, what="the inquiry to leave")
    assert window.queue_panel.selected_inquiry() is None
    assert not table.selectionModel().hasSelection()
    assert not window.queue_panel.take_button.isEnabled()


async def test_take_is_off_while_not_available_and_says_why(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("ana")
    if window.availability.isChecked():
        click(qtbot, window.availability)
        await until(lambda: not window.availability.isChecked(), what="Not available")
    click_row(qtbot, window.queue_panel.table, 0)
    await until(lambda: window.queue_panel.take_button.toolTip() == not_available_tip(), what="the reason")
    assert not window.queue_panel.take_button.isEnabled()
    before = window.queue_model.rowCount()
    window.take_next()  # Ctrl+T: refused here, with the reason
    assert window.banner.isVisible() and window.queue_model.rowCount() == before
    click(qtbot, window.availability)
    await until(window.queue_panel.take_button.isEnabled, what="Take back on")


async def test_a_monitor_gets_no_agent_words_or_keys(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("maya")
    window._on_notifier_badge_changed(4)
    assert "for you" not in window.attention.text() and "4 waiting" in window.attention.text()
    agent_keys = {QKeySequence(k).toString() for k in ("Ctrl+T", "Alt+Down", "Alt+Up", "Ctrl+M")}
    for shortcut in window.shortcuts:
        if shortcut.key().toString() in agent_keys:
            assert not shortcut.isEnabled()
    window.show_shortcuts()
    from ui.workspace.shortcuts import ShortcutHelp

    await until(lambda: _open_dialog(ShortcutHelp), what="the shortcut list")
    listed = _open_dialog(ShortcutHelp)
    assert listed is not None
    texts = {label.text() for label in listed.findChildren(QLabel)}
    assert "Take the next inquiry in the queue" not in texts and "Focus my chats" not in texts
    listed.reject()
    agent = await desk.open("ana")
    agent._on_notifier_badge_changed(2)
    assert "2 waiting for you" in agent.attention.text()


async def test_panels_keep_their_widths_and_nothing_is_cut_from_1024_to_1920(
    qtbot: QtBot, desk: Desk
) -> None:
    from PySide6.QtWidgets import QAbstractScrollArea

    window = await desk.open("ana")
    for width, height in ((1024, 640), (1920, 1080)):
        window.resize(width, height)
        await asyncio.sleep(0.1)  # let the layout settle at the new size
        columns, _left = window.splitters
        sizes = columns.sizes()
        click_row(qtbot, window.queue_panel.table, 0)
        if window.queue_panel.take_button.isEnabled():
            click(qtbot, window.queue_panel.take_button)
            await until(window.conversation.composer.isEnabled, what="the taken chat")
        assert columns.sizes() == sizes  # Take does not move the panels
        for row in range(window.chats_model.rowCount()):
            window.open_chat(window.chats_model.chat_at(row).id)
            await until(lambda: window.messages_model.rowCount() > 0, what="the chat")
            assert columns.sizes() == sizes  # nor does switching chats
        for view in (window.queue_panel.table, window.conversation.messages):
            assert isinstance(view, QAbstractScrollArea)
            assert not view.horizontalScrollBar().isVisible(), (width, view.objectName())
        for widget in (window.queue_panel.take_button, window.queue_panel.filter,
                       window.conversation.composer, window.availability):
            visible = widget.visibleRegion().boundingRect()
            assert visible.width() == widget.width(), (width, widget.objectName())
    saved = window._settings.value("layout/deskColumns")
    columns.splitterMoved.emit(0, 1)
    assert window._settings.value("layout/deskColumns") is not None or saved is not None
