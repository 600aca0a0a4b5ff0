"""`omnidesk --server` for an admin: the sign-in dialog over the real Rocket.Chat backend, then
Administration over the server (the loopback Rocket.Chat server), where the admin edits a
department and publishes it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.backends.rocketchat.servers import journal_path
from app.config import Kind
from tests.rocketchat.conftest import (
    administration,
    fake_time,
    loopback,
    memory_keyring,
    no_proxy_from_the_machine,
    omnichannel,
)
from tests.rocketchat.dialog_sign_in import sign_in_through_the_dialog
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.administration import Administration
from tests.rocketchat.loopback.fakes import MemoryKeyring
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.rocketchat.test_server_desk import system_keyring
from tests.ui.actions import click, row_texts
from tests.ui.conftest import until
from tests.ui.test_admin import choose_kind, choose_record, form_shown
from ui.admin.fields import ComboEditor, TextEditor
from ui.admin.window import AdminWindow

if TYPE_CHECKING:
    pass

# The loopback server's fixtures (tests/rocketchat), and the keyring the app finds, for this test:
# it runs here, on the qasync loop the UI tests run on, as the app does.
__all__ = ["administration", "fake_time", "loopback", "memory_keyring", "no_proxy_from_the_machine",
           "omnichannel", "system_keyring"]


def admin_windows() -> list[AdminWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, AdminWindow) and w.isVisible()]


@dataclass
class SignedIn:
    window: AdminWindow
    run: asyncio.Future[int]
    journal: Path
    support_department: str


async def sign_in_as_sam(qtbot: QtBot, loopback: LoopbackRocketChat, omnichannel: Omnichannel,
                         administration: Administration, tmp_path: Path) -> SignedIn:
    """Sam, the server's admin (no agent), signs in through the dialog: Administration opens."""
    support_department = omnichannel.add_department("Support")
    omnichannel.add_agent("bo", departments=(support_department,), name="Bo Agent")
    administration.add_admin("sam", name="Sam Admin")
    data_dir = tmp_path / "data"
    journal = journal_path(data_dir, loopback.url, "sam")
    run = (await sign_in_through_the_dialog(qtbot, loopback, tmp_path, "sam", data_dir=data_dir,
                                            journal=journal)).run
    # An admin who is no agent starts in Administration.
    await until(lambda: bool(admin_windows()), timeout=20, what="Administration over the server")
    [window] = admin_windows()
    await until(lambda: window.is_ready, timeout=20, what="the server's configuration")
    return SignedIn(window, run, journal, support_department)


async def test_an_admin_signed_in_to_a_server_renames_a_department_and_publishes_it(
        qtbot: QtBot, loopback: LoopbackRocketChat, omnichannel: Omnichannel, administration: Administration,
        system_keyring: MemoryKeyring, tmp_path: Path) -> None:
    signed = await sign_in_as_sam(qtbot, loopback, omnichannel, administration, tmp_path)
    window, journal, support_department = signed.window, signed.journal, signed.support_department
    # Only what a Community server holds is offered: no units, priorities, SLA policies, tags...
    assert row_texts(window.kinds) == ["Departments", "Agents", "Business hours", "Routing", "Website chat"]
    assert not window.pending_panel.what_if_button.isVisibleTo(window)

    choose_kind(qtbot, window, Kind.DEPARTMENT)
    assert row_texts(window.records_panel.table) == ["Support"]
    assert "one department" in window.kind_note.text()
    choose_record(qtbot, window, "Support")
    await form_shown(window)
    # The department's fields a Community server keeps, and no Enterprise one.
    assert "max_chats_per_agent" not in window.form.editors and "unit_id" not in window.form.editors
    name = window.form.editors["name"]
    assert isinstance(name, TextEditor)
    name.line.selectAll()
    qtbot.keyClicks(name.line, "Customer care")
    await until(window.form.save_button.isEnabled, what="Save")
    click(qtbot, window.form.save_button)
    await until(lambda: window.pending_model.rowCount() == 1, what="the pending change")
    assert omnichannel.departments[support_department]["name"] == "Support"  # not before publishing
    assert journal.exists()  # the edit is on disk, beside the server's cache

    click(qtbot, window.pending_panel.publish_button)
    await until(lambda: window.pending_model.rowCount() == 0, timeout=20, what="published")
    assert omnichannel.departments[support_department]["name"] == "Customer care"
    await until(lambda: row_texts(window.records_panel.table) == ["Customer care"], what="the list to follow")
    await until(lambda: window.audit_model.rowCount() == 1, what="the audit entry")
    assert row_texts(window.audit_view.table, 2)[0] == "Update Department 'Customer care'"

    # A new agent: who they are is given now, fixed afterwards; an untouched form is not "changed".
    choose_kind(qtbot, window, Kind.AGENT)
    click(qtbot, window.records_panel.new_button)
    await form_shown(window)
    assert set(window.form.editors) == {"username", "name", "department_ids"}
    assert window.form.editors["username"].isEnabled() and not window.form.is_dirty

    window.close()  # the last window: the app ends
    assert await asyncio.wait_for(signed.run, 20) == 0


async def test_routing_is_published_once_the_admin_gives_the_password_the_server_asks(
        qtbot: QtBot, loopback: LoopbackRocketChat, omnichannel: Omnichannel, administration: Administration,
        system_keyring: MemoryKeyring, tmp_path: Path) -> None:
    signed = await sign_in_as_sam(qtbot, loopback, omnichannel, administration, tmp_path)
    window = signed.window
    choose_kind(qtbot, window, Kind.ROUTING)
    await form_shown(window)
    method = window.form.editors["routing_method"]
    assert isinstance(method, ComboEditor)
    # A Community server's routing methods, and no Enterprise one.
    assert [method.combo.itemData(i) for i in range(method.combo.count())] == [
        "manual_selection", "auto_selection"]
    method.combo.setCurrentIndex(method.combo.findData("manual_selection"))
    method.combo.activated.emit(method.combo.currentIndex())
    await until(window.form.save_button.isEnabled, what="Save")
    click(qtbot, window.form.save_button)
    click(qtbot, window.pending_panel.publish_button)
    await until(lambda: window.identity_dialog is not None and window.identity_dialog.isVisible(),
                what="the server's question")
    question = window.identity_dialog
    assert question is not None
    assert "password" in question.labelText()
    assert question.textEchoMode() is QLineEdit.EchoMode.Password
    assert administration.settings["Livechat_Routing_Method"] == "Auto_Selection"  # asked first
    question.setTextValue("pw")
    question.accept()
    await until(lambda: window.pending_model.rowCount() == 0, timeout=20, what="published")
    assert administration.settings["Livechat_Routing_Method"] == "Manual_Selection"
    window.close()
    assert await asyncio.wait_for(signed.run, 20) == 0
