"""The Contact Center, clicked through on the embedded engine: opened from the Go menu, the list
searched and sorted, a name conflict settled with "Use this", a contact created (a bad email
refused in the dialog, nothing typed lost), a duplicate merged, each agent's scope, live merges;
and the virtual list over 100,000 contacts, paged on demand."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QTableView, QWidget
from pytestqt.qtbot import QtBot

from app.backends.embedded import EmbeddedBackend
from app.cli import GuiOptions
from app.clock import ManualClock
from app.domain import Channel, ContactPage, ContactQuery, ContactRow, ContactSort
from tests.app.supervision_desk import northwind_desk, sign_in
from tests.contract.harness import EmbeddedHarness
from tests.ui.actions import click, click_row
from tests.ui.conftest import until
from ui.bridge.tasks import TaskRunner
from ui.contacts.dialogs import ContactDialog, DuplicatesDialog
from ui.contacts.list_model import CACHED_PAGES, PAGE_SIZE, PLACEHOLDER, ContactListModel
from ui.contacts.window import ContactCenterWindow
from ui.desk import DeskSession
from ui.lifetime import dispose
from ui.workspace.window import WorkspaceWindow

W = TypeVar("W", bound=QWidget)


@dataclass
class Center:
    """Northwind on the embedded engine, and Contact Center windows signed into it."""

    desk: EmbeddedHarness
    clock: ManualClock
    settings_path: Path
    windows: list[ContactCenterWindow]

    async def open(self, username: str) -> ContactCenterWindow:
        backend = await sign_in(self.desk, username)
        names = {d.id: d.name for d in await backend.departments()}
        settings = QSettings(str(self.settings_path), QSettings.Format.IniFormat)
        window = ContactCenterWindow(backend, await backend.me(), self.clock, names, settings)
        self.windows.append(window)
        window.resize(1280, 800)
        window.show()
        window.start()
        await until(lambda: window.is_ready, what="the Contact Center to load")
        return window

    async def served_chat(self, agent: EmbeddedBackend, name: str, channel: Channel, address: str,
                          department: str = "Support") -> str:
        """A visitor writes to `department` and `agent` takes the chat; returns the chat id."""
        visitor = await self.desk.new_visitor(name, channel, address)
        inquiry = await self.desk.engine.open_chat(visitor_id=visitor.id, text=f"Hello, {name} here",
                                                   department_id=self.desk.org.department(department).id)
        return (await agent.take(inquiry.id)).id


@pytest.fixture
async def center(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Center]:
    async with northwind_desk(tmp_path, clock) as desk:
        harness = Center(desk, clock, tmp_path / "settings.ini", [])
        yield harness
        for window in harness.windows:
            await window.shutdown()
            window.close()
            dispose(window)


def names(window: ContactCenterWindow) -> list[str]:
    model = window.model
    return [model.index(row, ContactListModel.NAME).data() for row in range(model.rowCount())]


def click_header(qtbot: QtBot, view: QTableView, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


async def choose(qtbot: QtBot, window: ContactCenterWindow, name: str) -> None:
    """Click the contact's row and wait until it is shown on the right."""
    await until(lambda: name in names(window), what=f"{name} in the list")
    click_row(qtbot, window.table, names(window).index(name))
    await until(lambda: window.detail.contact is not None and window.detail.contact.name == name,
                what=f"{name} shown")


def dialog_of(window: QMainWindow, kind: type[W]) -> W | None:
    found = [d for d in window.findChildren(kind) if d.isVisible()]
    return found[0] if found else None


# -- opening it ------------------------------------------------------------------------------


async def test_the_go_menu_opens_the_contact_center_on_the_sample_desk(qtbot: QtBot, tmp_path: Path) -> None:
    session = DeskSession.open(GuiOptions(tmp_path, "ana", False), started=0.0)
    running = asyncio.ensure_future(session.run())

    def shown(kind: type[W]) -> list[W]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]

    await until(lambda: shown(WorkspaceWindow) and shown(WorkspaceWindow)[0].is_ready, timeout=60,
                what="Ana's desk")
    desk = shown(WorkspaceWindow)[0]
    go = next(a for a in desk.menuBar().actions() if a.text() == "&Go").menu()
    assert isinstance(go, QMenu)
    contact_center = next(a for a in go.actions() if a.text() == "Contact Center")
    assert contact_center.shortcut().toString() == "Ctrl+Shift+C"
    contact_center.trigger()
    await until(lambda: shown(ContactCenterWindow) and shown(ContactCenterWindow)[0].is_ready,
                what="the Contact Center")
    window = shown(ContactCenterWindow)[0]
    total = window.model.total
    assert total > 0 and window.count.text() == f"{total:,} contact{'s' if total != 1 else ''}"
    await until(lambda: window.model.contact_at(0) is not None, what="the first page")
    assert window.model.index(0, ContactListModel.NAME).data() not in ("", None)
    window.close()
    desk.close()
    assert await asyncio.wait_for(running, 10) == 0


# -- the list --------------------------------------------------------------------------------


async def test_typing_narrows_the_list_escape_clears_and_headers_sort(qtbot: QtBot, center: Center) -> None:
    from datetime import timedelta

    ana = await sign_in(center.desk, "ana")
    for name, address in (("Lena Park", "lena@example.com"), ("Élodie Brun", "elodie@example.com"),
                          ("Omar Haddad", "omar@example.com"), ("Lena Ortiz", "ortiz@example.com")):
        await center.served_chat(ana, name, Channel.EMAIL, address)
        center.clock.advance(timedelta(minutes=5))  # Lena Ortiz wrote last
    window = await center.open("sam")
    assert names(window) == ["Élodie Brun", "Lena Ortiz", "Lena Park", "Omar Haddad"]
    assert window.count.text() == "4 contacts"

    window.search.setFocus()
    qtbot.keyClicks(window.search, "lena")
    await until(lambda: window.model.total == 2, what="the search")
    assert set(names(window)) == {"Lena Park", "Lena Ortiz"}
    assert window.count.text() == "2 matches 'lena'"
    qtbot.keyClicks(window.search, " park")  # every word must match
    await until(lambda: names(window) == ["Lena Park"], what="both words")
    assert window.count.text() == "1 match 'lena park'"
    window.search.clear()
    qtbot.keyClicks(window.search, "ELODIE")  # case and accents ignored
    await until(lambda: names(window) == ["Élodie Brun"], what="the accent-blind search")
    qtbot.keyClicks(window.search, "zzz")
    await until(lambda: window.model.total == 0, what="nothing found")
    assert window.list_stack.currentWidget() is window.empty
    assert window.empty.text().startswith("No contacts match 'ELODIEzzz'")

    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    await until(lambda: window.model.total == 4, what="the whole list again")
    assert window.search.text() == "" and window.list_stack.currentWidget() is window.table
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()

    click_header(qtbot, window.table, ContactListModel.NAME)  # Name, again: Z to A
    await until(lambda: names(window) == ["Omar Haddad", "Lena Park", "Lena Ortiz", "Élodie Brun"],
                what="the reversed order")
    assert window.sort.currentText() == "Name, Z to A"
    click_header(qtbot, window.table, ContactListModel.LAST_CHAT)  # newest first
    await until(lambda: names(window) == ["Lena Ortiz", "Omar Haddad", "Élodie Brun", "Lena Park"],
                what="the last chats first")
    assert window.table.horizontalHeader().sortIndicatorSection() == ContactListModel.LAST_CHAT
    click_header(qtbot, window.table, ContactListModel.MANAGER)  # not sortable: nothing moves
    assert window.table.horizontalHeader().sortIndicatorSection() == ContactListModel.LAST_CHAT
    assert window.sort.currentText() == "Last chat, newest first"


async def test_an_agent_sees_only_the_contacts_in_their_scope(qtbot: QtBot, center: Center) -> None:
    ana = await sign_in(center.desk, "ana")
    await center.served_chat(ana, "Élodie Brun", Channel.EMAIL, "elodie@example.com")
    sales = await center.desk.new_visitor("Sven Sales", Channel.SMS, "+4670123456")
    await center.desk.engine.open_chat(visitor_id=sales.id, text="Price?",
                                       department_id=center.desk.org.department("Sales").id)
    anas = await center.open("ana")
    emils = await center.open("emil")
    assert names(anas) == ["Élodie Brun"] and anas.count.text() == "1 contact"
    assert names(emils) == ["Sven Sales"]


# -- one contact -----------------------------------------------------------------------------


async def test_a_name_conflict_is_settled_by_clicking_use_this(qtbot: QtBot, center: Center) -> None:
    ana = await sign_in(center.desk, "ana")
    one = await center.served_chat(ana, "Nora Quist", Channel.EMAIL, "nora@example.com")
    two = await center.served_chat(ana, "Nora Q.", Channel.WIDGET, "web chat")
    await ana.verify_channel(one, "email", "nora@example.com")
    await ana.verify_channel(two, "email", "nora@example.com")  # merged: the names disagree
    window = await center.open("ana")
    assert window.model.index(0, ContactListModel.CONFLICTS).data() == "1"
    await choose(qtbot, window, "Nora Q.")
    detail = window.detail
    assert detail.conflicts.isVisible() and detail.conflicts_badge.text() == "⚠ 1 conflict"
    offered = {(b.property("conflictField"), b.property("conflictValue")) for b in detail.conflicts.buttons}
    assert offered == {("name", "Nora Q."), ("name", "Nora Quist")}
    assert {c.source for c in detail.contact.conflicts} == {"contact Nora Quist"}  # type: ignore[union-attr]
    # Every chat across both channels, newest first; the first one opens read only.
    assert detail.history_model.rowCount() == 2 and detail.tabs.tabText(1) == "Chats (2)"

    use = next(b for b in detail.conflicts.buttons if b.property("conflictValue") == "Nora Quist")
    click(qtbot, use)
    await until(lambda: detail.contact is not None and detail.contact.name == "Nora Quist"
                and not detail.contact.conflicts, what="the name settled")
    assert not detail.conflicts.isVisible() and not detail.conflicts_badge.isVisible()
    await until(lambda: names(window) == ["Nora Quist"]
                and window.model.index(0, ContactListModel.CONFLICTS).data() == "", what="the list")
    assert detail.log_model.value_at(0).text == "Chose the name 'Nora Quist' over 'Nora Q.'."
    detail.tabs.setCurrentIndex(1)
    click_row(qtbot, detail.chats, 0)
    await until(lambda: detail.shown_chat_id == detail.history_model.chat_at(0).id, what="the transcript")
    assert detail.messages_model.rowCount() >= 1
    transcript = detail.transcript  # read only: no action on the chat from here
    assert not transcript.close_button.isVisible() and not transcript.transfer_button.isVisible()


async def test_a_bad_email_is_refused_in_the_dialog_and_the_fixed_contact_is_saved_and_selected(
    qtbot: QtBot, center: Center
) -> None:
    window = await center.open("ana")
    click(qtbot, window.new_button)
    await until(lambda: dialog_of(window, ContactDialog), what="the new contact dialog")
    dialog = dialog_of(window, ContactDialog)
    assert isinstance(dialog, ContactDialog)
    qtbot.keyClicks(dialog.name, "Omar Haddad")
    qtbot.keyClicks(dialog.emails, "omar@")
    qtbot.keyClicks(dialog.custom_fields, "plan=gold")
    dialog.manager.setCurrentIndex(dialog.manager.findText("Ana Souza"))
    click(qtbot, dialog.save_button)
    await until(dialog.errors["emails"].isVisible, what="the refusal beside the emails")
    assert "'omar@' is not an email address" in dialog.errors["emails"].text()
    assert dialog.isVisible() and dialog.name.text() == "Omar Haddad"
    assert dialog.custom_fields.toPlainText() == "plan=gold" and dialog.save_button.isEnabled()

    dialog.emails.clear()
    qtbot.keyClicks(dialog.emails, "omar@example.com")
    click(qtbot, dialog.save_button)
    await until(lambda: dialog_of(window, ContactDialog) is None, what="the dialog to close")
    detail = window.detail
    await until(lambda: detail.contact is not None and detail.contact.name == "Omar Haddad", what="Omar")
    assert detail.emails.text() == "omar@example.com" and detail.manager.text() == "Ana Souza"
    assert not detail.unknown_badge.isVisible()
    await until(lambda: window.model.total == 1 and window.table.currentIndex().isValid(),
                what="Omar in the list, selected")
    assert window.model.contact_at(window.table.currentIndex().row()).id == detail.contact.id  # type: ignore[union-attr]


async def test_a_duplicate_found_on_save_is_merged_by_clicking(qtbot: QtBot, center: Center) -> None:
    ana = await sign_in(center.desk, "ana")
    chat_id = await center.served_chat(ana, "Omar", Channel.WHATSAPP, "+442079460958")
    await ana.verify_channel(chat_id, "phone", "+44 20 7946 0958")
    window = await center.open("ana")
    assert names(window) == ["Omar"]
    click(qtbot, window.new_button)
    await until(lambda: dialog_of(window, ContactDialog), what="the dialog")
    dialog = dialog_of(window, ContactDialog)
    assert isinstance(dialog, ContactDialog)
    qtbot.keyClicks(dialog.name, "Omar Haddad")
    qtbot.keyClicks(dialog.phones, "+44 (0)20 7946-0958")
    click(qtbot, dialog.save_button)
    await until(lambda: dialog_of(window, DuplicatesDialog), what="the duplicates offered")
    offer = dialog_of(window, DuplicatesDialog)
    assert isinstance(offer, DuplicatesDialog)
    assert [row.name for row in offer.duplicates] == ["Omar"]
    click(qtbot, offer.merge_button)
    detail = window.detail
    await until(lambda: detail.contact is not None and detail.contact.name == "Omar Haddad"
                and len(detail.contact.channels) == 1, what="the merged contact")
    await until(lambda: detail.history_model.rowCount() == 1, what="Omar's chat moved here")
    assert detail.history_model.chat_at(0).id == chat_id
    await until(lambda: names(window) == ["Omar Haddad"], what="one contact left in the list")
    await until(lambda: detail.log_model.rowCount() > 0
                and "merged" in detail.log_model.value_at(0).text.lower(), what="the merge logged")


async def test_a_contact_merged_elsewhere_is_followed_to_the_one_it_became(
    qtbot: QtBot, center: Center
) -> None:
    ana = await sign_in(center.desk, "ana")
    by_email = await center.served_chat(ana, "Lena Park", Channel.EMAIL, "lena@example.com")
    on_widget = await center.served_chat(ana, "L. Park", Channel.WIDGET, "web chat")
    first = (await ana.verify_channel(by_email, "email", "lena@example.com")).contact
    window = await center.open("ana")
    await choose(qtbot, window, "Lena Park")
    assert window.shown_contact_id == first.id
    # Ana verifies the widget visitor in her desk: Lena Park's contact merges into L. Park's.
    merged = (await ana.verify_channel(on_widget, "email", "lena@example.com")).contact
    await until(lambda: window.shown_contact_id == merged.id and window.detail.contact is not None
                and len(window.detail.contact.channels) == 2, what="the contact it became")
    assert window.detail.conflicts.isVisible()
    await until(lambda: names(window) == ["L. Park"], what="the list without the merged contact")
    await until(lambda: window.table.currentIndex().isValid()
                and window.table.currentIndex().row() == 0, what="the selection kept on it")


# -- the virtual list ------------------------------------------------------------------------


class _HundredThousand:
    """contacts_page over 100,000 made-up contacts, counting what it is asked for."""

    def __init__(self, total: int = 100_000) -> None:
        self.total = total
        self.asked: list[ContactQuery] = []

    async def page(self, query: ContactQuery) -> ContactPage:
        self.asked.append(query)
        await asyncio.sleep(0.001)  # answered later, as a real backend is
        end = min(query.offset + query.limit, self.total)
        rows = tuple(ContactRow(f"k{n}", f"{query.text}Contact {n:06d}", ((Channel.EMAIL, n % 2 == 0),),
                                None, "", n % 7 == 0, n % 5 == 0)
                     for n in range(query.offset, end))
        return ContactPage(rows, query.offset, self.total)


async def test_the_list_pages_100k_contacts_on_demand_and_drops_stale_answers(qtbot: QtBot) -> None:
    from datetime import UTC, datetime

    backend = _HundredThousand()
    runner = TaskRunner()
    model = ContactListModel(backend.page, runner, lambda: datetime(2026, 11, 25, tzinfo=UTC))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 600)
    view.show()
    model.set_query("", ContactSort.NAME, descending=False)
    await until(lambda: model.is_loaded, what="the first page")
    assert model.rowCount() == 100_000 and len(backend.asked) == 1

    # Jump to the end: rows there read "…" until their page is here; nothing in between is read.
    view.scrollToBottom()
    last = model.index(99_999, ContactListModel.NAME)
    assert last.data() == PLACEHOLDER
    await until(lambda: last.data() == "Contact 099999", what="the last page")
    assert {q.offset for q in backend.asked} <= {0, 99_800, 99_600}
    # Scrolling through the middle never keeps more than the cache holds.
    for row in range(0, 100_000, 2_000):
        view.scrollTo(model.index(row, 0))
        model.index(row, 0).data()
        await asyncio.sleep(0)
    await until(lambda: runner.pending == 0, what="the fetches to settle")
    assert model.cached_pages <= CACHED_PAGES
    assert len(backend.asked) < 100_000 // PAGE_SIZE  # never the whole list

    # A new query while an old page is on its way: the old answer is dropped.
    model.index(50_000, 0).data()  # asks for a page of the old query
    model.set_query("x", ContactSort.NAME, descending=False)
    await until(lambda: model.query.text == "x" and model.is_loaded and runner.pending == 0,
                what="the new query")
    await until(lambda: model.index(0, 0).data() == "xContact 000000", what="the new rows")
    assert all(not str(model.index(r, 0).data()).startswith("Contact") for r in range(10))
    await runner.cancel_all()
