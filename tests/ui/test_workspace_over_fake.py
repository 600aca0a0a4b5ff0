"""The workspace over the scripted FakeBackend: what only a remote backend does (its link drops,
it comes back and says what may have been missed), and actions offered as the policy allows."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from pytestqt.qtbot import QtBot

from app.domain import Channel, ChatStatus, Inquiry
from app.errors import NotAllowed
from app.policy import Action
from tests.ui.actions import click, click_row
from tests.ui.conftest import FakeDeskWindows, until
from ui.workspace.window import WorkspaceWindow


def _inquiry(fake: FakeDeskWindows, text: str, department: str | None = "Support",
             name: str = "Iris Vale") -> Inquiry:
    visitor = fake.desk.new_visitor(name, Channel.EMAIL, f"{name.split()[0].lower()}@example.com")
    where = fake.org.department(department).id if department else None
    return fake.desk.visitor_opens_chat(visitor.id, text, where)


def _queued(window: WorkspaceWindow) -> set[str]:
    return {window.queue_model.inquiry_at(row).id for row in range(window.queue_model.rowCount())}


async def _select(qtbot: QtBot, window: WorkspaceWindow, inquiry: Inquiry) -> None:
    """Click the inquiry's row: its conversation shows, read only."""
    row = window.queue_model.row_of(inquiry.id)
    assert row is not None
    click_row(qtbot, window.queue_panel.table, row)
    await until(lambda: window.conversation.chat is not None
                and window.conversation.chat.id == inquiry.chat_id
                and window.messages_model.rowCount() > 0, what="the inquiry's conversation")


async def test_the_queue_and_my_chats_load(qtbot: QtBot, fake: FakeDeskWindows) -> None:
    parcel = _inquiry(fake, "My parcel never came.")
    invoice = _inquiry(fake, "I was billed twice.", "Billing", "Olu Ade")
    _inquiry(fake, "How much is the big plan?", "Sales", "Pia Lund")  # not Ana's department
    public = _inquiry(fake, "Hello?", None, "Quinn Roe")
    elsewhere = await fake.sign_in("ana")  # Ana, on another computer, took one already
    mine = await elsewhere.take(parcel.id)
    window = await fake.open("ana")
    assert _queued(window) == {invoice.id, public.id}
    assert window.queue_panel.title.text() == "Queue · 2 waiting"
    assert [window.chats_model.chat_at(r).id for r in range(window.chats_model.rowCount())] == [mine.id]


async def test_a_take_by_clicking_shows_the_chat(qtbot: QtBot, fake: FakeDeskWindows) -> None:
    inquiry = _inquiry(fake, "My parcel never came.")
    window = await fake.open("ana")
    await _select(qtbot, window, inquiry)
    click(qtbot, window.queue_panel.take_button)
    await until(window.conversation.composer.isEnabled, what="the taken chat, open for writing")
    assert window.queue_model.row_of(inquiry.id) is None
    assert window.chats_model.row_of(inquiry.chat_id) is not None
    assert window.messages_model.message_at(0).text == "My parcel never came."
    assert fake.desk.chats[inquiry.chat_id].served_by_id == fake.org.person("ana").id


async def test_offline_is_shown_and_a_command_fails_while_what_is_shown_stays(
    qtbot: QtBot, fake: FakeDeskWindows
) -> None:
    inquiry = _inquiry(fake, "My parcel never came.")
    window = await fake.open("ana")
    await _select(qtbot, window, inquiry)
    fake.desk.go_offline("The server is restarting.")
    await until(lambda: "Offline" in window.connection.text(), what="the offline status")
    assert window.connection_bar.text == (
        "Offline — showing what was saved on this computer. Messages you send will go when the "
        "connection is back. The server is restarting.")
    click(qtbot, window.queue_panel.take_button)
    await until(lambda: window.banner.text.startswith("Take the chat:"), what="the failed take")
    assert "Cannot reach the server: The server is restarting." in window.banner.text
    # What was shown stays: the queue, and the conversation being read.
    assert window.queue_model.row_of(inquiry.id) is not None
    assert window.conversation.chat is not None and window.conversation.chat.id == inquiry.chat_id
    assert window.messages_model.message_at(0).text == "My parcel never came."
    assert fake.desk.chats[inquiry.chat_id].status is ChatStatus.QUEUED


async def test_after_reconnecting_the_window_reloads_what_it_missed(
    qtbot: QtBot, fake: FakeDeskWindows
) -> None:
    window = await fake.open("ana")
    fake.desk.go_offline("The Wi-Fi dropped.")
    await until(lambda: "Offline" in window.connection.text(), what="the offline status")
    arrived = _inquiry(fake, "Is anyone there?")  # while offline: nothing reaches the window
    for _ in range(20):  # turns of the loop: the pump would have delivered an event by now
        await asyncio.sleep(0)
    assert window.queue_model.row_of(arrived.id) is None
    fake.desk.reconnect()
    await until(lambda: window.queue_model.row_of(arrived.id) is not None, what="the resynced queue")
    assert window.connection.text() == "" and window.banner.text == "" and window.connection_bar.text == ""
    await _select(qtbot, window, arrived)
    click(qtbot, window.queue_panel.take_button)  # and commands work again
    await until(window.conversation.composer.isEnabled, what="the taken chat")


async def test_a_department_renamed_while_away_shows_by_its_new_name_after_the_resync(
    qtbot: QtBot, fake: FakeDeskWindows
) -> None:
    inquiry = _inquiry(fake, "My parcel never came.")
    window = await fake.open("ana")
    await _select(qtbot, window, inquiry)
    support = fake.org.department("Support")
    assert window.queue_model.display(inquiry, window.queue_model.DEPARTMENT) == "Support"
    fake.desk.go_offline("The Wi-Fi dropped.")
    await until(lambda: "Offline" in window.connection.text(), what="the offline status")
    fake.desk.departments[support.id] = dataclasses.replace(support, name="Customer care")
    fake.desk.reconnect()
    await until(lambda: window.queue_model.display(inquiry, window.queue_model.DEPARTMENT) == "Customer care",
                what="the queue to name the department anew")
    assert "Customer care" in window.conversation.details.text()
    assert "Support" not in window.conversation.details.text()


async def test_a_monitor_is_offered_what_the_policy_allows(qtbot: QtBot, fake: FakeDeskWindows) -> None:
    served, waiting = _inquiry(fake, "My parcel never came."), _inquiry(fake, "Hello?", name="Olu Ade")
    ana = await fake.sign_in("ana")
    chat = await ana.take(served.id)
    window = await fake.open("maya")
    conversation = window.conversation
    buttons = {Action.CLOSE: conversation.close_button, Action.TRANSFER: conversation.transfer_button}

    def offered() -> set[Action]:
        return {action for action, button in buttons.items() if button.isVisible()}

    def allowed() -> set[Action]:
        assert conversation.chat is not None
        return set(window.backend.capabilities(conversation.chat.place) & buttons.keys())

    await _select(qtbot, window, waiting)
    assert offered() == allowed() == set()  # a waiting chat is taken, not closed or transferred
    window.open_chat(chat.id)
    await until(lambda: conversation.chat is not None and conversation.chat.id == chat.id,
                what="Ana's chat")
    assert offered() == allowed() == {Action.CLOSE, Action.TRANSFER}
    assert not conversation.composer.isEnabled()  # a monitor reads; the agent writes
    await ana.put_on_hold(chat.id)
    await until(lambda: conversation.chat is not None and conversation.chat.status is ChatStatus.ON_HOLD,
                what="the chat on hold")
    assert offered() == allowed() == {Action.CLOSE}  # a chat on hold is not transferred
    await ana.resume(chat.id)
    await until(lambda: offered() == {Action.CLOSE, Action.TRANSFER}, what="the resumed chat's actions")
    assert offered() == allowed()
    await ana.transfer(chat.id, to_department_id=fake.org.department("Sales").id)  # not Maya's unit
    await until(lambda: not offered(), what="the chat gone out of Maya's reach")
    with pytest.raises(NotAllowed):
        await window.backend.chat(chat.id)
