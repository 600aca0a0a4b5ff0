"""The session and the desk's new parts: File → Sign out back to the picker, Quit, About; the Away
status; internal notes from the composer; the Visitor tab."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu
from pytestqt.qtbot import QtBot

from app.appinfo import version
from app.backends.embedded.visitors import for_visitor
from app.cli import GuiOptions
from app.clock import ManualClock
from app.demo import build_sample_organisation
from app.domain import AgentStatus, AuthorKind
from app.store import messages
from tests.app.test_notes import CHROME_ON_LINUX
from tests.conftest import SMALL_SAMPLE, WEDNESDAY_MORNING
from tests.ui.actions import click, click_row
from tests.ui.conftest import Desk, until
from ui.desk import DeskSession
from ui.identity.picker import PersonPicker
from ui.session import AboutDialog, add_session_menus
from ui.workspace.window import WorkspaceWindow


def _menu(window: QMainWindow, title: str) -> QMenu:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    assert isinstance(menu, QMenu)
    return menu


def _action(menu: QMenu, name: str) -> QAction:
    return next(a for a in menu.actions() if a.objectName() == name)


def _visible(kind: type) -> list:  # type: ignore[type-arg]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


async def test_sign_out_returns_to_the_picker_and_quit_ends_the_app(tmp_path: Path) -> None:
    options = GuiOptions(data_dir=tmp_path, sign_in_as="ana", smoke_test=False)
    session = DeskSession.open(options, started=0.0)
    root = logging.getLogger()
    handlers = list(root.handlers)
    running = asyncio.ensure_future(session.run())
    try:
        await until(lambda: _visible(WorkspaceWindow), timeout=60, what="Ana's desk")
        ana_desk = _visible(WorkspaceWindow)[0]
        assert ana_desk.principal.username == "ana"
        assert next(a.text() for a in ana_desk.menuBar().actions()) == "&File"
        _action(_menu(ana_desk, "&File"), "signOut").trigger()
        await until(lambda: _visible(PersonPicker), timeout=20, what="the person picker")
        assert not running.done()  # signing out is not quitting
        assert not _visible(WorkspaceWindow)
        picker = _visible(PersonPicker)[0]
        picker.select_username("bo")
        picker.accept()
        await until(lambda: _visible(WorkspaceWindow), timeout=30, what="Bo's desk")
        bo_desk = _visible(WorkspaceWindow)[0]
        assert bo_desk.principal.username == "bo"
        quit_action = _action(_menu(bo_desk, "&File"), "quit")
        assert quit_action.shortcut().toString() == "Ctrl+Q"
        quit_action.trigger()
        await until(running.done, timeout=20, what="the app to end")
        assert running.result() == 0
        assert not _visible(WorkspaceWindow)
    finally:
        if not running.done():
            running.cancel()
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()


async def test_the_desk_is_painted_from_the_store_first_then_goes_live(qtbot: QtBot, tmp_path: Path) -> None:
    session = DeskSession.open(GuiOptions(data_dir=tmp_path, sign_in_as="bo", smoke_test=False), started=0.0)
    clock = ManualClock(WEDNESDAY_MORNING)
    session.database.write_now(lambda c: build_sample_organisation(c, size=SMALL_SAMPLE, seed=7,
                                                                   now=clock.now()))
    root = logging.getLogger()
    handlers = list(root.handlers)
    running: asyncio.Future[int] | None = None
    try:
        assert session.show_first_frame()
        # On screen before anything asynchronous started: the stored queue and chats, no backend.
        desk = _visible(WorkspaceWindow)[0]
        assert desk.principal.username == "bo" and not desk.is_ready and not hasattr(desk, "backend")
        assert desk.queue_model.rowCount() > 0 and desk.chats_model.rowCount() > 0
        assert next(a.text() for a in desk.menuBar().actions()) == "&File"
        assert desk.availability.text() == "● Available"
        shown = [desk.chats_model.index(row, 0).data() for row in range(desk.chats_model.rowCount())]
        running = asyncio.ensure_future(session.run())
        await until(lambda: desk.is_ready, timeout=30, what="the desk live")
        assert _visible(WorkspaceWindow) == [desk]  # the same window, brought to life
        assert [desk.chats_model.index(row, 0).data() for row in range(desk.chats_model.rowCount())] == shown
        assert "Embedded desk" in desk.statusBar().findChildren(QLabel)[0].text()
        # Live: what the user does reaches the engine.
        first = desk.chats_model.chat_at(0)
        desk.chats_panel.select_chat(first.id)
        desk.open_chat(first.id)
        await until(lambda: desk.conversation.chat is not None and desk.conversation.chat.id == first.id,
                    what="the chat opened")
        _action(_menu(desk, "&File"), "quit").trigger()
        await until(running.done, timeout=20, what="the app to end")
        assert running.result() == 0
    finally:
        if running is not None and not running.done():
            running.cancel()
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()


async def test_no_first_frame_before_the_picker_or_for_a_monitor(tmp_path: Path) -> None:
    for username in (None, "maya", "zed"):
        session = DeskSession.open(GuiOptions(data_dir=tmp_path, sign_in_as=username, smoke_test=False),
                                   started=0.0)
        try:
            assert not session.show_first_frame()  # an empty desk, then the picker or someone else
            if username is None:
                session.database.write_now(lambda c: build_sample_organisation(
                    c, size=SMALL_SAMPLE, seed=7, now=WEDNESDAY_MORNING))
                assert not session.show_first_frame()  # the picker asks who signs in
            assert not _visible(WorkspaceWindow)
        finally:
            session.database.close()
            root = logging.getLogger()
            for handler in root.handlers[:]:
                if isinstance(handler, logging.FileHandler) and str(tmp_path) in handler.baseFilename:
                    root.removeHandler(handler)
                    handler.close()


async def test_about_shows_the_version_licence_and_libraries(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("ana")
    add_session_menus(window, sign_out=lambda: None, quit_app=lambda: None)
    _action(_menu(window, "&Help"), "about").trigger()
    await until(lambda: _visible(AboutDialog), what="the About dialog")
    about = _visible(AboutDialog)[0]
    text = about.text.text()
    assert f"Omnidesk {version()}" in text and version() == "0.1.0"
    assert "Licence: MIT" in text
    for library in ("PySide6", "Qt ", "qasync", "httpx", "websockets", "keyring", "SQLite"):
        assert library in text
    about.close()


async def test_away_is_shown_beside_available_and_reaches_routing(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("ana")
    assert window.presence.isVisible() and window.presence.text() == "● Online"
    _action(window.presence.menu(), "presence-away").trigger()
    await until(lambda: window.presence.text() == "◐ Away", what="away shown")
    routing = await desk.engine.routing()
    await until(lambda: routing.agents["u-ana"].status is AgentStatus.AWAY, what="routing told")
    agents = await window.backend.agents()
    assert next(a for a in agents if a.id == "u-ana").status is AgentStatus.AWAY
    _action(window.presence.menu(), "presence-online").trigger()
    await until(lambda: window.presence.text() == "● Online", what="online again")


async def test_a_note_from_the_composer_is_a_note_for_staff_and_the_visitor_tab_shows_context(
    qtbot: QtBot, desk: Desk
) -> None:
    window = await desk.open("ana")
    click_row(qtbot, window.queue_panel.table, 0)
    click(qtbot, window.queue_panel.take_button)
    await until(window.conversation.composer.isEnabled, what="the taken chat")
    conversation = window.conversation
    assert conversation.note_button.isVisible() and not conversation.note_button.isChecked()
    click(qtbot, conversation.note_button)
    assert conversation.send_button.text() == "Add note"
    conversation.composer.setPlainText("Customer is <b>upset</b>; be gentle")
    click(qtbot, conversation.send_button)
    model = window.messages_model
    await until(lambda: model.rowCount() and model.message_at(model.rowCount() - 1).author_kind
                is AuthorKind.NOTE, what="the note in the conversation")
    note = model.message_at(model.rowCount() - 1)
    assert note.text == "Customer is <b>upset</b>; be gentle"
    assert conversation.composer.toPlainText() == ""
    assert for_visitor(note) is None  # what the widget's paths would send of it: nothing
    chat = conversation.chat
    assert chat is not None
    stored = await desk.engine.database.read(lambda c: messages.page(c, chat.id))
    assert [m.text for m in stored.messages if m.author_kind is AuthorKind.AGENT] == []  # no reply
    click(qtbot, conversation.note_button)  # back to replies
    assert conversation.send_button.text() == "Send"
    # The Visitor tab: this sample visitor came by another channel: no pages, but the department.
    window.side_tabs.setCurrentWidget(window.visitor_panel)
    panel = window.visitor_panel
    await until(lambda: panel.department.text() not in ("—", ""), what="the visitor's context")
    assert panel.pages.count() == 1 and "No pages" in panel.pages.item(0).text()


async def test_the_visitor_tab_shows_pages_and_browser_as_plain_text(qtbot: QtBot, desk: Desk) -> None:
    visitors = desk.engine.visitors
    token = "visitor-token-cccccccccccccccc"
    await visitors.page_visited(token, None, title="<i>Pricing</i>", url="https://shop.example/pricing",
                                user_agent=CHROME_ON_LINUX)
    await visitors.register(token, name="Wanda", department_id="dep-support")
    room = await visitors.start_room(token)
    window = await desk.open("ana")
    window.open_chat(room.id)
    panel = window.visitor_panel
    await until(lambda: panel.browser.text() == "Chrome 124", what="the visitor's browser")
    assert panel.system.text() == "Linux" and panel.department.text() == "Support"
    assert panel.landing.text() == "<i>Pricing</i> — https://shop.example/pricing"
    assert panel.landing.textFormat() == Qt.TextFormat.PlainText
    assert panel.pages.count() == 1 and panel.pages.item(0).text().endswith(
        "<i>Pricing</i> — https://shop.example/pricing")
