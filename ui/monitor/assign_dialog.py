"""Chooses the agent a waiting inquiry goes to: the department's agents, available first, with
their load against their limit."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QListView,
    QVBoxLayout,
    QWidget,
)

from app.domain import AgentLoad
from ui.accessible import named
from ui.models.base import RowsModel
from ui.plain import plain_label

Index = QModelIndex | QPersistentModelIndex


class AssignableAgentsModel(RowsModel[AgentLoad]):
    def __init__(self, loads: list[AgentLoad]) -> None:
        super().__init__(key=lambda load: load.agent.id)
        # Those who take chats first, the least loaded first among them.
        self.reset(sorted(loads, key=lambda load: (not load.agent.takes_chats, load.agent.open_chats,
                                                   load.agent.name)))

    def display(self, value: AgentLoad, column: int) -> str:
        state = self.tr("● available") if value.agent.takes_chats else self.tr("○ not available")
        limit = self.tr("no limit") if value.limit is None else str(value.limit)
        full = value.limit is not None and value.agent.open_chats >= value.limit
        note = self.tr(" · at their limit") if full else ""
        return self.tr("{name}  —  {state} · {open_chats} / {limit} open chats{note}").format(
                name=value.agent.name, state=state, open_chats=value.agent.open_chats, limit=limit, note=note)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and not self.value_at(index.row()).agent.takes_chats:
            # The assignment would be refused: not offered.
            return flags & ~(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        return flags


class AssignDialog(QDialog):
    def __init__(self, visitor_name: str, department_name: str, loads: list[AgentLoad],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Assign the inquiry"))
        self.setObjectName("assignDialog")
        self.agents_model = AssignableAgentsModel(loads)
        self.agents = QListView()
        named(self.agents, self.tr("Agents of the department"))
        self.agents.setObjectName("assignAgents")
        self.agents.setModel(self.agents_model)
        self.agents.setUniformItemSizes(True)
        self.agents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.assign_button = buttons.addButton(self.tr("Assign"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.tr(
                "Give the chat with {visitor_name} to an agent of {department_name}").format(
                        visitor_name=visitor_name, department_name=department_name)))
        if not loads:
            layout.addWidget(plain_label(self.tr("{department_name} has no agents.").format(
                    department_name=department_name)))
        layout.addWidget(self.agents)
        layout.addWidget(buttons)
        self.resize(480, 360)
        self.agents.selectionModel().selectionChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.assign_button.setEnabled(bool(self.agents.selectionModel().selectedRows()))

    def chosen_agent_id(self) -> str | None:
        rows = self.agents.selectionModel().selectedRows()
        return self.agents_model.value_at(rows[0].row()).agent.id if rows else None


def assignable(loads: list[AgentLoad], department_id: str | None) -> list[AgentLoad]:
    """The agents an inquiry of `department_id` may be given to (all, for the public queue)."""
    return [load for load in loads
            if department_id is None or department_id in load.agent.department_ids]
