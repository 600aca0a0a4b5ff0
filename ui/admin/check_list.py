"""A checkable, reorderable list of records: the agents of a department, its transfer targets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
_CHECK = Qt.ItemDataRole.CheckStateRole


class CheckListModel(QAbstractListModel):
    """Rows of (id, name, checked). Checked rows come first, in the value's order: for an
    ordered field (a department's agents) that order is what routing reads."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[list[Any]] = []  # [id, name, checked]

    def load(self, options: Sequence[tuple[str, str]], chosen: Sequence[str]) -> None:
        names = dict(options)
        self.beginResetModel()
        # A chosen id no longer among the options (a deleted agent) still shows, to be unchecked.
        self._rows = [[item, names.get(item, item), True] for item in chosen]
        self._rows += [[item, name, False] for item, name in options if item not in set(chosen)]
        self.endResetModel()

    def chosen(self) -> list[str]:
        return [row[0] for row in self._rows if row[2]]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, name, checked = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return name
        if role == _CHECK:
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.UserRole:
            return item
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != _CHECK:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self._rows[index.row()][2] = checked
        self.dataChanged.emit(index, index, [_CHECK])
        return True

    def set_checked(self, item: str, checked: bool) -> None:
        row = next(r for r, values in enumerate(self._rows) if values[0] == item)
        self.setData(self.index(row), Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked, _CHECK)

    def move(self, row: int, delta: int) -> int:
        """Move a row up (-1) or down (+1); returns where it is now."""
        target = row + delta
        if not 0 <= row < len(self._rows) or not 0 <= target < len(self._rows):
            return row
        # Qt's destination is the row before which it lands, in the list before the move.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + 1 if delta > 0 else target)
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        return target
