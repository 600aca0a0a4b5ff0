"""What every list-shaped model shares: rows of domain values, found by id, shown by column.

Subclasses name their columns and say how a value reads in each; inserts, removals and changes
are announced to views row by row, never as a full reset except when loading a new list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6 import QtGui
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.models.roles import IdRole, ValueRole

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


class RowsModel(QAbstractTableModel, Generic[Row]):
    HEADERS: Sequence[str] = ("",)

    def __init__(self, key: Callable[[Row], object]) -> None:
        super().__init__()
        self._key = key
        self._rows: list[Row] = []
        # Row of each key, rebuilt lazily after a change in the middle; appends keep it current.
        self._positions: dict[object, int] | None = {}
        self._keys: set[object] = set()

    # -- what subclasses say ---------------------------------------------------------------

    def display(self, value: Row, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, value: Row, column: int) -> str | None:
        return None

    # -- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            # Subclasses mark their headings with QT_TRANSLATE_NOOP in their own class's context.
            return self.tr(self.HEADERS[section]) if self.HEADERS[section] else ""
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()]
        if role == _DISPLAY:
            return self.display(value, index.column())
        if role == _TOOLTIP:
            # Qt shows a tooltip that looks like markup as rich text: names and visitor text
            # are escaped into a paragraph that shows them as written.
            tip = self.tooltip(value, index.column())
            return None if tip is None else QtGui.Qt.convertFromPlainText(tip)
        if role == ValueRole:
            return value
        if role == IdRole:
            return self._key(value)
        return None

    # -- reading ---------------------------------------------------------------------------

    def value_at(self, row: int) -> Row:
        return self._rows[row]

    def contains(self, key: object) -> bool:
        return key in self._keys

    def row_of(self, key: object) -> int | None:
        if self._positions is None:
            self._positions = {self._key(value): row for row, value in enumerate(self._rows)}
        return self._positions.get(key)

    # -- changing --------------------------------------------------------------------------

    def reset(self, values: Iterable[Row]) -> None:
        self.beginResetModel()
        self._rows = list(values)
        self._keys = {self._key(value) for value in self._rows}
        self._positions = None
        self.endResetModel()

    def insert(self, row: int, value: Row) -> None:
        if row == len(self._rows):
            self.append(value)
            return
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, value)
        self._keys.add(self._key(value))
        self._positions = None
        self.endInsertRows()

    def append(self, value: Row) -> None:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(value)
        self._keys.add(self._key(value))
        if self._positions is not None:
            self._positions[self._key(value)] = row
        self.endInsertRows()

    def extend(self, values: list[Row]) -> None:
        """Append several rows as one insertion (views lay out once)."""
        if not values:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(values) - 1)
        for offset, value in enumerate(values):
            key = self._key(value)
            self._rows.append(value)
            self._keys.add(key)
            if self._positions is not None:
                self._positions[key] = first + offset
        self.endInsertRows()

    def replace(self, row: int, value: Row) -> None:
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1),
                              [_DISPLAY, _TOOLTIP])

    def remove(self, key: object) -> bool:
        row = self.row_of(key)
        if row is None:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._keys.discard(key)
        if row == len(self._rows) and self._positions is not None:
            self._positions.pop(key, None)  # the last row: nothing shifts
        else:
            self._positions = None
        self.endRemoveRows()
        return True

    def upsert(self, value: Row) -> None:
        if not self.contains(self._key(value)):
            self.append(value)
            return
        row = self.row_of(self._key(value))
        assert row is not None
        self.replace(row, value)
