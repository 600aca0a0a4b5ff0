"""The conversation: clickable web links (and nothing else), older pages on scrolling up."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from app.store import messages
from app.store.rows import to_ms
from tests.ui.actions import click, click_row
from tests.ui.conftest import Desk, until
from ui.workspace.message_delegate import avatar_colour, initials, links_in
from ui.workspace.window import WorkspaceWindow


async def _chat_with(qtbot: QtBot, desk: Desk, text: str) -> WorkspaceWindow:
    window = await desk.open("ana")
    click_row(qtbot, window.queue_panel.table, 0)
    click(qtbot, window.queue_panel.take_button)
    await until(window.conversation.composer.isEnabled, what="the taken chat")
    chat = window.conversation.chat
    assert chat is not None
    await desk.engine.post_visitor_message(chat.id, text)
    await until(
        lambda: window.messages_model.message_at(window.messages_model.rowCount() - 1).text == text,
        what="the message",
    )
    return window


def _point_in(window: WorkspaceWindow, row: int, character: int) -> QPoint:
    """Where character `character` of message `row` is drawn, in viewport coordinates."""
    view = window.conversation.messages
    index = window.messages_model.index(row, 0)
    view.scrollTo(index)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    shape = window.conversation.delegate._geometry(option, window.messages_model.message_at(row))
    line = shape.body.lineForTextPosition(character)
    at_x: Any = line.cursorToX(character)  # PySide returns (x, position) here
    x = shape.inner.left() + int(at_x[0] if isinstance(at_x, tuple) else at_x) + 2
    y = shape.inner.top() + shape.header_height + int(line.y() + line.height() / 2)
    return QPoint(x, y)


def test_links_are_found_without_trailing_punctuation() -> None:
    assert links_in("see https://example.com/a?b=1. and mailto:x@example.com!") == [
        (4, 25, "https://example.com/a?b=1"),
        (35, 20, "mailto:x@example.com"),
    ]
    assert links_in("javascript:alert(1) file:///etc/passwd www.example.com") == []


async def test_clicking_a_link_opens_it_in_the_browser(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url).toString()))
    text = "Tracking: https://example.com/track/42 (thanks)"
    window = await _chat_with(qtbot, desk, text)
    row = window.messages_model.rowCount() - 1
    view = window.conversation.messages
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_point_in(window, row, 15))
    assert opened == ["https://example.com/track/42"]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_point_in(window, row, 2))
    assert opened == ["https://example.com/track/42"]  # plain words open nothing


async def test_scrolling_to_the_top_loads_older_pages(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("bo")
    chat = window.chats_model.chat_at(0)
    start = desk.clock.now()

    def write(connection: sqlite3.Connection) -> None:
        messages.insert_many(
            connection,
            [
                (f"old-{n}", chat.id, "visitor", "v", "Visitor", f"old {n}", to_ms(start) - 10_000_000 + n)
                for n in range(1_200)
            ],
        )

    before = len((await window.backend.messages(chat.id, limit=10_000)).messages)
    await desk.engine.database.write(write)
    window.open_chat(chat.id)
    await until(
        lambda: window.messages_model.chat_id == chat.id and window.messages_model.rowCount() == 500,
        what="the newest page",
    )
    bar = window.conversation.messages.verticalScrollBar()
    for expected in (1000, 1200 + before):
        await until(lambda: bar.maximum() > 0, what="layout")
        bar.setValue(bar.minimum() + 1)
        bar.setValue(bar.minimum())
        await until(
            lambda: window.messages_model.rowCount() >= expected,  # noqa: B023
            what=f"{expected} messages",
        )
    assert window.conversation.older is None
    assert window.messages_model.rowCount() == 1200 + before
    texts = [window.messages_model.message_at(r).text for r in range(window.messages_model.rowCount())]
    # Stamped before the chat's own messages, the old ones read first (a chat reads in the order
    # its messages were sent, app.store.messages.page), in order, none twice.
    assert texts[:1_200] == [f"old {n}" for n in range(1_200)]


async def test_visitor_idle_time_is_shown_and_ticks(qtbot: QtBot, desk: Desk) -> None:
    from datetime import timedelta

    window = await _chat_with(qtbot, desk, "Hello?")
    name = window.conversation.chat.visitor_name if window.conversation.chat else ""
    await until(lambda: window.conversation.idle.text() == f"{name} last wrote 0 s ago", what="idle")
    desk.clock.advance(timedelta(minutes=3, seconds=5))
    window._show_idle()
    assert window.conversation.idle.text() == f"{name} last wrote 3 min 05 s ago"


async def test_the_agent_sees_the_visitor_typing(qtbot: QtBot, desk: Desk) -> None:
    token = "typing-visitor-token-0001"
    await desk.engine.visitors.register(token, name="Tia Typist")
    room = await desk.engine.visitors.start_room(token, department_id="dep-support")
    await desk.engine.visitors.send(token, room.id, "Hello?")
    window = await desk.open("ana")
    row = window.queue_model.row_of(
        next(
            window.queue_model.inquiry_at(r).id
            for r in range(window.queue_model.rowCount())
            if window.queue_model.inquiry_at(r).chat_id == room.id
        )
    )
    assert row is not None
    click_row(qtbot, window.queue_panel.table, row)
    click(qtbot, window.queue_panel.take_button)
    await until(
        lambda: (
            window.conversation.chat is not None
            and window.conversation.chat.id == room.id
            and window.conversation.composer.isEnabled()
        ),
        what="the chat",
    )
    await desk.engine.visitors.typing(token, room.id, True)
    await until(lambda: window.conversation.idle.text() == "Tia Typist is typing…", what="typing")
    # What refreshes the visitor's silence must not hide the typing: the chat's messages landing
    # (they used to, when the chat just taken loaded after the typing notice), a new message,
    # the ticker.
    window.open_chat(room.id)
    await until(lambda: window.runner.pending == 0, what="the chat to load again")
    await window.backend.send_message(room.id, "One moment, please.")
    await until(
        lambda: window.messages_model.message_at(window.messages_model.rowCount() - 1).text
        == "One moment, please.",
        what="the reply",
    )
    window._show_idle()
    assert window.conversation.idle.text() == "Tia Typist is typing…"
    await desk.engine.visitors.typing(token, room.id, False)
    await until(lambda: window.conversation.idle.text() == "Tia Typist last wrote 0 s ago", what="stopped")


async def test_bubbles_never_overlap_after_the_conversation_narrows(qtbot: QtBot, desk: Desk) -> None:
    text = "Your phone's clock was off; two-factor codes depend on it being right. " * 2
    window = await _chat_with(qtbot, desk, text)
    chat = window.conversation.chat
    assert chat is not None
    view, model = window.conversation.messages, window.messages_model
    for _ in range(12):  # enough rows for a scroll bar, which narrows the viewport too
        await desk.engine.post_visitor_message(chat.id, text)
    window.resize(1600, 800)
    await until(lambda: model.rowCount() >= 14, what="the messages")
    await asyncio.sleep(0.3)  # laid out at the wide width
    window.resize(1000, 800)  # the conversation narrows: its bubbles wrap to more lines

    def rows_fit() -> bool:
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        spans = []
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            rect = view.visualRect(index)
            if rect.height() < window.conversation.delegate.sizeHint(option, index).height():
                return False
            spans.append((rect.top(), rect.bottom()))
        return all(bottom < next_top for (_, bottom), (next_top, _) in itertools.pairwise(spans))

    await until(rows_fit, what="every bubble as tall as its wrapped text, none overlapping")


def test_avatars_show_initials_in_a_colour_of_their_own() -> None:
    assert [initials(n) for n in ("Ana Souza", "Noah D.", "Élise de la Tour", "<b>", "42", "")] == \
        ["AS", "ND", "ÉT", "B", "?", "?"]
    assert avatar_colour("u-ana") == avatar_colour("u-ana")
    assert len({avatar_colour(f"visitor-{n}").name() for n in range(40)}) > 5
