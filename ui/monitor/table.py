"""What the dashboard's tables share: rows kept current in place, warning colours, sort keys."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ui.models.base import RowsModel
from ui.models.roles import IdRole, ValueRole
from ui.monitor.colours import Level, swatch

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")

# What a column sorts by (a number for durations and counts), for QSortFilterProxyModel.
SortRole = Qt.ItemDataRole.UserRole + 3

_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ANSWERED = frozenset((_DISPLAY, Qt.ItemDataRole.ToolTipRole, _BACKGROUND, _FOREGROUND, SortRole,
                       ValueRole, IdRole))


class LiveRowsModel(RowsModel[Row]):
    """Rows that a snapshot refreshes without a reset (selection and scroll stay), with columns
    coloured by how urgent their value is."""

    def level(self, value: Row, column: int) -> Level:
        return Level.FINE

    def sort_key(self, value: Row, column: int) -> Any:
        return self.display(value, column).lower()

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Painting a cell asks for about eight roles; most are answered here at once.
        if role not in _ANSWERED or not index.isValid():
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

    def remove_many(self, keys: Iterable[object]) -> None:
        """Remove the rows of `keys` (those shown): row numbers are looked up once for all, not
        once per row (closes stream in with the messages)."""
        rows = sorted({row for key in keys if (row := self.row_of(key)) is not None}, reverse=True)
        for row in rows:
            self.beginRemoveRows(QModelIndex(), row, row)
            self._keys.discard(self._key(self._rows.pop(row)))
            self.endRemoveRows()
        if rows:
            self._positions = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by the column's sort key (a small table: sorted here, no proxy)."""
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        self._rows.sort(key=lambda value: self.sort_key(value, column),
                        reverse=order is Qt.SortOrder.DescendingOrder)
        now_at = {self._key(value): row for row, value in enumerate(self._rows)}
        for index in self.persistentIndexList():
            row = now_at[self._key(before[index.row()])]
            self.changePersistentIndex(index, self.index(row, index.column()))
        self._positions = None
        self.layoutChanged.emit()

    def replace(self, row: int, value: Row, columns: Sequence[int] = ()) -> None:
        """Change the row; `columns`: only these read differently (a sorting proxy re-sorts the
        row only when its sort column is among them)."""
        self._rows[row] = value
        first, last = (min(columns), max(columns)) if columns else (0, self.columnCount() - 1)
        self.dataChanged.emit(self.index(row, first), self.index(row, last),
                              [_DISPLAY, Qt.ItemDataRole.ToolTipRole, _BACKGROUND, _FOREGROUND, SortRole])
