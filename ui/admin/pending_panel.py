"""Pending changes in the order they were made: undo one, resolve a conflict, publish all."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.accessible import named
from ui.admin import sync_api
from ui.admin.models import PendingModel
from ui.plain import plain_label


class PendingPanel(QWidget):
    undo_requested = Signal(int)  # seq
    resolve_requested = Signal(int)  # seq
    publish_requested = Signal()
    what_if_requested = Signal()

    def __init__(self, model: PendingModel) -> None:
        super().__init__()
        self.model = model
        self.table = QTableView()
        named(self.table, self.tr("Pending changes"))
        self.table.setObjectName("pendingChanges")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PendingModel.CHANGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PendingModel.STATE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Drop the chosen change (it was never published)"))
        self.resolve_button = QPushButton(self.tr("Resolve conflict…"))
        self.what_if_button = QPushButton(self.tr("Compare with today's traffic…"))
        self.what_if_button.setToolTip(self.tr(
                "Replay today's chats with these changes, beside what happened"))
        self.publish_button = QPushButton(self.tr("Publish all"))
        self.publish_button.setDefault(True)
        self.empty = plain_label(self.tr(
                "No pending changes: what you save here waits until you publish it."),
                                 wrap=True)
        buttons = QHBoxLayout()
        for button in (self.undo_button, self.resolve_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.what_if_button)
        buttons.addWidget(self.publish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.undo_button.clicked.connect(self._on_undo_clicked)
        self.resolve_button.clicked.connect(self._on_resolve_clicked)
        self.publish_button.clicked.connect(self.publish_requested)
        self.what_if_button.clicked.connect(self.what_if_requested)
        self.table.selectionModel().selectionChanged.connect(self.update_buttons)
        model.modelReset.connect(self.update_buttons)
        self.busy = False
        self.update_buttons()

    def chosen(self) -> sync_api.Pending | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.value_at(rows[0].row()) if rows else None

    def select_seq(self, seq: int) -> None:
        row = self.model.row_of(seq)
        if row is not None:
            self.table.selectRow(row)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.update_buttons()

    def update_buttons(self) -> None:
        count = self.model.rowCount()
        chosen = self.chosen()
        self.empty.setVisible(count == 0)
        self.undo_button.setEnabled(chosen is not None and not self.busy)
        self.resolve_button.setEnabled(chosen is not None and chosen.state == sync_api.CONFLICT)
        waiting = any(self.model.value_at(row).state in (sync_api.DRAFT, sync_api.QUEUED)
                      for row in range(count))
        self.publish_button.setEnabled(waiting and not self.busy)
        self.what_if_button.setEnabled(count > 0 and not self.busy)

    def _on_undo_clicked(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.undo_requested.emit(chosen.seq)

    def _on_resolve_clicked(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.resolve_requested.emit(chosen.seq)

    def _on_table_double_clicked(self) -> None:
        chosen = self.chosen()
        if chosen is not None and chosen.state == sync_api.CONFLICT:
            self.resolve_requested.emit(chosen.seq)
