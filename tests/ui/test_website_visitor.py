"""What a website visitor changes reaches the agent's desk: an edited message shows its new text
marked as edited, a deleted one a marker where it was, and custom fields set by the site show in
the visitor's context."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from pytestqt.qtbot import QtBot

from app.backends.embedded.visitor_data import FieldValue
from app.store import organisation
from tests.ui.actions import click, click_row
from tests.ui.conftest import Desk, until
from ui.workspace.message_delegate import header_line
from ui.workspace.window import WorkspaceWindow

TOKEN = "website-visitor-token-0001"


async def _served(qtbot: QtBot, desk: Desk) -> tuple[WorkspaceWindow, str]:
    """Ana has taken the visitor's chat and sees it."""
    await desk.engine.visitors.register(TOKEN, name="Wes Web")
    room = await desk.engine.visitors.start_room(TOKEN, department_id="dep-support")
    window = await desk.open("ana")
    row = next(r for r in range(window.queue_model.rowCount())
               if window.queue_model.inquiry_at(r).chat_id == room.id)
    click_row(qtbot, window.queue_panel.table, row)
    click(qtbot, window.queue_panel.take_button)
    await until(lambda: window.conversation.chat is not None and window.conversation.chat.id == room.id
                and window.conversation.composer.isEnabled(), what="the chat")
    return window, room.id


def _bubble(window: WorkspaceWindow, message_id: str) -> tuple[str, str]:
    """(the header line, the text) the conversation shows for the message."""
    row = window.messages_model.row_of(message_id)
    assert row is not None
    message = window.messages_model.message_at(row)
    return header_line(message), str(window.messages_model.data(window.messages_model.index(row, 0)))


async def test_an_edit_and_a_deletion_show_in_the_open_conversation(qtbot: QtBot, desk: Desk) -> None:
    window, room = await _served(qtbot, desk)
    sent = await desk.engine.visitors.send(TOKEN, room, "My order is 1234")
    await until(lambda: window.messages_model.contains(sent.id), what="the message")
    desk.clock.advance(timedelta(minutes=1))
    await desk.engine.visitors.edit_message(TOKEN, room, sent.id, "My order is 1243")
    await until(lambda: _bubble(window, sent.id)[1] == "My order is 1243", what="the edit")
    assert "edited" in _bubble(window, sent.id)[0]
    view = window.conversation.messages
    short = view.visualRect(window.messages_model.index(window.messages_model.row_of(sent.id) or 0, 0))
    longer = "My order is 1243, and the parcel went to my old address. " * 6
    await desk.engine.visitors.edit_message(TOKEN, room, sent.id, longer)
    await until(lambda: _bubble(window, sent.id)[1] == longer, what="the longer edit")
    row = window.messages_model.row_of(sent.id)
    assert row is not None
    await until(lambda: view.visualRect(window.messages_model.index(row, 0)).height() > short.height(),
                what="the bubble grown to the longer text")
    await desk.engine.visitors.delete_message(TOKEN, room, sent.id)
    deleted = "The visitor deleted this message."
    await until(lambda: _bubble(window, sent.id)[1] == deleted, what="the deletion")
    assert "deleted" in _bubble(window, sent.id)[0]


async def test_custom_fields_the_site_set_show_in_the_visitor_context(qtbot: QtBot, desk: Desk) -> None:
    def define(connection: sqlite3.Connection) -> None:
        organisation.set_setting(connection, "livechat_custom_fields", '["plan_tier"]')

    await desk.engine.database.write(define)
    await desk.engine.visitors.register(TOKEN, name="Wes Web")
    await desk.engine.visitors.set_custom_fields(TOKEN, [FieldValue("plan_tier", "gold")], {"plan_tier"})
    window, _room = await _served(qtbot, desk)
    await until(lambda: "plan_tier: gold" in window.visitor_panel.fields.text(), what="the custom field")


def _my_chat_preview(window: WorkspaceWindow, chat_id: str) -> str:
    row = window.chats_model.row_of(chat_id)
    assert row is not None
    return window.chats_model.chat_at(row).last_message


def _queue_preview(window: WorkspaceWindow, chat_id: str) -> str | None:
    for row in range(window.queue_model.rowCount()):
        inquiry = window.queue_model.inquiry_at(row)
        if inquiry.chat_id == chat_id:
            return inquiry.preview
    return None


async def test_list_previews_follow_an_edit_and_a_deletion(qtbot: QtBot, desk: Desk) -> None:
    window, room = await _served(qtbot, desk)
    ana = window.backend
    await ana.send_message(room, "Hello Wes, how can I help?")
    sent = await desk.engine.visitors.send(TOKEN, room, "My order is 1234")
    await until(lambda: _my_chat_preview(window, room) == "My order is 1234", what="the preview")
    await desk.engine.visitors.edit_message(TOKEN, room, sent.id, "My order is 1243")
    await until(lambda: _my_chat_preview(window, room) == "My order is 1243", what="the edited preview")
    await desk.engine.visitors.delete_message(TOKEN, room, sent.id)
    # Gone: the row shows the message before it again.
    await until(lambda: _my_chat_preview(window, room) == "Hello Wes, how can I help?",
                what="the preview without the deleted message")

    # A waiting chat's row shows the visitor's first words: they follow too.
    waiting_token = "website-visitor-token-0002"
    await desk.engine.visitors.register(waiting_token, name="Vera Wait")
    waiting = await desk.engine.visitors.start_room(waiting_token, department_id="dep-support")
    first = await desk.engine.visitors.send(waiting_token, waiting.id, "Refund for order 77")
    second = await desk.engine.visitors.send(waiting_token, waiting.id, "It came broken")
    await until(lambda: _queue_preview(window, waiting.id) == "Refund for order 77", what="the queue row")
    await desk.engine.visitors.edit_message(waiting_token, waiting.id, second.id, "It came broken, twice")
    await desk.engine.visitors.edit_message(waiting_token, waiting.id, first.id, "Refund for order 78")
    await until(lambda: _queue_preview(window, waiting.id) == "Refund for order 78",
                what="the edited queue row")
    await desk.engine.visitors.delete_message(waiting_token, waiting.id, first.id)
    await until(lambda: _queue_preview(window, waiting.id) == "It came broken, twice",
                what="the queue row without the deleted words")


async def test_the_visitor_tab_shows_custom_fields_and_pages_as_they_come(qtbot: QtBot, desk: Desk) -> None:
    def define(connection: sqlite3.Connection) -> None:
        organisation.set_setting(connection, "livechat_custom_fields", '["plan_tier"]')

    await desk.engine.database.write(define)
    window, room = await _served(qtbot, desk)
    await until(lambda: window.visitor_panel.fields.text() == "none", what="no custom field yet")
    # The chat stays open; the site sets a field, then the visitor opens a page.
    await desk.engine.visitors.set_custom_fields(TOKEN, [FieldValue("plan_tier", "gold")], {"plan_tier"})
    await until(lambda: "plan_tier: gold" in window.visitor_panel.fields.text(), what="the custom field")
    await desk.engine.visitors.page_visited(TOKEN, room, title="Pricing", url="https://shop.example/pricing")
    pages = window.visitor_panel.pages
    await until(lambda: any("https://shop.example/pricing" in pages.item(row).text()
                            for row in range(pages.count())), what="the page visited")
