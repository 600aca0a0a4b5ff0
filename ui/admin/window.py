"""Administration: the organisation's configuration as records, edited as pending changes.

Left the kinds, in the middle a kind's records, on the right the chosen record's form; below,
the pending changes to undo, resolve or publish; a second tab reads the audit trail. Edits go
to the configuration sync (which journals them); only publishing reaches the backend.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.backends.contract import Administration, ConfirmsIdentity, EventStream, OffersConfiguration
from app.backends.events import ConnectionChanged, ConnectionState, Resynced
from app.clock import Clock
from app.config import JsonValue, Kind, schema_of
from app.config.offer import EVERYTHING
from app.domain import Principal
from app.errors import InvalidInput, OmnideskError, TwoFactorRequired
from app.policy import configurable_kinds
from ui.accessible import named
from ui.admin import sync_api
from ui.admin.audit_view import AuditView
from ui.admin.conflict_dialog import ConflictDialog
from ui.admin.describe import KIND_HEADINGS, record_title
from ui.admin.form import RecordForm
from ui.admin.models import AuditModel, PendingModel, RecordsModel
from ui.admin.pending_panel import PendingPanel
from ui.admin.records_panel import RecordsPanel
from ui.admin.unsaved import Leave, ask_about_unsaved
from ui.admin.whatif_dialog import WhatIfDialog
from ui.bridge.events import EventPump
from ui.bridge.tasks import TaskRunner
from ui.connection_bar import ConnectionBar
from ui.geometry import fit_to_screen
from ui.i18n import translate
from ui.i18n.labels import kind_label
from ui.i18n.say import say_error
from ui.plain import plain_label
from ui.workspace.banner import Banner

# Rocket.Chat has five fixed priorities: an admin renames them, never adds or removes one.
_FIXED_SETS = frozenset({Kind.PRIORITY})
_KIND_ROLE = Qt.ItemDataRole.UserRole
_Item = QListWidgetItem | None


class AdminWindow(QMainWindow):
    ready = Signal()
    closed = Signal()

    def __init__(self, sync: sync_api.ConfigSyncApi, administration: Administration, principal: Principal,
                 clock: Clock, settings: QSettings,
                 events: Callable[[], Awaitable[EventStream]] | None = None) -> None:
        super().__init__()
        self.sync = sync
        # The backend's events: someone else changed the configuration (Resynced), or the link
        # to the server came and went (pending changes are pushed when it is back).
        self._events = events
        self.pump = EventPump(self)
        self.pump.resynced.connect(self._on_pump_resynced)
        self.pump.connection_changed.connect(self._on_pump_connection_changed)
        self.administration = administration
        # What the backend lets admins change (a server: less than the schemas hold).
        self.offer = (administration.configuration_offer() if isinstance(administration, OffersConfiguration)
                      else EVERYTHING)
        self.principal = principal
        self._clock = clock
        self._settings = settings
        self.runner = TaskRunner(self)
        self.is_ready = False
        self.kind: Kind | None = None
        self.setWindowTitle(self.tr("Omnidesk — Administration ({name})").format(name=principal.name))
        fit_to_screen(self, 1280, 820)
        geometry = settings.value("admin/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

        self.banner = Banner()
        self.connection_bar = ConnectionBar(clock, self.runner, self.tr(
            "Changes you save wait, and are published when the connection is back."),
            backend=administration)
        self.kinds = QListWidget()  # at most ten fixed entries
        named(self.kinds, self.tr("Kinds of record"))
        self.kinds.setObjectName("kinds")
        self.kinds.setMaximumWidth(200)
        self.records_model = RecordsModel()
        self.records_panel = RecordsPanel(self.records_model)
        self.form = RecordForm(self._options, self.sync.problems_with,
                               specs=lambda kind, creating: self.offer.field_specs(kind, creating=creating))
        editors = QSplitter(Qt.Orientation.Horizontal)
        editors.addWidget(self.kinds)
        editors.addWidget(self.records_panel)
        editors.addWidget(self.form)
        editors.setSizes([180, 320, 640])
        editors.setStretchFactor(2, 1)
        self.audit_model = AuditModel(self.name_of)
        self.audit_view = AuditView(self.audit_model)
        # Why some of a kind is not offered here (a Community server's limits), above its editors.
        self.kind_note = plain_label(wrap=True)
        self.kind_note.setObjectName("kindNote")
        self.kind_note.hide()
        configuration = QWidget()
        column = QVBoxLayout(configuration)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.kind_note)
        column.addWidget(editors, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(configuration, self.tr("Configuration"))
        self.tabs.addTab(self.audit_view, self.tr("Audit"))
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.connection_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.pending_model = PendingModel(self.name_of)
        self.pending_panel = PendingPanel(self.pending_model)
        dock = QDockWidget(self.tr("Pending changes"), self)
        dock.setObjectName("pendingDock")
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        dock.setWidget(self.pending_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.pending_count = plain_label()
        self.pending_count.setObjectName("pendingCount")
        self.link = plain_label()
        self.link.setObjectName("link")
        self.statusBar().addPermanentWidget(self.pending_count)
        self.statusBar().addPermanentWidget(self.link)

        # Sync notifications arrive in bursts (a publish touches every change): redraw once.
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(0)
        self._refresh_soon.timeout.connect(self.refresh)
        self._unsubscribe: Callable[[], None] | None = None
        self.what_if_dialog: WhatIfDialog | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self.identity_dialog: QInputDialog | None = None
        self.pending_panel.what_if_button.setVisible(self.offer.what_if)
        self._closing = False
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.activated.connect(self._on_save_shortcut)

        self.runner.failed.connect(self.banner.show_problem)
        self.kinds.currentItemChanged.connect(self._on_kinds_current_changed)
        self.records_panel.record_chosen.connect(self._on_records_panel_record_chosen)
        self.records_panel.new_requested.connect(self._on_records_panel_new_requested)
        self.records_panel.delete_requested.connect(self._on_records_panel_delete_requested)
        self.form.save_requested.connect(self._on_form_save_requested)
        self.pending_panel.undo_requested.connect(self._on_pending_undo_requested)
        self.pending_panel.resolve_requested.connect(self._on_pending_resolve_requested)
        self.pending_panel.publish_requested.connect(self._on_pending_publish_requested)
        self.pending_panel.what_if_requested.connect(self._on_pending_what_if_requested)
        self.audit_view.refresh_requested.connect(self.load_audit)

    # -- loading ---------------------------------------------------------------------------

    def start(self) -> None:
        self._unsubscribe = self.sync.subscribe(self._refresh_soon.start)
        self.runner.run(self._load(), what=self.tr("Load the configuration"))

    async def _load(self) -> None:
        if self._events is not None:
            self.pump.start(await self._events())
        await self.sync.start()
        self.refresh()
        self.load_audit()
        self.is_ready = True
        self.ready.emit()

    def load_audit(self) -> None:
        self.runner.run(self.administration.audit(), what=self.tr(
                "Read the audit"), on_done=self.audit_model.reset)

    def refresh(self) -> None:
        """Show the sync's records and pending changes as they are now."""
        self._show_kinds()
        self._show_records()
        self._show_pending()
        entity = self.form.entity_id
        if self.form.kind is not None and entity is not None and not self.form.is_dirty:
            record = self.sync.record(self.form.kind, entity)
            if record is None:
                self.form.clear()
            else:
                self.form.load(record.kind, record.id, record.name, record.fields)

    def _show_kinds(self) -> None:
        # The policy says which kinds one may change, records or not (the first SLA policy is
        # created in an empty list).
        allowed = configurable_kinds(self.principal)
        editable = [kind for kind in KIND_HEADINGS if kind in allowed and self.offer.offers(kind)]
        shown = [self.kinds.item(row).data(_KIND_ROLE) for row in range(self.kinds.count())]
        if shown == editable:
            return
        self.kinds.blockSignals(True)
        self.kinds.clear()
        for kind in editable:
            item = QListWidgetItem(translate("admin.describe", KIND_HEADINGS[kind]))
            item.setData(_KIND_ROLE, kind)
            self.kinds.addItem(item)
            if kind is self.kind:
                self.kinds.setCurrentItem(item)
        self.kinds.blockSignals(False)
        if self.kind is None and editable:
            self.kinds.setCurrentRow(0)

    def _show_records(self) -> None:
        if self.kind is None:
            return
        pending_ids = {p.change.entity_id for p in self.sync.pending() if p.change.kind is self.kind}
        self.records_model.show(self.sync.records(self.kind), pending_ids)
        self.records_panel.select(self.form.entity_id if self.form.kind is self.kind else None)

    def _show_pending(self) -> None:
        chosen = self.pending_panel.chosen()
        pending = self.sync.pending()
        self.pending_model.show(pending, online=self.sync.online)
        if chosen is not None:
            self.pending_panel.select_seq(chosen.seq)
        self.pending_count.setText(self.tr("{count} pending").format(count=len(pending)))
        self.link.setText(self.tr("Online") if self.sync.online else self.tr(
                "Offline: changes wait to be published"))

    # -- names for sentences and choices ---------------------------------------------------

    def name_of(self, kind: Kind, entity_id: str) -> str:
        record = self.sync.record(kind, entity_id) or self.sync.published(kind, entity_id)
        return record.name if record is not None else entity_id

    def _options(self, kind: Kind, role: str | None) -> Sequence[tuple[str, str]]:
        return [(record.id, record.name) for record in self.sync.records(kind)
                if role is None or record.fields.get(role) is True]

    # -- choosing what to edit -------------------------------------------------------------

    def _leave_form_then(self, proceed: Callable[[], None], stay: Callable[[], None]) -> None:
        """Run `proceed` once the form's unsaved changes (if any) are saved or discarded."""
        if not self.form.is_dirty:
            proceed()
            return

        def answered(answer: Leave) -> None:
            if answer is Leave.SAVE and self._save(self.form.changed_fields()):
                proceed()
            elif answer is Leave.DISCARD:
                self.form.revert()
                proceed()
            else:
                stay()

        assert self.form.kind is not None
        title = (self.tr("New: {kind}").format(kind=kind_label(self.form.kind)) if self.form.entity_id is None
                 else record_title(self.form.kind, self.name_of(self.form.kind, self.form.entity_id)))
        ask_about_unsaved(self, title, answered)

    def _on_kinds_current_changed(self, current: _Item, previous: _Item) -> None:
        if current is None:
            return
        kind = Kind(current.data(_KIND_ROLE))

        def back() -> None:
            if previous is not None:
                self.kinds.blockSignals(True)
                self.kinds.setCurrentItem(previous)
                self.kinds.blockSignals(False)

        self._leave_form_then(lambda: self.show_kind(kind), back)

    def show_kind(self, kind: Kind) -> None:
        self.kind = kind
        self._select_kind_quietly(kind)
        schema = schema_of(kind)
        self.records_panel.title.setText(translate("admin.describe", KIND_HEADINGS[kind]))
        self.records_panel.search.clear()
        self.records_panel.setVisible(not schema.singleton)
        offer = self.offer.of(kind)
        fixed = schema.singleton or kind in _FIXED_SETS
        self.records_panel.set_can_create(not fixed and offer.create, can_delete=not fixed and offer.delete)
        self.kind_note.setText(offer.note)
        self.kind_note.setVisible(bool(offer.note))
        self.form.clear()
        self._show_records()
        if schema.singleton:  # one record: its form is all there is to show
            record = self.sync.record(kind, kind.value)
            if record is not None:
                self.form.load(kind, record.id, record.name, record.fields)

    def _select_kind_quietly(self, kind: Kind) -> None:
        for row in range(self.kinds.count()):
            if self.kinds.item(row).data(_KIND_ROLE) == kind and self.kinds.currentRow() != row:
                self.kinds.blockSignals(True)
                self.kinds.setCurrentRow(row)
                self.kinds.blockSignals(False)

    def _on_records_panel_record_chosen(self, entity_id: str) -> None:
        previous = self.form.entity_id
        self._leave_form_then(lambda: self._open_record(entity_id),
                              lambda: self.records_panel.select(previous))

    def _open_record(self, entity_id: str) -> None:
        record = self.sync.record(self.kind, entity_id) if self.kind is not None else None
        if record is not None:
            self.form.load(record.kind, record.id, record.name, record.fields)
        self.records_panel.select(entity_id)

    def _on_records_panel_new_requested(self) -> None:
        def new() -> None:
            if self.kind is not None:
                self.records_panel.select(None)
                self.form.load(self.kind, None, "", schema_of(self.kind).defaults())

        self._leave_form_then(new, lambda: None)

    def _on_records_panel_delete_requested(self, entity_id: str) -> None:
        if self.kind is None:
            return
        try:
            self.sync.delete(self.kind, entity_id)
        except OmnideskError as refusal:
            self.banner.show_problem(self.tr("Delete"), say_error(refusal))
            return
        self.form.clear()

    # -- saving ----------------------------------------------------------------------------

    def _on_save_shortcut(self) -> None:
        if self.form.save_button.isEnabled():
            self.form.save_button.click()

    def _on_form_save_requested(self, fields: dict[str, JsonValue]) -> None:
        self._save(fields)

    def _save(self, fields: dict[str, JsonValue]) -> bool:
        """Record the form's changes as a pending change; False (and the reason shown) if refused."""
        kind, entity_id = self.form.kind, self.form.entity_id
        if kind is None:
            return False
        try:
            if entity_id is None:
                entity_id = self.sync.create(kind, fields).change.entity_id
            elif fields:
                self.sync.edit(kind, entity_id, fields)
        except InvalidInput as refusal:
            self.form.show_refusal(say_error(refusal))
            return False
        record = self.sync.record(kind, entity_id)
        if record is not None:
            self.form.load(kind, record.id, record.name, record.fields)
        self.refresh()
        self.statusBar().showMessage(self.tr("Saved as a pending change: Publish all sends it."), 5000)
        return True

    # -- pending changes -------------------------------------------------------------------

    def _on_pending_undo_requested(self, seq: int) -> None:
        try:
            self.sync.undo(seq)
        except OmnideskError as refusal:
            self.banner.show_problem(self.tr("Undo"), say_error(refusal))

    def _on_pending_publish_requested(self) -> None:
        self.pending_panel.set_busy(True)
        self.runner.run(self._publish(), what=self.tr("Publish"))

    async def _publish(self) -> None:
        try:
            report = await self.sync.publish()
        except TwoFactorRequired as question:
            self.ask_identity(question)
            return
        finally:
            self.pending_panel.set_busy(False)
        self.statusBar().showMessage(report.message, 10_000)
        self.refresh()
        self.load_audit()
        conflicted = next((p for p in self.sync.pending() if p.state == sync_api.CONFLICT), None)
        if conflicted is not None:
            self.pending_panel.select_seq(conflicted.seq)

    def ask_identity(self, question: TwoFactorRequired) -> None:
        """The server asks who the admin is before it applies a change: their password or code,
        handed to the backend (never kept here), then publish again."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Confirm it is you"))
        dialog.setLabelText(say_error(question))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        if question.method == "password":
            dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setOkButtonText(self.tr("Publish"))
        dialog.textValueSelected.connect(lambda secret: self._on_identity_given(question.method, secret))
        dialog.finished.connect(dialog.deleteLater)
        self.identity_dialog = dialog
        dialog.open()

    def _on_identity_given(self, method: str, secret: str) -> None:
        self.identity_dialog = None
        if not secret or not isinstance(self.administration, ConfirmsIdentity):
            return
        self.administration.confirm_identity(method, secret)
        self._on_pending_publish_requested()

    def _on_pending_resolve_requested(self, seq: int) -> None:
        pending = next((p for p in self.sync.pending() if p.seq == seq), None)
        if pending is None or pending.conflict is None:
            return
        dialog = ConflictDialog(pending, pending.conflict, self.name_of, self)
        dialog.resolved.connect(self._on_conflict_resolved)
        dialog.finished.connect(dialog.deleteLater)
        self.conflict_dialog = dialog
        dialog.open()

    def _on_conflict_resolved(self, seq: int, choices: dict[str, sync_api.Choice]) -> None:
        try:
            self.sync.resolve(seq, choices)
        except OmnideskError as refusal:
            self.banner.show_problem(self.tr("Resolve the conflict"), say_error(refusal))
            return
        self.conflict_dialog = None
        self.statusBar().showMessage(self.tr("Resolved: Publish all sends what you kept."), 10_000)

    def _on_pending_what_if_requested(self) -> None:
        kinds = {p.change.kind for p in self.sync.pending()}
        edited = [record for kind in kinds for record in self.sync.records(kind)]
        dialog = WhatIfDialog(lambda agent: self.name_of(Kind.AGENT, agent), self)
        dialog.finished.connect(dialog.deleteLater)
        self.what_if_dialog = dialog
        dialog.open()
        self.runner.run(self.administration.what_if(edited, self._clock.now().date()),
                        what=self.tr("Compare with today's traffic"), on_done=dialog.show_result,
                        on_error=lambda error: dialog.show_problem(say_error(error)))

    # -- closing ---------------------------------------------------------------------------

    def _on_pump_resynced(self, events: list[Resynced]) -> None:
        self.runner.run(self.sync.refresh(), what=self.tr("Read the configuration again"))
        self.load_audit()

    def _on_pump_connection_changed(self, events: list[ConnectionChanged]) -> None:
        self.connection_bar.show_link(events[-1])
        online = events[-1].state is ConnectionState.ONLINE
        self.runner.run(self.sync.link_changed(online), what=self.tr("Send the pending changes"))

    async def shutdown(self) -> None:
        await self.pump.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._refresh_soon.stop()
        await self.runner.cancel_all()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.form.is_dirty and not self._closing:
            # Ask first (without a nested loop); close again once saved or discarded.
            event.ignore()
            self._leave_form_then(self._close_now, lambda: None)
            return
        self._settings.setValue("admin/geometry", self.saveGeometry())
        self.closed.emit()
        super().closeEvent(event)

    def _close_now(self) -> None:
        self._closing = True
        self.close()
