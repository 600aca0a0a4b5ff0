"""The queue panel: waiting inquiries of my departments, and the Take button. An inquiry the
blocking settings forbid taking is shown, dimmed with a lock; Take stays off for it and says why.
Header clicks sort (oldest first to start with); the filter box narrows the rows to a visitor,
message or department; a row's place in line and estimated wait are routing's."""

from __future__ import annotations

import re

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import Inquiry
from ui.accessible import named
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.models.queue import FilterRole, QueueModel, SortRole, block_reason, lock_icon
from ui.models.roles import ValueRole
from ui.plain import plain_label

_TAKE_TIP = QT_TRANSLATE_NOOP("QueuePanel", "Take the selected inquiry (or double-click it)")
_NOT_AVAILABLE_TIP = QT_TRANSLATE_NOOP("QueuePanel",
                                       "You are Not available: switch to Available to take chats.")


def not_available_tip() -> str:
    return translate("QueuePanel", _NOT_AVAILABLE_TIP)
# Widest texts of the columns whose texts have a known shape: sized to them, never cut.
_SAMPLES = {
    QueueModel.CHANNEL: "WhatsApp",
    QueueModel.WAITING: "88 min 88 s",
    QueueModel.PLACE: "#88 · ~88 min",
    QueueModel.PRIORITY: "Highest",
}


# When the panel is narrow: hidden in this order, so the visitor, the wait and their words stay.
_HIDDEN_FIRST = (QueueModel.PRIORITY, QueueModel.DEPARTMENT, QueueModel.CHANNEL, QueueModel.PLACE)


class QueueProxy(QSortFilterProxyModel):
    """Sorts by each column's own key (SortRole; ties keep the queue's order, the sort being
    stable) and keeps the rows whose visitor, message or department hold every word typed.
    Wait times ticking (DisplayRole only) never re-sort. Both run in Qt's C++: a burst of
    thousands of inquiries lands without a call back into Python per comparison."""

    def __init__(self, model: QueueModel) -> None:
        super().__init__()
        self.setSourceModel(model)
        self.setSortRole(SortRole)
        self.setFilterRole(FilterRole)
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Longest waiting first is the queue's own order: kept as it comes, nothing to compare.
        if column == QueueModel.WAITING and order is Qt.SortOrder.DescendingOrder:
            column, order = -1, Qt.SortOrder.AscendingOrder  # (-1 descending would reverse it)
        super().sort(column, order)

    def set_words(self, text: str) -> None:
        """Keep the rows holding every word of `text` (in any order, any case)."""
        pattern = "".join(f"(?=.*{re.escape(word)})" for word in text.casefold().split())
        self.setFilterRegularExpression(QRegularExpression(
            f"^{pattern}" if pattern else "",
            QRegularExpression.PatternOption.CaseInsensitiveOption
            | QRegularExpression.PatternOption.DotMatchesEverythingOption))


class QueuePanel(QWidget):
    take_requested = Signal(str)

    def __init__(self, model: QueueModel, *, can_take: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.title = plain_label()
        self.title.setObjectName("panelTitle")
        self.proxy = QueueProxy(model)
        self.filter = QLineEdit()
        named(self.filter, self.tr("Filter the queue"))
        self.filter.setObjectName("queueFilter")
        self.filter.setPlaceholderText(self.tr("Filter by visitor, message or department"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_words)
        self.table = QTableView()
        named(self.table, self.tr("Queue"), self.tr("Visitors waiting, longest waiting first"))
        self.table.setObjectName("queueTable")
        # The row taken (or gone) leaves no selection behind: nothing jumps to another inquiry.
        # Connected before the view's own handler, which would select the next row.
        self.proxy.rowsAboutToBeRemoved.connect(self._on_rows_leaving)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(QueueModel.WAITING, Qt.SortOrder.DescendingOrder)  # oldest first
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._fit_columns()
        self._available = True
        self.take_button = QPushButton(self.tr("Take"))
        self.take_button.setToolTip(self.tr(_TAKE_TIP))
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
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        layout.addWidget(self._blocked_row)

        # Wait times tick every second; only the Waiting column is repainted.
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(model.refresh_wait_times)
        self._ticker.start()
        self._update_title()

    def _fit_columns(self) -> None:
        """Size the columns to the text size in use: fixed-shape ones to their widest text."""
        metrics = self.table.fontMetrics()
        pad = 2 * metrics.horizontalAdvance("M")
        header_metrics = self.table.horizontalHeader().fontMetrics()
        self._widths: dict[int, int] = {}
        for column, sample in _SAMPLES.items():
            heading = QueueModel.HEADERS[column]
            width = max(metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(heading) + pad)
            self._widths[column] = width + pad
        self._widths[QueueModel.VISITOR] = metrics.horizontalAdvance("M" * 9) + pad
        self._widths[QueueModel.DEPARTMENT] = metrics.horizontalAdvance("M" * 7) + pad
        self._message_room = metrics.horizontalAdvance("M" * 10) + pad
        for column, width in self._widths.items():
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        self._fit_to_width()

    def _fit_to_width(self) -> None:
        """Columns that do not fit beside a readable message are hidden, least needed first,
        rather than cut off at the edge (every value stays in the row's tooltip)."""
        widths = getattr(self, "_widths", None)
        if not widths:
            return
        available = self.table.viewport().width()
        hidden: set[int] = set()
        for column in _HIDDEN_FIRST:
            if sum(w for c, w in widths.items() if c not in hidden) + self._message_room <= available:
                break
            hidden.add(column)
        for column in widths:
            if self.table.isColumnHidden(column) != (column in hidden):
                self.table.setColumnHidden(column, column in hidden)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_to_width()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_columns()

    def _update_title(self) -> None:
        count = self.model.rowCount()
        self.title.setText(self.tr("Queue · {count} waiting").format(
                count=count) if count else self.tr("Queue · nobody waiting"))

    def inquiry_at(self, index: QModelIndex) -> Inquiry:
        """The inquiry of a row as shown (sorted and filtered)."""
        value = index.siblingAtColumn(0).data(ValueRole)
        assert isinstance(value, Inquiry)
        return value

    def selected_inquiry(self) -> Inquiry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.inquiry_at(rows[0]) if rows else None

    def _on_rows_leaving(self, parent: QModelIndex, first: int, last: int) -> None:
        del parent
        rows = self.table.selectionModel().selectedRows()
        current = self.table.currentIndex()
        leaving = [r.row() for r in rows] + ([current.row()] if current.isValid() else [])
        if any(first <= row <= last for row in leaving):
            self.table.selectionModel().clear()

    def set_available(self, available: bool) -> None:
        """Whether the user takes chats now: while Not available, Take is off and says why."""
        self._available = available
        self._update_buttons()

    def _update_buttons(self) -> None:
        inquiry = self.selected_inquiry()
        reason = block_reason(inquiry.blocked) if inquiry is not None else ""
        unavailable = "" if self._available else not_available_tip()
        self.take_button.setEnabled(inquiry is not None and not reason and not unavailable)
        self.take_button.setToolTip(reason or unavailable or self.tr(_TAKE_TIP))
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
        inquiry = self.inquiry_at(index)
        # A blocked inquiry is refused anyway; the note under the queue already says why; so is
        # anything while Not available, and Take's tooltip says so.
        if self._can_take and self._available and not inquiry.blocked:
            self.take_requested.emit(inquiry.id)
