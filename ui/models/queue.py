"""The queue: waiting inquiries, oldest first, with live wait times."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain import Inquiry
from ui.format import one_line, wait_time
from ui.models.roles import IdRole, ValueRole

Index = QModelIndex | QPersistentModelIndex


class QueueModel(QAbstractTableModel):
    VISITOR, CHANNEL, DEPARTMENT, WAITING, PRIORITY, MESSAGE = range(6)
    _HEADERS = ("Visitor", "Channel", "Department", "Waiting", "Priority", "Message")

    def __init__(self, now: Callable[[], datetime], department_names: Mapping[str, str]) -> None:
        super().__init__()
        self._now = now
        self._department_names = dict(department_names)
        self._rows: list[Inquiry] = []
        self._keys: list[tuple[datetime, str]] = []

    # -- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        inquiry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(inquiry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.MESSAGE:
            return one_line(inquiry.preview, 400)
        if role == ValueRole:
            return inquiry
        if role == IdRole:
            return inquiry.id
        return None

    def _display(self, inquiry: Inquiry, column: int) -> str:
        if column == self.VISITOR:
            return inquiry.visitor_name
        if column == self.CHANNEL:
            return inquiry.channel.label
        if column == self.DEPARTMENT:
            if inquiry.department_id is None:
                return "Any (public)"
            return self._department_names.get(inquiry.department_id, inquiry.department_id)
        if column == self.WAITING:
            return wait_time(inquiry.waited_seconds(self._now()))
        if column == self.PRIORITY:
            return inquiry.priority.label
        return one_line(inquiry.preview)

    # -- updates ---------------------------------------------------------------------------

    def reset(self, inquiries: Iterable[Inquiry]) -> None:
        self.beginResetModel()
        self._rows = sorted(inquiries, key=lambda i: (i.queued_at, i.id))
        self._keys = [(i.queued_at, i.id) for i in self._rows]
        self.endResetModel()

    def add(self, inquiry: Inquiry) -> None:
        if self.row_of(inquiry.id) is not None:
            return
        key = (inquiry.queued_at, inquiry.id)
        row = bisect.bisect(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, inquiry)
        self._keys.insert(row, key)
        self.endInsertRows()

    def remove(self, inquiry_id: str) -> None:
        row = self.row_of(inquiry_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._keys[row]
        self.endRemoveRows()

    def refresh_wait_times(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, self.WAITING),
                                  self.index(len(self._rows) - 1, self.WAITING),
                                  [Qt.ItemDataRole.DisplayRole])

    def row_of(self, inquiry_id: str) -> int | None:
        for row, inquiry in enumerate(self._rows):
            if inquiry.id == inquiry_id:
                return row
        return None

    def inquiry_at(self, row: int) -> Inquiry:
        return self._rows[row]
