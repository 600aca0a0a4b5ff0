"""What the dashboard's tables share: rows kept current in place, warning colours, sort keys."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ui.models.base import RowsModel
from ui.monitor.colours import Level, swatch

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")

# What a column sorts by (a number for durations and counts), for QSortFilterProxyModel.
SortRole = Qt.ItemDataRole.UserRole + 3

_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_DISPLAY = Qt.ItemDataRole.DisplayRole


class LiveRowsModel(RowsModel[Row]):
    """Rows that a snapshot refreshes without a reset (selection and scroll stay), with columns
    coloured by how urgent their value is."""

    def level(self, value: Row, column: int) -> Level:
        return Level.FINE

    def sort_key(self, value: Row, column: int) -> Any:
        return self.display(value, column).lower()

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        if role in (_BACKGROUND, _FOREGROUND):
            colours = swatch(self.level(self.value_at(index.row()), index.column()))
            if colours is None:
                return None
            return colours.background if role == _BACKGROUND else colours.text
        if role == SortRole:
            return self.sort_key(self.value_at(index.row()), index.column())
        return super().data(index, role)

    def sync(self, values: Iterable[Row]) -> None:
        """Show `values`: rows that changed are replaced in place, rows that went are removed,
        new rows appended; a reset only when nothing is kept."""
        fresh = list(values)
        wanted = {self._key(value): value for value in fresh}
        for row in range(self.rowCount() - 1, -1, -1):
            key = self._key(self.value_at(row))
            if key not in wanted:
                self.remove(key)
        if not self.rowCount() and fresh:
            self.reset(fresh)
            return
        for key, value in wanted.items():
            at = self.row_of(key)
            if at is None:
                self.append(value)
            elif self.value_at(at) != value:
                self.replace(at, value)

    def refresh_columns(self, columns: Sequence[int]) -> None:
        """Repaint columns whose text depends on the time (waits, idle times)."""
        last = self.rowCount() - 1
        if last < 0:
            return
        for column in columns:
            self.dataChanged.emit(self.index(0, column), self.index(last, column),
                                  [_DISPLAY, _BACKGROUND, _FOREGROUND, SortRole])

    def replace(self, row: int, value: Row) -> None:
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1),
                              [_DISPLAY, Qt.ItemDataRole.ToolTipRole, _BACKGROUND, _FOREGROUND, SortRole])
