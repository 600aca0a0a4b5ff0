"""People of the organisation, for signing in on the embedded desk."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain import Person, Role
from ui.models.roles import IdRole, ValueRole

Index = QModelIndex | QPersistentModelIndex
_ROLE_NAMES = ((Role.ADMIN, "Admin"), (Role.MONITOR, "Monitor"), (Role.AGENT, "Agent"))


class PeopleModel(QAbstractListModel):
    def __init__(self, people: list[Person]) -> None:
        super().__init__()
        self._rows = list(people)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            roles = " · ".join(name for r, name in _ROLE_NAMES if r in person.roles)
            return f"{person.name}  —  {roles}"
        if role == ValueRole:
            return person
        if role == IdRole:
            return person.id
        return None

    def person_at(self, row: int) -> Person:
        return self._rows[row]

    def row_of_username(self, username: str) -> int | None:
        for row, person in enumerate(self._rows):
            if person.username == username:
                return row
        return None
