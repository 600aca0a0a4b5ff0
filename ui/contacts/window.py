"""The Contact Center: every contact the user may see (left), and the one chosen (right).

The list is a virtual model over `contacts_page` (ui.contacts.list_model): it scrolls 100,000
contacts without loading them. Searching, sorting, choosing, creating, editing, settling
conflicts and merging run in the task runner; the backend's ContactChanged events refresh the
list (selection and scroll kept) and the contact shown, gathered so a burst costs one refresh.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.backends.events import ConnectionChanged, ContactChanged, Resynced
from app.clock import Clock
from app.domain import (
    Agent,
    Chat,
    ChatSummary,
    Contact,
    ContactDraft,
    ContactEvent,
    ContactSort,
    Message,
    Principal,
    SavedContact,
)
from app.errors import OmnideskError
from app.policy import Action
from ui.accessible import named
from ui.bridge.events import EventPump
from ui.bridge.tasks import TaskRunner
from ui.connection_bar import ConnectionBar
from ui.contacts.backend import ContactsBackend
from ui.contacts.detail import ContactDetail
from ui.contacts.dialogs import ContactDialog, DuplicatesDialog
from ui.contacts.list_model import ContactListModel
from ui.contacts.name_delegate import CellDelegate, NameDelegate
from ui.geometry import fit_to_screen
from ui.i18n import QT_TRANSLATE_NOOP
from ui.i18n.say import say_error
from ui.monitor.coalesce import Coalescer
from ui.plain import plain_label
from ui.workspace.banner import Banner, show_link

# Typing pauses this long before the list is searched again.
SEARCH_DELAY_MS = 150
# Arrowing through the list shows each contact only once the keys rest this long.
SHOW_DELAY_MS = 80
# Contact changes are gathered this long before the list and the contact are read again.
CONTACTS_EVERY_MS = 300
# New chats bring new contacts and change the last chat: the list is read again at most this often.
CHATS_EVERY_MS = 2_000
# Messages loaded when a chat of the contact is opened.
TRANSCRIPT_PAGE = 500

# The sort choices: (label, sort, descending). The header's Name and Last chat match some.
SORT_CHOICES = (
    (QT_TRANSLATE_NOOP("ContactCenterWindow", "Name, A to Z"), ContactSort.NAME, False),
    (QT_TRANSLATE_NOOP("ContactCenterWindow", "Name, Z to A"), ContactSort.NAME, True),
    (QT_TRANSLATE_NOOP("ContactCenterWindow", "Last chat, newest first"), ContactSort.LAST_CHAT, True),
    (QT_TRANSLATE_NOOP("ContactCenterWindow", "Last chat, oldest first"), ContactSort.LAST_CHAT, False),
    (QT_TRANSLATE_NOOP("ContactCenterWindow", "Created, newest first"), ContactSort.CREATED, True),
    (QT_TRANSLATE_NOOP("ContactCenterWindow", "Created, oldest first"), ContactSort.CREATED, False),
)


class ContactCenterWindow(QMainWindow):
    ready = Signal()
    closed = Signal()

    def __init__(self, backend: ContactsBackend, principal: Principal, clock: Clock,
                 department_names: dict[str, str], settings: QSettings, *, where: str = "") -> None:
        super().__init__()
        self.backend = backend
        self.principal = principal
        self._clock = clock
        self._settings = settings
        self.runner = TaskRunner(self)
        self.pump = EventPump(self)
        self.agents: list[Agent] = []
        self._is_ready = False
        # The contact shown on the right (it may be off the loaded pages of the list).
        self.shown_contact_id: str | None = None
        # Each contact shown is a generation: answers for an earlier one are dropped.
        self._shown_generation = 0
        self._chats_generation = 0
        self._transcript_generation = 0
        # The reads of the contact being shown: one at a time, a newer choice cancels them (its
        # reads not started yet are never made), so arrowing or paging through the list never
        # queues reads in front of the list's pages.
        self._show_task: asyncio.Task[Any] | None = None
        self._changed: list[ContactChanged] = []
        self.setWindowTitle(self.tr("Omnidesk — Contact Center — {name}").format(name=principal.name))
        fit_to_screen(self, 1280, 800)

        self.model = ContactListModel(backend.contacts_page, self.runner, clock.now)
        self.banner = Banner()
        self.connection_bar = ConnectionBar(clock, self.runner, self.tr(
            "The contacts update when the connection is back."), backend=backend)
        self.search = QLineEdit()
        named(self.search, self.tr("Search contacts"))
        self.search.setObjectName("contactSearch")
        self.search.setPlaceholderText(self.tr("Search name, email, phone or address   (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.sort = QComboBox()
        named(self.sort, self.tr("Order of the list"))
        self.sort.setObjectName("contactSort")
        for label, sort, descending in SORT_CHOICES:
            self.sort.addItem(self.tr(label), (sort, descending))
        self.sort.setToolTip(self.tr("Order of the list (a click on the Name or Last chat header too)"))
        self.new_button = QPushButton(self.tr("New contact…"))
        self.new_button.setObjectName("newContactButton")
        self.new_button.setVisible(Action.CREATE_CONTACT in backend.capabilities())
        self.count = plain_label()
        self.count.setObjectName("contactCount")
        self.table = self._list_view()
        self.empty = plain_label(wrap=True)
        self.empty.setObjectName("contactsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)
        self.detail = ContactDetail(department_names)

        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        tools.addWidget(self.sort)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.addLayout(tools)
        counted = QHBoxLayout()
        counted.addWidget(self.count, 1)
        counted.addWidget(self.new_button)
        left_layout.addLayout(counted)
        left_layout.addWidget(self.list_stack, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 520])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.connection_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.statusBar().addWidget(plain_label(where))
        self.connection = plain_label()
        self.connection.setObjectName("connection")
        self.statusBar().addPermanentWidget(self.connection)

        self._search_timer = self._single_shot(SEARCH_DELAY_MS, self._on_search_timer_timeout)
        self._show_timer = self._single_shot(SHOW_DELAY_MS, self._on_show_timer_timeout)
        self.contacts_refresh = Coalescer(CONTACTS_EVERY_MS, self._refresh_contacts, self)
        self.chats_refresh = Coalescer(CHATS_EVERY_MS, self._refresh_list, self)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.sort.currentIndexChanged.connect(self._on_sort_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_header_sort_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.activated.connect(self._on_table_activated)
        self.new_button.clicked.connect(self.new_contact)
        self.model.loaded.connect(self._on_model_loaded)
        self.model.page_arrived.connect(self._on_model_page_arrived)
        self.detail.edit_requested.connect(self.edit_contact)
        self.detail.resolve_requested.connect(self._on_resolve_requested)
        self.detail.chats_search_changed.connect(self._on_chats_search_changed)
        self.detail.chat_opened.connect(self.open_chat)
        self.pump.contacts_changed.connect(self._on_pump_contacts_changed)
        self.pump.inquiries_queued.connect(self._on_pump_chats_changed)
        self.pump.chats_closed.connect(self._on_pump_chats_changed)
        self.pump.connection_changed.connect(self._on_pump_connection_changed)
        self.pump.resynced.connect(self._on_pump_resynced)
        self.runner.failed.connect(self._on_runner_failed)
        QShortcut(QKeySequence("Ctrl+F"), self, self._focus_search)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._clear_search)
        self._show_sort(ContactSort.NAME, descending=False)

    def _single_shot(self, interval_ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    def _list_view(self) -> QTableView:
        view = QTableView()
        named(view, self.tr("Contacts"))
        view.setObjectName("contactList")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setTabKeyNavigation(False)
        # One fixed row height: 100,000 rows are never measured one by one.
        rows = view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 12)
        header = view.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ContactListModel.NAME, QHeaderView.ResizeMode.Stretch)
        width = view.fontMetrics().horizontalAdvance
        header.resizeSection(ContactListModel.CHANNELS, width("Web chat ✓  Email ✓") + 16)
        # The wider of a day and the column's heading (longer in some languages).
        last_chat = self.model.headerData(ContactListModel.LAST_CHAT, Qt.Orientation.Horizontal)
        header.resizeSection(ContactListModel.LAST_CHAT,
                             max(width("30 Dec 2025"), width(str(last_chat))) + 24)
        header.resizeSection(ContactListModel.MANAGER, width("Ana Souza") + 24)
        header.resizeSection(ContactListModel.CONFLICTS, width(self.tr("Conflicts")) + 28)
        view.setItemDelegate(CellDelegate(self.model, view))
        view.setItemDelegateForColumn(ContactListModel.NAME, NameDelegate(self.model, view))
        return view

    @property
    def is_ready(self) -> bool:
        return self._is_ready

    # -- loading ---------------------------------------------------------------------------

    def start(self) -> None:
        self.runner.run(self._subscribe_and_load(), what=self.tr("Open the Contact Center"))

    async def _subscribe_and_load(self) -> None:
        """Subscribe first (live once `events()` returns), then load: nothing is missed."""
        self.pump.start(await self.backend.events())
        self._apply_query()
        self.agents = await self.backend.agents()
        self.detail.agent_names = {agent.id: agent.name for agent in self.agents}

    def _apply_query(self) -> None:
        sort, descending = self.sort.currentData()
        self.model.set_query(self.search.text().strip(), sort, descending)

    def _on_model_loaded(self) -> None:
        total, text = self.model.total, self.model.query.text
        if text:
            self.count.setText(self.tr("%Ln match(es) '{text}'", None, total).format(text=text) if total
                               else self.tr("No match for '{text}'").format(text=text))
            self.empty.setText(self.tr("No contacts match '{text}'.\nSearch looks in names, emails, phone "
                                       "numbers and channel addresses; every word must match.")
                                           .format(text=text))
        else:
            self.count.setText(self.tr("%Ln contact(s)", None, total))
            self.empty.setText(self.tr("No contacts yet. Contacts appear when visitors write in, or "
                               "create one with New contact…") if self.new_button.isVisible() else
                               self.tr("No contacts yet. Contacts appear when visitors write in."))
        self.list_stack.setCurrentWidget(self.table if total else self.empty)
        if not self._is_ready:
            self._is_ready = True
            self.ready.emit()

    def _on_model_page_arrived(self) -> None:
        self._select_shown()

    def _select_shown(self) -> None:
        """Select the shown contact's row if it is loaded, keeping the scroll where it is."""
        if self.shown_contact_id is None:
            return
        current = self.table.currentIndex()
        if current.isValid():
            here = self.model.contact_at(current.row())
            if here is not None and here.id == self.shown_contact_id:
                return
        row = self.model.row_of(self.shown_contact_id)
        selection = self.table.selectionModel()
        scrollbar = self.table.verticalScrollBar()
        position = scrollbar.value()
        selection.blockSignals(True)
        if row is None:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        else:
            selection.setCurrentIndex(self.model.index(row, 0),
                                      QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        selection.blockSignals(False)
        scrollbar.setValue(position)
        self.table.viewport().update()

    # -- searching and sorting -------------------------------------------------------------

    def _on_search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self._apply_query()

    def _on_search_return_pressed(self) -> None:
        self._search_timer.stop()
        if self.search.text().strip() != self.model.query.text:
            self._apply_query()
        self.table.setFocus()
        if self.model.total and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _clear_search(self) -> None:
        if self.search.text():
            self.search.clear()
            self._search_timer.stop()
            self._apply_query()
        self.table.setFocus()

    def _on_sort_changed(self, index: int) -> None:
        sort, descending = self.sort.itemData(index)
        self._show_sort(sort, descending=descending)
        self._apply_query()

    def _on_header_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        sort = ContactListModel.SORTS.get(column)
        current_sort, current_descending = self.sort.currentData()
        if sort is None:
            # Channels, Manager, Conflicts: not sortable on the server; the indicator goes back.
            self._show_sort(current_sort, descending=current_descending)
            return
        descending = order is Qt.SortOrder.DescendingOrder
        if (sort, descending) == (current_sort, current_descending):
            return
        # Through the combo: one place says how the list is sorted, and it reloads the list.
        choice = next(i for i, (_l, s, d) in enumerate(SORT_CHOICES) if (s, d) == (sort, descending))
        self.sort.setCurrentIndex(choice)

    def _show_sort(self, sort: ContactSort, *, descending: bool) -> None:
        header = self.table.horizontalHeader()
        column = next((c for c, s in ContactListModel.SORTS.items() if s is sort), -1)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)
        header.viewport().update()

    # -- the contact shown -----------------------------------------------------------------

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show_timer.start()

    def _on_show_timer_timeout(self) -> None:
        current = self.table.currentIndex()
        contact = self.model.contact_at(current.row()) if current.isValid() else None
        if contact is not None and contact.id != self.shown_contact_id:
            self.show_contact(contact.id)

    def _on_table_activated(self, index: QModelIndex) -> None:
        """Enter (or a double click) opens the contact: shown at once, the keyboard moves to it."""
        contact = self.model.contact_at(index.row())
        if contact is None:
            return
        self._show_timer.stop()
        if contact.id != self.shown_contact_id:
            self.show_contact(contact.id)
        self.detail.tabs.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_contact(self, contact_id: str) -> None:
        """Show the contact (a merged id shows the contact it became): profile, chats, history."""
        self.shown_contact_id = contact_id
        self._shown_generation += 1
        generation = self._shown_generation
        search = self.detail.chats_search.text() if contact_id == self._detail_id() else ""

        async def read() -> tuple[Contact, list[ContactEvent], list[ChatSummary]]:
            contact = await self.backend.contact(contact_id)
            log = await self.backend.contact_log(contact.id)
            chats = await self.backend.contact_history(contact.id, text=search)
            return contact, log, chats

        def shown(result: tuple[Contact, list[ContactEvent], list[ChatSummary]]) -> None:
            if generation != self._shown_generation:
                return  # another contact was chosen meanwhile
            contact, log, chats = result
            self.shown_contact_id = contact.id
            self.detail.show_contact(contact, self.backend.contact_capabilities(contact))
            self.detail.show_log(log)
            self.detail.show_chats(chats)
            self._select_shown()

        if self._show_task is not None and not self._show_task.done():
            self._show_task.cancel()
        self._show_task = self.runner.run(read(), what=self.tr("Show the contact"), on_done=shown)

    def _detail_id(self) -> str | None:
        return self.detail.contact.id if self.detail.contact is not None else None

    def _on_chats_search_changed(self, text: str) -> None:
        contact_id = self._detail_id()
        if contact_id is None:
            return
        self._chats_generation += 1
        generation = self._chats_generation

        def found(chats: list[ChatSummary]) -> None:
            if generation == self._chats_generation and contact_id == self._detail_id():
                self.detail.show_chats(chats)

        self.runner.run(self.backend.contact_history(contact_id, text=text.strip()),
                        what=self.tr("Search the contact's chats"), on_done=found)

    def open_chat(self, chat_id: str) -> None:
        """Show the chat's transcript, read only, under the contact's chats."""
        self._transcript_generation += 1
        generation = self._transcript_generation

        async def read() -> tuple[Chat, list[Message]] | OmnideskError:
            try:
                chat = await self.backend.chat(chat_id)
                page = await self.backend.messages(chat_id, limit=TRANSCRIPT_PAGE)
            except OmnideskError as error:  # said where the transcript would be
                return error
            return chat, list(page.messages)

        def shown(result: tuple[Chat, list[Message]] | OmnideskError) -> None:
            if generation != self._transcript_generation:
                return
            if isinstance(result, OmnideskError):
                self.detail.show_transcript_refusal(say_error(result))
            else:
                self.detail.show_transcript(*result)

        self.runner.run(read(), what=self.tr("Open the chat"), on_done=shown)

    # -- conflicts -------------------------------------------------------------------------

    def _on_resolve_requested(self, field: str, value: str) -> None:
        contact = self.detail.contact
        if contact is None:
            return

        async def resolve() -> Contact | OmnideskError:
            try:
                return await self.backend.resolve_conflict(contact.id, field, value)
            except OmnideskError as error:  # said in the conflicts section
                return error

        def settled(result: Contact | OmnideskError) -> None:
            if isinstance(result, OmnideskError):
                self.detail.conflicts.show_refusal(say_error(result))
                return
            self.statusBar().showMessage(self.tr("Conflict settled for {name}.")
                                         .format(name=result.name), 8_000)
            self.show_contact(result.id)
            self.model.refresh()

        self.runner.run(resolve(), what=self.tr("Settle the conflict"), on_done=settled)

    # -- creating, editing, merging --------------------------------------------------------

    def new_contact(self) -> None:
        self._open_dialog(None)

    def edit_contact(self) -> None:
        if self.detail.contact is not None:
            self._open_dialog(self.detail.contact)

    def _open_dialog(self, contact: Contact | None) -> None:
        dialog = ContactDialog(self.agents, contact, self)
        contact_id = contact.id if contact is not None else None

        def save(draft: ContactDraft) -> None:
            async def saving() -> SavedContact | OmnideskError:
                try:
                    # What the dialog was opened on: a change since then refuses, never overwrites.
                    return await self.backend.save_contact(draft, contact_id=contact_id,
                                                           based_on=contact)
                except OmnideskError as error:  # said in the dialog, beside the field
                    return error

            def answered(result: SavedContact | OmnideskError) -> None:
                if isinstance(result, OmnideskError):
                    dialog.refused(result)
                    return
                dialog.saved()
                self._saved(result, created=contact_id is None)

            self.runner.run(saving(), what=self.tr("Save the contact"), on_done=answered)

        dialog.save_requested.connect(save)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def _saved(self, saved: SavedContact, *, created: bool) -> None:
        contact = saved.contact
        said = self.tr("Created {name}.") if created else self.tr("Saved {name}.")
        self.statusBar().showMessage(said.format(name=contact.name), 8_000)
        self.show_contact(contact.id)
        self.model.refresh()
        if saved.duplicates:
            self._offer_merge(saved)

    def _offer_merge(self, saved: SavedContact) -> None:
        dialog = DuplicatesDialog(saved.contact, saved.duplicates, self)

        def chosen(result: int) -> None:
            dialog.deleteLater()
            if result:
                self.merge(saved.contact.id, [row.id for row in saved.duplicates])

        dialog.finished.connect(chosen)
        dialog.open()

    def merge(self, into_id: str, source_ids: list[str]) -> None:
        def merged(contact: Contact) -> None:
            count = len(source_ids)
            self.statusBar().showMessage(
                self.tr("Merged %n contact(s) into {name}.", None, count).format(name=contact.name), 8_000)
            self.show_contact(contact.id)
            self.model.refresh()

        self.runner.run(self.backend.merge_contacts(into_id, source_ids), what=self.tr("Merge the contacts"),
                        on_done=merged)

    # -- live ------------------------------------------------------------------------------

    def _on_pump_contacts_changed(self, events: list[ContactChanged]) -> None:
        self._changed.extend(events)
        self.contacts_refresh.request()

    def _refresh_contacts(self, done: Callable[[], None]) -> None:
        changed, self._changed = self._changed, []
        touched = {event.contact_id for event in changed} | {
            merged for event in changed for merged in event.merged_ids}
        self.model.refresh()
        if self.shown_contact_id is not None and self.shown_contact_id in touched:
            # A merged id answers with the contact it became: that one is shown.
            self.show_contact(self.shown_contact_id)
        done()

    def _on_pump_chats_changed(self, events: list[Any]) -> None:
        del events  # a new chat or a closed one: the list's last chats and members moved
        self.chats_refresh.request()

    def _refresh_list(self, done: Callable[[], None]) -> None:
        self.model.refresh()
        done()

    def _on_pump_connection_changed(self, events: list[ConnectionChanged]) -> None:
        self.connection_bar.show_link(events[-1])
        show_link(self.connection, events[-1])

    def _on_pump_resynced(self, events: list[Resynced]) -> None:
        del events  # one reload answers any number of them
        self.model.refresh()
        if self.shown_contact_id is not None:
            self.show_contact(self.shown_contact_id)

    def _on_runner_failed(self, what: str, message: str) -> None:
        self.banner.show_problem(what, message)

    # -- theme and closing -----------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.detail.follow_palette()
            self.table.viewport().update()
        super().changeEvent(event)

    async def shutdown(self) -> None:
        self._search_timer.stop()
        self._show_timer.stop()
        self.contacts_refresh.stop()
        self.chats_refresh.stop()
        await self.pump.stop()
        await self.runner.cancel_all()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
