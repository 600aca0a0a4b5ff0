"""Contacts at the agent desk, clicked through over the embedded engine: verifying a chat's
channel makes one contact of a person's two, the blocking settings keep chats from being taken
and say why, and Verify is offered only where the policy allows it."""

from __future__ import annotations

import sqlite3
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.contacts import blocking
from app.domain import Channel, Visitor
from app.policy import Action
from app.store import contacts, organisation
from tests.ui.actions import click, click_row, double_click_row
from tests.ui.conftest import Desk, FakeDeskWindows, until
from ui.models.queue import QueueModel
from ui.workspace.verify_dialog import VerifyDialog, suggested_verification
from ui.workspace.window import WorkspaceWindow

D = TypeVar("D", bound=QDialog)
SUPPORT = "dep-support"


def _open_dialog(kind: type[D]) -> D | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


async def _visitor(desk: Desk, name: str, channel: Channel, address: str) -> Visitor:
    """A visitor with a contact of their own, as an email or a phone network brings them."""
    number = desk.engine.new_id()
    visitor = Visitor(id=f"visitor-{number}", name=name, channel=channel, address=address,
                      contact_id=f"contact-{number}", created_at=desk.clock.now())

    def write(connection: sqlite3.Connection) -> None:
        contacts.insert_contact(connection, visitor.contact_id, name, visitor.created_at)
        contacts.insert_visitor(connection, visitor, verified=False)

    await desk.engine.database.write(write)
    return visitor


async def _widget_chat(desk: Desk, name: str, token: str, *, email: str = "") -> str:
    """A website visitor says hello to Support; returns their chat id."""
    await desk.engine.visitors.register(token, name=name, email=email)
    room = await desk.engine.visitors.start_room(token, department_id=SUPPORT)
    await desk.engine.visitors.send(token, room.id, f"Hello, {name} here")
    return room.id


async def _set(desk: Desk, setting: str, value: str) -> None:
    await desk.engine.database.write(lambda c: organisation.set_setting(c, setting, value))


async def _take_row(qtbot: QtBot, window: WorkspaceWindow, chat_id: str) -> None:
    """Take the inquiry of `chat_id` from the queue, as an agent clicks it."""
    await until(lambda: any(window.queue_model.inquiry_at(r).chat_id == chat_id
                            for r in range(window.queue_model.rowCount())), what="the inquiry")
    row = next(r for r in range(window.queue_model.rowCount())
               if window.queue_model.inquiry_at(r).chat_id == chat_id)
    click_row(qtbot, window.queue_panel.table, row)
    click(qtbot, window.queue_panel.take_button)
    await until(lambda: window.conversation.chat is not None and window.conversation.chat.id == chat_id
                and window.conversation.composer.isEnabled(), what="the taken chat")
    await until(lambda: window.contact_panel.contact is not None
                and window.conversation.chat is not None
                and window.contact_panel.contact.id == window.conversation.chat.contact_id,
                what="its contact")


def _history_ids(window: WorkspaceWindow) -> set[str]:
    model = window.history_model
    return {model.chat_at(row).id for row in range(model.rowCount())}


async def test_verifying_a_channel_makes_one_contact_and_the_history_shows_both(
    qtbot: QtBot, desk: Desk
) -> None:
    # Lena wrote by email; Ana verified her address then.
    lena = await _visitor(desk, "Lena Park", Channel.EMAIL, "lena@example.com")
    first = await desk.engine.open_chat(visitor_id=lena.id, text="My parcel", department_id=SUPPORT)
    by_email = first.chat_id
    window = await desk.open("ana")
    await _take_row(qtbot, window, by_email)
    assert window.contact_panel.verify_button.isVisible()
    assert window.conversation.verify_button.isVisible()
    click(qtbot, window.conversation.verify_button)
    await until(lambda: _open_dialog(VerifyDialog), what="the verify dialog")
    dialog = _open_dialog(VerifyDialog)
    assert dialog is not None
    # The email channel offers its own address.
    assert dialog.by_email.isChecked() and dialog.value.text() == "lena@example.com"
    assert "Other contacts with this verified email are merged into this one" in dialog.effect.text()
    click(qtbot, dialog.verify_button)
    await until(lambda: _open_dialog(VerifyDialog) is None, what="the dialog to close")
    await until(lambda: not window.contact_panel.verify_button.isVisible(), what="verified")
    first_contact = window.contact_panel.contact
    assert first_contact is not None and not first_contact.unknown

    # Now she is back on the website under another name: a second, unknown contact.
    on_widget = await _widget_chat(desk, "L. Park", "t" * 32)
    await _take_row(qtbot, window, on_widget)
    panel = window.contact_panel
    assert panel.contact is not None and panel.contact.id != first_contact.id
    assert panel.unknown_badge.isVisible() and "Unknown contact" in panel.unknown_badge.toolTip()
    assert _history_ids(window) == {on_widget}
    assert panel.channel_texts() == ["Web chat · web chat  (this chat): Not verified"]

    click(qtbot, panel.verify_button)
    await until(lambda: _open_dialog(VerifyDialog), what="the verify dialog")
    dialog = _open_dialog(VerifyDialog)
    assert dialog is not None and dialog.value.text() == ""  # a web chat has no address to offer
    # A wrong phone number is refused in the dialog, and what was typed stays.
    click(qtbot, dialog.by_phone)
    qtbot.keyClicks(dialog.value, "12")
    click(qtbot, dialog.verify_button)
    await until(dialog.problem.isVisible, what="the refusal")
    assert "12" in dialog.problem.text() and dialog.value.text() == "12" and dialog.isVisible()
    assert not window.banner.isVisible()
    click(qtbot, dialog.by_email)
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "lena@example.com")
    click(qtbot, dialog.verify_button)
    await until(lambda: _open_dialog(VerifyDialog) is None, what="the dialog to close")

    # One contact: both conversations, both channels verified by the same email.
    await until(lambda: _history_ids(window) == {by_email, on_widget}, what="both histories")
    contact = panel.contact
    assert contact is not None and not contact.unknown
    assert len(contact.channels) == 2 and all(c.verified for c in contact.channels)
    texts = panel.channel_texts()
    assert any(t.startswith("Email · lena@example.com: Verified by email lena@example.com on ")
               for t in texts), texts
    assert any(t.startswith("Web chat · web chat  (this chat): Verified by email lena@example.com")
               for t in texts), texts
    assert not panel.unknown_badge.isVisible() and panel.verified_badge.isVisible()
    assert panel.merge_note.isVisible()
    assert "Merged 1 contact with the same verified email" in panel.merge_note.text()
    assert "Merged 1 contact" in window.statusBar().currentMessage()
    # The names differed: the one merged in is kept as a conflict, to settle in the Contact Center.
    assert panel.conflicts.isVisible() and panel.conflicts.text() == "⚠ 1 conflicting value"
    assert "Lena Park" in panel.conflicts.toolTip()
    asked: list[str] = []
    window.contact_center_requested.connect(asked.append)
    click(qtbot, panel.contact_center_button)
    assert asked == [contact.id]
    # My chats follow: the email chat belongs to the merged contact now.
    await until(lambda: window.chats_model.chat_at(window.chats_model.row_of(by_email) or 0).contact_id
                == contact.id, what="my chats to follow the merge")
    assert not window.conversation.verify_button.isVisible()


async def test_a_verification_made_elsewhere_reloads_the_contact_shown(qtbot: QtBot, desk: Desk) -> None:
    omar = await _visitor(desk, "Omar", Channel.WHATSAPP, "+442079460958")
    by_phone = (await desk.engine.open_chat(visitor_id=omar.id, text="Hi", department_id=SUPPORT)).chat_id
    window = await desk.open("ana")
    await _take_row(qtbot, window, by_phone)
    # Omar's number, as WhatsApp gave it, is what Verify offers.
    click(qtbot, window.contact_panel.verify_button)
    await until(lambda: _open_dialog(VerifyDialog), what="the verify dialog")
    dialog = _open_dialog(VerifyDialog)
    assert dialog is not None and dialog.by_phone.isChecked() and dialog.value.text() == "+442079460958"
    dialog.reject()
    on_widget = await _widget_chat(desk, "Omar H", "w" * 32)
    elsewhere = await desk.engine.sign_in("ana")  # Ana's other session
    try:
        await elsewhere.verify_channel(by_phone, "phone", "+44 20 7946 0958")
        await elsewhere.take(next(i.id for i in await elsewhere.queue() if i.chat_id == on_widget))
        await elsewhere.verify_channel(on_widget, "phone", "+442079460958")
    finally:
        await elsewhere.aclose()
    await until(lambda: _history_ids(window) == {by_phone, on_widget}, what="the merged history")
    assert window.contact_panel.contact is not None and len(window.contact_panel.contact.channels) == 2
    assert not window.contact_panel.verify_button.isVisible()


async def test_the_blocking_setting_stops_a_take_and_says_why(qtbot: QtBot, desk: Desk) -> None:
    await _set(desk, blocking.SETTING_BLOCK_UNVERIFIED, "true")
    window = await desk.open("ana")
    uma = await _visitor(desk, "Uma Blocked", Channel.SMS, "+15551234567")
    inquiry = await desk.engine.open_chat(visitor_id=uma.id, text="Can someone help?", department_id=SUPPORT)
    await until(lambda: window.queue_model.row_of(inquiry.id) is not None, what="the new inquiry")
    row = window.queue_model.row_of(inquiry.id)
    assert row is not None
    shown = window.queue_model.index(row, QueueModel.MESSAGE)
    assert shown.data() == "Unverified · Can someone help?"
    assert window.queue_model.index(row, QueueModel.VISITOR).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "verified" in shown.data(3)  # the tooltip: the whole reason
    click_row(qtbot, window.queue_panel.table, row)
    take = window.queue_panel.take_button
    assert not take.isEnabled() and take.toolTip() == str(blocking.reason(blocking.UNVERIFIED_CONTACT))
    note = window.queue_panel.blocked_note
    assert note.isVisible() and str(blocking.reason(blocking.UNVERIFIED_CONTACT)) in note.text()
    chats_before = window.chats_model.rowCount()
    double_click_row(qtbot, window.queue_panel.table, row)
    await until(lambda: window.runner.pending == 0, what="the preview to load")
    assert window.chats_model.rowCount() == chats_before and not window.banner.isVisible()

    # The setting is turned on while an inquiry shows as takeable: the take is refused, and says why.
    await _set(desk, blocking.SETTING_BLOCK_UNVERIFIED, "false")
    ivo = await _visitor(desk, "Ivo Late", Channel.SMS, "+15557654321")
    late = await desk.engine.open_chat(visitor_id=ivo.id, text="Still there?", department_id=SUPPORT)
    await until(lambda: window.queue_model.row_of(late.id) is not None, what="the second inquiry")
    await _set(desk, blocking.SETTING_BLOCK_UNVERIFIED, "true")
    row = window.queue_model.row_of(late.id)
    assert row is not None
    click_row(qtbot, window.queue_panel.table, row)
    click(qtbot, window.queue_panel.take_button)
    await until(window.banner.isVisible, what="the refusal")
    assert window.banner.text == "Take the chat: " + str(blocking.reason(blocking.UNVERIFIED_CONTACT))
    # The row shows the lock it has now.
    await until(lambda: not window.queue_panel.take_button.isEnabled(), what="the lock")
    row = window.queue_model.row_of(late.id)
    assert row is not None and window.queue_model.inquiry_at(row).blocked == blocking.UNVERIFIED_CONTACT
    assert window.chats_model.rowCount() == chats_before


async def test_a_block_lifts_when_a_channel_of_the_contact_is_verified(qtbot: QtBot, desk: Desk) -> None:
    # Nora, unknown yet, writes by email (Ana serves her) and from her phone (waiting).
    number = desk.engine.new_id()
    contact_id = f"contact-{number}"
    by_mail = Visitor(id=f"visitor-{number}-mail", name="Nora New", channel=Channel.EMAIL,
                      address="nora@example.com", contact_id=contact_id, created_at=desk.clock.now())
    by_sms = Visitor(id=f"visitor-{number}-sms", name="Nora New", channel=Channel.SMS,
                     address="+15550001111", contact_id=contact_id, created_at=desk.clock.now())

    def write(connection: sqlite3.Connection) -> None:
        contacts.insert_contact(connection, contact_id, "Nora New", desk.clock.now(), unknown=True)
        contacts.insert_visitor(connection, by_mail, verified=False)
        contacts.insert_visitor(connection, by_sms, verified=False)

    await desk.engine.database.write(write)
    mail = await desk.engine.open_chat(visitor_id=by_mail.id, text="About my order", department_id=SUPPORT)
    window = await desk.open("ana")
    await _take_row(qtbot, window, mail.chat_id)
    assert window.contact_panel.unknown_badge.isVisible()
    await _set(desk, blocking.SETTING_BLOCK_UNKNOWN, "true")
    waiting = await desk.engine.open_chat(visitor_id=by_sms.id, text="Also this", department_id=SUPPORT)
    await until(lambda: window.queue_model.row_of(waiting.id) is not None, what="the inquiry")
    row = window.queue_model.row_of(waiting.id)
    assert row is not None
    assert window.queue_model.index(row, QueueModel.MESSAGE).data() == "Unknown contact · Also this"
    click_row(qtbot, window.queue_panel.table, row)
    assert not window.queue_panel.take_button.isEnabled()

    # Ana verifies Nora's email in the chat she serves: the contact is known, the block lifts.
    window.chats_panel.select_chat(mail.chat_id)
    await until(lambda: window.conversation.chat is not None and window.conversation.chat.id == mail.chat_id
                and window.conversation.verify_button.isVisible(), what="Nora's email chat")
    click(qtbot, window.conversation.verify_button)
    await until(lambda: _open_dialog(VerifyDialog), what="the verify dialog")
    dialog = _open_dialog(VerifyDialog)
    assert dialog is not None and dialog.value.text() == "nora@example.com"
    click(qtbot, dialog.verify_button)
    await until(lambda: _open_dialog(VerifyDialog) is None, what="the dialog to close")
    await until(lambda: not window.contact_panel.unknown_badge.isVisible(), what="a known contact")
    assert "Merged" not in window.statusBar().currentMessage()  # nobody else held that email
    await until(lambda: not window.queue_model.inquiry_at(window.queue_model.row_of(waiting.id) or 0).blocked,
                what="the block to lift")
    lifted = window.queue_model.row_of(waiting.id)
    assert lifted is not None
    assert window.queue_model.index(lifted, QueueModel.MESSAGE).data() == "Also this"
    assert window.queue_model.index(lifted, QueueModel.VISITOR).data(Qt.ItemDataRole.DecorationRole) is None
    click_row(qtbot, window.queue_panel.table, lifted)
    assert window.queue_panel.take_button.isEnabled() and not window.queue_panel.blocked_note.isVisible()


async def test_verify_is_offered_only_while_the_policy_allows_it(qtbot: QtBot, desk: Desk) -> None:
    kim = await _visitor(desk, "Kim", Channel.EMAIL, "kim@example.com")
    inquiry = await desk.engine.open_chat(visitor_id=kim.id, text="Hi", department_id=SUPPORT)
    bo = await desk.open("bo")
    # Waiting in the queue: Bo reads it, but nobody serves it yet.
    await until(lambda: bo.queue_model.row_of(inquiry.id) is not None, what="the inquiry")
    row = bo.queue_model.row_of(inquiry.id)
    assert row is not None
    click_row(qtbot, bo.queue_panel.table, row)
    await until(lambda: bo.contact_panel.contact is not None and bo.conversation.chat is not None
                and bo.conversation.chat.id == inquiry.chat_id, what="the preview")
    assert not bo.contact_panel.verify_button.isVisible() and not bo.conversation.verify_button.isVisible()

    ana = await desk.open("ana")
    await _take_row(qtbot, ana, inquiry.chat_id)
    await until(ana.contact_panel.verify_button.isVisible, what="Verify offered")
    # Closed: nothing to verify any more.
    await ana.backend.close_chat(inquiry.chat_id)
    await until(lambda: ana.conversation.chat is not None and not ana.conversation.chat.is_active,
                what="the closed chat")
    assert not ana.contact_panel.verify_button.isVisible() and not ana.conversation.verify_button.isVisible()


def test_verify_offers_the_channels_own_address() -> None:
    assert suggested_verification(Channel.EMAIL, "kim@example.com") == ("email", "kim@example.com")
    assert suggested_verification(Channel.WIDGET, "kim@example.com") == ("email", "kim@example.com")
    assert suggested_verification(Channel.WHATSAPP, "+44 20 7946 0958") == ("phone", "+44 20 7946 0958")
    assert suggested_verification(Channel.SMS, "+15550001111") == ("phone", "+15550001111")
    assert suggested_verification(Channel.WIDGET, "web chat") == ("email", "")
    assert suggested_verification(Channel.VOICE, "withheld") == ("email", "")


async def test_a_backend_without_contacts_offers_no_verify(qtbot: QtBot, fake: FakeDeskWindows) -> None:
    visitor = fake.desk.new_visitor("Iris Vale", Channel.EMAIL, "iris@example.com")
    support = fake.org.department("Support").id
    inquiry = fake.desk.visitor_opens_chat(visitor.id, "My parcel never came.", support)
    window = await fake.open("ana")
    await _take_row(qtbot, window, inquiry.chat_id)
    assert Action.VERIFY in window.conversation.can  # the policy would allow it; the backend cannot
    assert not window.contact_panel.verify_button.isVisible()
    assert not window.conversation.verify_button.isVisible()
