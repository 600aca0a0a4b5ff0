"""Agents to transfer a chat to: who is available, and how loaded they are."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from app.domain import Agent
from ui.models.base import RowsModel

Index = QModelIndex | QPersistentModelIndex


class AgentsModel(RowsModel[Agent]):
    def __init__(self, agents: list[Agent], department_names: dict[str, str]) -> None:
        super().__init__(key=lambda agent: agent.id)
        self._names = department_names
        # Available agents first, the least loaded first among them.
        self.reset(sorted(agents, key=lambda a: (not a.takes_chats, a.open_chats, a.name)))

    def display(self, value: Agent, column: int) -> str:
        state = self.tr("● available") if value.takes_chats else self.tr("○ not available")
        load = self.tr("%n open chat(s)", None, value.open_chats)
        departments = ", ".join(self._names.get(d, d) for d in value.department_ids)
        return f"{value.name}  —  {state} · {load} · {departments}"

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and not self.value_at(index.row()).takes_chats:
            # An agent who does not take chats cannot be chosen: the transfer would be refused.
            return flags & ~(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        return flags

