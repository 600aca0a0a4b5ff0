"""The queue panel: waiting inquiries of my departments, and the Take button. An inquiry the
blocking settings forbid taking is shown, dimmed with a lock; Take stays off for it and says why."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import Inquiry
from ui.models.queue import QueueModel, block_reason, lock_icon
from ui.plain import plain_label

_TAKE_TIP = "Take the selected inquiry (or double-click it)"


class QueuePanel(QWidget):
    take_requested = Signal(str)

    def __init__(self, model: QueueModel, *, can_take: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.title = plain_label()
        self.title.setObjectName("panelTitle")
        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((QueueModel.VISITOR, 120), (QueueModel.CHANNEL, 72),
                              (QueueModel.DEPARTMENT, 92), (QueueModel.WAITING, 84),
                              (QueueModel.PRIORITY, 64)):
            self.table.setColumnWidth(column, width)
        self.take_button = QPushButton("Take")
        self.take_button.setToolTip(_TAKE_TIP)
        self.take_button.setEnabled(False)
        self._can_take = can_take
        self.take_button.setVisible(can_take)
        self.take_button.clicked.connect(self._take_selected)
        self.table.doubleClicked.connect(self._take_index)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        model.rowsInserted.connect(self._update_title)
        model.rowsRemoved.connect(self._update_title)
        model.modelReset.connect(self._update_title)
        model.rowsRemoved.connect(self._update_buttons)
        # A selected inquiry's block may lift (its contact verified) or fall (a setting changed).
        model.dataChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        self.blocked_note = plain_label(wrap=True)
        self.blocked_note.setObjectName("blockedNote")
        lock = QLabel()
        lock.setPixmap(lock_icon().pixmap(16, 16))
        lock.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._blocked_row = QWidget()
        blocked_layout = QHBoxLayout(self._blocked_row)
        blocked_layout.setContentsMargins(2, 2, 2, 2)
        blocked_layout.addWidget(lock)
        blocked_layout.addWidget(self.blocked_note, 1)
        self._blocked_row.hide()

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.take_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self._blocked_row)

        # Wait times tick every second; only the Waiting column is repainted.
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(model.refresh_wait_times)
        self._ticker.start()
        self._update_title()

    def _update_title(self) -> None:
        count = self.model.rowCount()
        self.title.setText(f"Queue · {count} waiting" if count else "Queue · nobody waiting")

    def selected_inquiry(self) -> Inquiry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.inquiry_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        inquiry = self.selected_inquiry()
        reason = block_reason(inquiry.blocked) if inquiry is not None else ""
        self.take_button.setEnabled(inquiry is not None and not reason)
        self.take_button.setToolTip(reason or _TAKE_TIP)
        self.blocked_note.setText(reason)
        self._blocked_row.setVisible(bool(reason))

    def _take_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._take_index(rows[0])

    def set_can_take(self, can_take: bool) -> None:
        """Whether the user may take from the queue (the policy's answer, which may change)."""
        self._can_take = can_take
        self.take_button.setVisible(can_take)

    def _take_index(self, index: QModelIndex) -> None:
        inquiry = self.model.inquiry_at(index.row())
        # A blocked inquiry is refused anyway; the note under the queue already says why.
        if self._can_take and not inquiry.blocked:
            self.take_requested.emit(inquiry.id)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
