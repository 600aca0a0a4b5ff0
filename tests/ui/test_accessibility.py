"""Every window and dialog, walked the way a screen reader meets it: each control a user can
reach says what it is, and each list, table and tree says its rows' text."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.backends.embedded import EmbeddedBackend
from app.backends.server import SavedServer
from app.backends.server_address import ServerAddress
from app.config import Kind, schema_of
from app.domain import Channel, Priority
from app.sync import ConfigSync, Journal
from tests.contract.org import NORTHWIND, Org
from tests.fakes import FakeDesk, FakeServers, MemorySavedServers
from tests.ui.accessibility import rows_without_text, unnamed_controls
from tests.ui.actions import click, click_row, row_texts
from tests.ui.conftest import Desk, until
from ui.admin.describe import KIND_HEADINGS
from ui.admin.whatif_dialog import WhatIfDialog
from ui.admin.window import AdminWindow
from ui.contacts.dialogs import ContactDialog
from ui.contacts.window import ContactCenterWindow
from ui.emoji.catalog import catalog
from ui.emoji.picker import EmojiPicker, RecentEmoji
from ui.identity.picker import PersonPicker
from ui.lifetime import dispose
from ui.monitor.assign_dialog import AssignDialog
from ui.monitor.window import MonitorWindow
from ui.server.sign_in_dialog import ServerSignInDialog
from ui.session import AboutDialog
from ui.workspace.canned_picker import CannedPicker
from ui.workspace.close_dialog import CloseChatDialog
from ui.workspace.info_dialog import ChatInfoDialog
from ui.workspace.shortcuts import ShortcutHelp
from ui.workspace.transfer_dialog import TransferDialog
from ui.workspace.verify_dialog import VerifyDialog
from ui.workspace.website_dialog import WebsiteChatDialog


def assert_speaks(root: QWidget) -> None:
    unnamed = unnamed_controls(root)
    assert not unnamed, "controls without an accessible name:\n  " + "\n  ".join(unnamed)
    silent = rows_without_text(root)
    assert not silent, "views whose rows say nothing:\n  " + "\n  ".join(silent)


async def test_the_agent_desk_with_a_chat_open(qtbot: QtBot, desk: Desk) -> None:
    window = await desk.open("ana")
    await until(lambda: window.queue_model.rowCount() > 0, what="the queue")
    click_row(qtbot, window.queue_panel.table, 0)
    click(qtbot, window.queue_panel.take_button)
    await until(lambda: window.conversation.chat is not None, what="the chat taken")
    await until(lambda: window.messages_model.rowCount() > 0, what="its messages")
    assert_speaks(window)


async def test_the_monitor_dashboard(qtbot: QtBot, desk: Desk) -> None:
    backend = await desk.engine.sign_in("maya")
    names = {d.id: d.name for d in await backend.departments()}
    window = MonitorWindow(backend, await backend.me(), desk.clock, names,
                           QSettings(str(desk.settings_path), QSettings.Format.IniFormat))
    try:
        window.show()
        window.start()
        await until(lambda: window.is_ready, what="the dashboard")
        await until(lambda: window.chats_model.rowCount() > 0, what="the chats in progress")
        assert_speaks(window)
    finally:
        await window.shutdown()
        await backend.aclose()
        dispose(window)


async def test_administration(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    backend = await desk.engine.sign_in("sam")
    sam = await backend.me()
    journal = Journal.open(tmp_path / "journal.db")
    sync = ConfigSync(journal, backend, user_id=sam.id, clock=desk.clock)
    window = AdminWindow(sync, backend, sam, desk.clock,
                         QSettings(str(desk.settings_path), QSettings.Format.IniFormat))
    try:
        window.show()
        window.start()
        await until(lambda: window.is_ready, what="the configuration")
        for kind in (Kind.DEPARTMENT, Kind.BUSINESS_HOURS, Kind.AGENT, Kind.ROUTING, Kind.WEBSITE):
            click_row(qtbot, window.kinds, row_texts(window.kinds).index(KIND_HEADINGS[kind]))
            if not schema_of(kind).singleton:
                await until(lambda: window.records_panel.table.model().rowCount() > 0, what="records")
                click_row(qtbot, window.records_panel.table, 0)
            await until(_form_of(window, kind), what=f"the {kind} form")
            assert_speaks(window)
    finally:
        await window.shutdown()
        await backend.aclose()
        journal.close()
        dispose(window)


def _form_of(window: AdminWindow, kind: Kind) -> Callable[[], bool]:
    return lambda: window.form.kind is kind and bool(window.form.editors)


async def test_the_contact_center_with_a_contact_open(qtbot: QtBot, desk: Desk) -> None:
    backend = await desk.engine.sign_in("ana")
    names = {d.id: d.name for d in await backend.departments()}
    window = ContactCenterWindow(backend, await backend.me(), desk.clock, names,
                                 QSettings(str(desk.settings_path), QSettings.Format.IniFormat))
    try:
        window.show()
        window.start()
        await until(lambda: window.is_ready, what="the Contact Center")
        await until(lambda: window.model.contact_at(0) is not None, what="the first contact")
        click_row(qtbot, window.table, 0)
        await until(lambda: window.detail.contact is not None, what="the contact shown")
        assert_speaks(window)
    finally:
        await window.shutdown()
        await backend.aclose()
        dispose(window)


async def test_every_dialog(qtbot: QtBot, desk: Desk) -> None:
    backend: EmbeddedBackend = await desk.engine.sign_in("ana")
    try:
        agents = await backend.agents()
        departments = await backend.departments()
        names = {d.id: d.name for d in departments}
        waiting = (await backend.queue())[0]
        chat = await backend.chat((await backend.take(waiting.id)).id)
        canned = await backend.canned_responses()
        people = await desk.engine.accounts()
        maya = await desk.engine.sign_in("maya")
        units = await maya.supervised_units()
        loads = list((await maya.unit_overview(units[0].id)).agents)
        await maya.aclose()
        dialogs: list[QWidget] = [
            PersonPicker(people, "Northwind Support"),
            CloseChatDialog("Iris Vale", ["refund", "vip"]),
            TransferDialog("Iris Vale", agents, departments, names),
            ChatInfoDialog(chat, ["refund", "vip"]),
            VerifyDialog("Iris Vale", Channel.WHATSAPP, "phone", "+44 20 7946 0958"),
            CannedPicker(canned, names),
            ShortcutHelp(),
            WebsiteChatDialog("<script></script>"),
            WebsiteChatDialog(None),
            AboutDialog(),
            ContactDialog(agents),
            AssignDialog("Iris Vale", "Support", loads),
            WhatIfDialog(lambda agent_id: agent_id),
            EmojiPicker(catalog(), RecentEmoji(QSettings(str(desk.settings_path), QSettings.Format.IniFormat),
                                               catalog())),
        ]
        numbers = itertools.count(1)
        servers = FakeServers(FakeDesk(Org.assign(NORTHWIND, lambda kind: f"a11y-{kind}{next(numbers)}"),
                                       desk.clock))
        sign_in = ServerSignInDialog(servers.connect, MemorySavedServers())
        sign_in.saved_model.reset([SavedServer(ServerAddress("https://chat.example.com"), "ana", True)])
        sign_in.saved_column.show()
        dialogs.append(sign_in)
        assert chat.priority in Priority
        for dialog in dialogs:
            qtbot.addWidget(dialog)
            assert_speaks(dialog)
    finally:
        await backend.aclose()
