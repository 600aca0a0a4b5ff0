"""A message written while the server could not be reached shows as waiting to send, until the
server has it (a remote backend's outbox sends it and says so with MessageChanged)."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from app.backends.events import MessageAdded, MessageChanged
from app.domain import AuthorKind, Channel, Message
from tests.ui.actions import click, click_row
from tests.ui.conftest import FakeDeskWindows, until
from ui.workspace.message_delegate import header_line


async def test_a_pending_message_shows_as_waiting_until_the_server_has_it(
    qtbot: QtBot, fake: FakeDeskWindows
) -> None:
    visitor = fake.desk.new_visitor("Iris Vale", Channel.EMAIL, "iris@example.com")
    support = fake.org.department("Support").id
    inquiry = fake.desk.visitor_opens_chat(visitor.id, "My parcel never came.", support)
    window = await fake.open("ana")
    row = window.queue_model.row_of(inquiry.id)
    assert row is not None
    click_row(qtbot, window.queue_panel.table, row)
    click(qtbot, window.queue_panel.take_button)
    await until(window.conversation.composer.isEnabled, what="the taken chat")
    ana = fake.org.person("ana")
    written = Message("client-chosen-id-1", inquiry.chat_id, AuthorKind.AGENT, ana.id, ana.name,
                      "Sorry to hear that: let me look.", fake.clock.now(), pending=True)
    place = fake.desk.place(fake.desk.chats[inquiry.chat_id])
    fake.desk.publish(MessageAdded(written, place))
    await until(lambda: window.messages_model.contains(written.id), what="the message written offline")
    shown = window.messages_model.message_at(window.messages_model.row_of(written.id) or 0)
    assert header_line(shown).endswith(" · waiting to send")
    window.conversation.messages.viewport().grab()  # painted muted, without complaint
    fake.desk.publish(MessageChanged(replace(written, pending=False), place))
    await until(lambda: not window.messages_model.message_at(
        window.messages_model.row_of(written.id) or 0).pending, what="the server's acknowledgement")
    assert "waiting to send" not in header_line(window.messages_model.message_at(
        window.messages_model.row_of(written.id) or 0))
