"""Signing in to a server as a person does it: typing, clicking, reading what the dialog says
back. The server is scripted (tests/fakes/server.py): it refuses a password, asks for a second
step, cannot be reached, ends a kept sign-in; the saved servers are kept in memory."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.backends.server import SavedServer
from app.backends.server_address import ServerAddress
from app.clock import ManualClock
from tests.contract.org import NORTHWIND, Org
from tests.fakes import FakeDesk, FakeServers, MemorySavedServers
from tests.fakes.server import NO_KEYRING
from tests.ui.actions import click, click_row, row_texts
from tests.ui.conftest import until
from tests.ui.test_accessibility import assert_speaks
from ui.lifetime import dispose
from ui.server.sign_in_dialog import ServerSignInDialog, SignedIn

CHAT = "https://chat.example.com"
OTHER = "https://help.example.org:8443"


class Harness:
    def __init__(self, qtbot: QtBot, clock: ManualClock) -> None:
        self.qtbot = qtbot
        numbers = itertools.count(1)
        self.desk = FakeDesk(Org.assign(NORTHWIND, lambda kind: f"sv-{kind}{next(numbers)}"), clock)
        self.servers = FakeServers(self.desk)
        self.saved = MemorySavedServers()
        self.signed: list[SignedIn] = []
        self.dialogs: list[ServerSignInDialog] = []

    async def open(self, address: str | None = None, username: str = "") -> ServerSignInDialog:
        dialog = ServerSignInDialog(self.servers.connect, self.saved,
                                    address=ServerAddress(address) if address else None, username=username)
        dialog.signed_in.connect(self.signed.append)
        self.dialogs.append(dialog)
        dialog.show()
        dialog.activateWindow()  # focus moves only in the active window
        await until(dialog.isActiveWindow, what="the dialog to be active")
        dialog.start()
        await until(lambda: dialog.runner.pending == 0, what="the saved servers read")
        return dialog

    def type_into(self, field: QLineEdit, text: str) -> None:
        field.setFocus()
        field.selectAll()
        self.qtbot.keyClicks(field, text)

    async def sign_in(self, dialog: ServerSignInDialog, address: str, username: str, password: str) -> None:
        self.type_into(dialog.address, address)
        self.type_into(dialog.username, username)
        self.type_into(dialog.password, password)
        click(self.qtbot, dialog.sign_in_button)
        await settled(dialog)

    async def close(self) -> None:
        for dialog in self.dialogs:
            await dialog.shutdown()
            dispose(dialog)
        for signed in self.signed:
            await signed.backend.aclose()


async def settled(dialog: ServerSignInDialog) -> None:
    await asyncio.sleep(0)
    await until(lambda: not dialog.is_busy, what="the sign-in attempt to end")


@pytest.fixture
async def harness(qtbot: QtBot, clock: ManualClock) -> AsyncIterator[Harness]:
    made = Harness(qtbot, clock)
    yield made
    await made.close()


async def test_a_wrong_password_is_said_and_the_password_is_ready_to_retype(harness: Harness) -> None:
    harness.servers.add(CHAT, passwords={"ana": "right horse"})
    dialog = await harness.open()
    await harness.sign_in(dialog, "chat.example.com", "ana", "wrong horse")
    assert dialog.problem_text == ("chat.example.com did not accept this username and password. Check "
                                   "them (the password is case-sensitive) and try again.")
    assert dialog.isVisible() and not harness.signed
    assert dialog.password.hasFocus() and dialog.password.selectedText() == "wrong horse"
    assert dialog.address.text() == CHAT  # as it was understood
    harness.type_into(dialog.password, "right horse")
    assert dialog.problem_text == ""  # typing again clears what was said
    click(harness.qtbot, dialog.sign_in_button)
    await until(lambda: harness.signed, what="the sign-in")
    assert await harness.signed[0].backend.me() == harness.desk.principal(harness.desk.org.person("ana"))
    assert not dialog.isVisible()


async def test_a_second_step_asks_for_the_authenticator_code_then_signs_in(harness: Harness) -> None:
    server = harness.servers.add(CHAT, passwords={"bo": "pw"}, two_factor={"bo": ("totp", "482913")})
    dialog = await harness.open()
    await harness.sign_in(dialog, CHAT, "bo", "pw")
    assert dialog.asking_for_code and dialog.code.hasFocus()
    assert dialog.code_prompt.text() == "Enter the code from your authenticator app."
    assert dialog.sign_in_button.text() == "Verify" and dialog.back_button.isVisible()
    assert_speaks(dialog)
    harness.type_into(dialog.code, "111111")
    click(harness.qtbot, dialog.sign_in_button)
    await settled(dialog)
    assert dialog.problem_text.startswith("That code was not accepted. Codes change every 30 seconds")
    assert dialog.asking_for_code and not harness.signed
    harness.type_into(dialog.code, "482913")
    click(harness.qtbot, dialog.sign_in_button)
    await until(lambda: harness.signed, what="the sign-in")
    assert [a[2] for a in server.attempts] == ["", "111111", "482913"]  # the same sign-in, with the code
    assert {a[1] for a in server.attempts} == {"pw"}
    assert harness.saved.saved == [SavedServer(ServerAddress(CHAT), "bo", remembered=True)]
    assert dialog.password.text() == ""  # the password is not kept once signed in


async def test_an_emailed_code_is_asked_for_as_such_and_back_returns_to_the_form(harness: Harness) -> None:
    harness.servers.add(CHAT, passwords={"bo": "pw"}, two_factor={"bo": ("email", "0042")})
    dialog = await harness.open()
    await harness.sign_in(dialog, CHAT, "bo", "pw")
    assert dialog.code_prompt.text() == "Enter the code sent to your email."
    click(harness.qtbot, dialog.sign_in_button)  # no code typed
    assert dialog.problem_text == "Enter the code sent to your email."
    click(harness.qtbot, dialog.back_button)
    assert not dialog.asking_for_code and dialog.sign_in_button.text() == "Sign in"
    assert dialog.username.text() == "bo" and dialog.password.text() == "pw"


async def test_an_unreachable_server_is_said_with_its_reason(harness: Harness) -> None:
    harness.servers.add(CHAT, passwords={"ana": "pw"}, offline="the connection timed out after 15 s.")
    dialog = await harness.open()
    await harness.sign_in(dialog, CHAT, "ana", "pw")
    assert dialog.problem_text == "Cannot reach chat.example.com: the connection timed out after 15 s."
    assert dialog.steps.isEnabled() and dialog.sign_in_button.isEnabled() and not dialog.busy.isVisible()


async def test_a_certificate_problem_is_said(harness: Harness) -> None:
    harness.servers.add(CHAT, passwords={"ana": "pw"},
                        tls_problem="its certificate is signed by an authority this computer does not trust")
    dialog = await harness.open()
    await harness.sign_in(dialog, CHAT, "ana", "pw")
    assert dialog.problem_text.startswith("Cannot reach chat.example.com securely: its certificate is "
                                          "signed by an authority this computer does not trust.")
    assert not harness.signed


async def test_plain_http_to_another_computer_is_refused_before_anything_is_sent(harness: Harness) -> None:
    dialog = await harness.open()
    await harness.sign_in(dialog, "http://chat.example.com", "ana", "pw")
    assert "HTTPS only" in dialog.problem_text and dialog.address.hasFocus()
    assert harness.servers.connected == []


async def test_what_is_missing_is_asked_for(harness: Harness) -> None:
    dialog = await harness.open()
    await harness.sign_in(dialog, CHAT, "", "")
    assert dialog.problem_text == f"Enter your username on {CHAT}." and dialog.username.hasFocus()
    await harness.sign_in(dialog, CHAT, "ana", "")
    assert dialog.problem_text == "Enter your password." and dialog.password.hasFocus()


async def test_signing_in_shows_it_is_busy_and_can_be_stopped(harness: Harness) -> None:
    server = harness.servers.add(CHAT, passwords={"ana": "pw"}, gate=asyncio.Event())
    dialog = await harness.open()
    harness.type_into(dialog.address, CHAT)
    harness.type_into(dialog.username, "ana")
    harness.type_into(dialog.password, "pw")
    click(harness.qtbot, dialog.sign_in_button)
    await until(lambda: server.attempts, what="the attempt to reach the server")
    assert dialog.is_busy and dialog.busy.isVisible()
    assert dialog.busy_label.text() == "Signing in to chat.example.com…"
    assert not dialog.steps.isEnabled() and not dialog.sign_in_button.isEnabled()
    assert dialog.cancel_button.text() == "Stop"
    click(harness.qtbot, dialog.cancel_button)
    await settled(dialog)
    assert dialog.isVisible() and not harness.signed
    assert dialog.status.text() == "Signing in was stopped. Nothing was changed."
    assert dialog.steps.isEnabled() and dialog.cancel_button.text() == "Cancel"
    assert server.gate is not None
    server.gate.set()  # the server answering late changes nothing
    click(harness.qtbot, dialog.sign_in_button)
    await until(lambda: harness.signed, what="the second attempt")


async def test_without_a_keyring_the_sign_in_is_said_to_last_this_session(harness: Harness) -> None:
    harness.servers.add(CHAT, passwords={"ana": "pw"}, keyring=False)
    harness.servers.add(OTHER, passwords={"ana": "pw"})
    dialog = await harness.open(CHAT)
    assert dialog.notice_text == NO_KEYRING  # before anything is sent
    harness.type_into(dialog.address, OTHER)
    dialog.address.editingFinished.emit()
    assert dialog.notice_text == ""
    harness.type_into(dialog.address, CHAT)
    dialog.address.editingFinished.emit()
    assert dialog.notice_text == NO_KEYRING
    await harness.sign_in(dialog, CHAT, "ana", "pw")
    assert harness.signed  # and the sign-in works, for this session


async def test_the_dialog_grows_about_its_centre_when_saved_servers_appear(harness: Harness) -> None:
    harness.saved.saved = [SavedServer(ServerAddress(CHAT), "ana")]
    dialog = ServerSignInDialog(harness.servers.connect, harness.saved)
    harness.dialogs.append(dialog)
    dialog.show()
    dialog.move(300, 200)
    before = dialog.frameGeometry()
    dialog.start()
    await until(lambda: dialog.runner.pending == 0, what="the saved servers read")
    after = dialog.frameGeometry()
    assert dialog.saved_column.isVisible() and after.width() > before.width()
    assert abs(after.center().x() - before.center().x()) <= 1
    assert after.top() == before.top()


async def test_a_saved_server_is_chosen_and_its_kept_sign_in_needs_no_password(harness: Harness) -> None:
    harness.servers.add(CHAT, passwords={"ana": "pw"}, kept={"ana"})
    harness.servers.add(OTHER, passwords={"maya": "pw"})
    harness.saved.saved = [SavedServer(ServerAddress(OTHER), "maya"),
                           SavedServer(ServerAddress(CHAT), "ana", remembered=True)]
    dialog = await harness.open()
    assert dialog.saved_column.isVisible()
    assert row_texts(dialog.saved_list) == ["maya on help.example.org:8443",
                                            "ana on chat.example.com · signed in"]
    assert dialog.address.text() == OTHER and dialog.username.text() == "maya"  # the latest, chosen
    assert not dialog.kept_hint.isVisible()
    click_row(harness.qtbot, dialog.saved_list, 1)
    assert dialog.address.text() == CHAT and dialog.username.text() == "ana" and dialog.password.text() == ""
    assert dialog.kept_hint.isVisible() and dialog.forget_button.isEnabled()
    click(harness.qtbot, dialog.sign_in_button)
    await until(lambda: harness.signed, what="the sign-in with the kept token")
    assert harness.signed[0].address == ServerAddress(CHAT) and harness.signed[0].username == "ana"
    assert harness.servers.servers[CHAT].attempts == [("ana", "", "")]


async def test_an_ended_kept_sign_in_asks_for_the_password_again(harness: Harness) -> None:
    harness.servers.add(CHAT, passwords={"ana": "pw"}, kept={"ana"}, expired={"ana"})
    harness.saved.saved = [SavedServer(ServerAddress(CHAT), "ana", remembered=True)]
    dialog = await harness.open()
    click(harness.qtbot, dialog.sign_in_button)
    await settled(dialog)
    assert dialog.problem_text == ("The sign-in kept for chat.example.com has ended. Enter your password "
                                   "to sign in again.")
    assert dialog.password.hasFocus() and not dialog.kept_hint.isVisible()
    click(harness.qtbot, dialog.sign_in_button)  # still no password: now it is asked for
    assert dialog.problem_text == "Enter your password."
    harness.type_into(dialog.password, "pw")
    click(harness.qtbot, dialog.sign_in_button)
    await until(lambda: harness.signed, what="the sign-in with the password")


async def test_forgetting_a_server_removes_it_and_its_kept_sign_in(harness: Harness) -> None:
    ana = SavedServer(ServerAddress(CHAT), "ana", remembered=True)
    maya = SavedServer(ServerAddress(OTHER), "maya")
    harness.saved.saved = [ana, maya]
    dialog = await harness.open()
    click_row(harness.qtbot, dialog.saved_list, 0)
    click(harness.qtbot, dialog.forget_button)
    await until(lambda: harness.saved.forgotten, what="the server forgotten")
    assert harness.saved.forgotten == [ana] and harness.saved.saved == [maya]
    assert row_texts(dialog.saved_list) == ["maya on help.example.org:8443"]
    assert dialog.address.text() == "" and dialog.username.text() == ""
    assert dialog.status.text() == (f"ana on {CHAT} is forgotten: this computer keeps no sign-in for it "
                                    "any more.")
    assert not dialog.forget_button.isEnabled()
    click_row(harness.qtbot, dialog.saved_list, 0)
    click(harness.qtbot, dialog.forget_button)
    await until(lambda: len(harness.saved.forgotten) == 2, what="the last server forgotten")
    assert not dialog.saved_column.isVisible()


async def test_add_server_clears_the_form_for_a_new_one(harness: Harness) -> None:
    harness.saved.saved = [SavedServer(ServerAddress(CHAT), "ana", remembered=True)]
    dialog = await harness.open()
    assert dialog.address.text() == CHAT
    click(harness.qtbot, dialog.add_button)
    assert (dialog.address.text(), dialog.username.text(), dialog.password.text()) == ("", "", "")
    assert dialog.address.hasFocus() and not dialog.forget_button.isEnabled()


async def test_the_address_given_on_the_command_line_picks_its_saved_server(harness: Harness) -> None:
    harness.saved.saved = [SavedServer(ServerAddress(OTHER), "maya"),
                           SavedServer(ServerAddress(CHAT), "ana", remembered=True)]
    dialog = await harness.open(CHAT)
    assert dialog.saved_list.currentIndex().row() == 1 and dialog.kept_hint.isVisible()
    fresh = await harness.open("https://new.example.net", "zoe")
    assert fresh.address.text() == "https://new.example.net" and fresh.username.text() == "zoe"
    assert not fresh.saved_list.currentIndex().isValid()


async def test_cancel_closes_the_dialog(harness: Harness) -> None:
    dialog = await harness.open()
    rejected: list[bool] = []
    dialog.rejected.connect(lambda: rejected.append(True))
    click(harness.qtbot, dialog.cancel_button)
    assert rejected and not dialog.isVisible()


async def test_enter_in_the_password_signs_in_even_with_saved_servers_listed(harness: Harness) -> None:
    harness.servers.add(CHAT, passwords={"ana": "pw"})
    await harness.saved.remember(ServerAddress(CHAT), "ana")
    dialog = await harness.open(CHAT, "ana")
    harness.type_into(dialog.password, "pw")
    harness.qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    await settled(dialog)
    await until(lambda: len(harness.signed) == 1, what="signed in with Enter")
