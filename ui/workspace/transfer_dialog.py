"""Chooses where a chat goes: an agent (who is available, how loaded) or a department."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QListView,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import Agent, Department
from ui.accessible import named
from ui.models.agents import AgentsModel
from ui.plain import plain_label


class TransferDialog(QDialog):
    def __init__(self, visitor_name: str, agents: list[Agent], departments: list[Department],
                 department_names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer chat"))
        self.setObjectName("transferDialog")
        self.to_agent = QRadioButton(self.tr("To an agent"))
        self.to_department = QRadioButton(self.tr("To a department (the chat goes back to its queue)"))
        self.to_agent.setChecked(True)
        self.agents_model = AgentsModel(agents, department_names)
        self.agents = QListView()
        named(self.agents, self.tr("Agents"))
        self.agents.setObjectName("transferAgents")
        self.agents.setModel(self.agents_model)
        self.agents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agents.setUniformItemSizes(True)
        self.departments = QComboBox()
        named(self.departments, self.tr("Department"))
        self.departments.setObjectName("transferDepartments")
        for department in departments:
            if department.enabled:
                self.departments.addItem(department.name, department.id)
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("transferComment")
        named(self.comment, self.tr("Comment"))
        self.comment.setPlaceholderText(self.tr(
                "A note for whoever takes over (it stays in the chat's history)"))
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(70)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.transfer_button = buttons.addButton(self.tr("Transfer"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.tr("Transfer the chat with {visitor_name}").format(
                visitor_name=visitor_name)))
        layout.addWidget(self.to_agent)
        layout.addWidget(self.agents)
        layout.addWidget(self.to_department)
        layout.addWidget(self.departments)
        layout.addWidget(plain_label(self.tr("Comment")))
        layout.addWidget(self.comment)
        layout.addWidget(buttons)
        self.resize(520, 480)
        for control in (self.to_agent, self.to_department):
            control.toggled.connect(self._update)
        self.agents.selectionModel().selectionChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        by_agent = self.to_agent.isChecked()
        self.agents.setEnabled(by_agent)
        self.departments.setEnabled(not by_agent)
        if by_agent:
            chosen = bool(self.agents.selectionModel().selectedRows())
        else:
            chosen = self.departments.count() > 0
        self.transfer_button.setEnabled(chosen)

    def chosen_agent_id(self) -> str | None:
        if not self.to_agent.isChecked():
            return None
        rows = self.agents.selectionModel().selectedRows()
        return self.agents_model.value_at(rows[0].row()).id if rows else None

    def chosen_department_id(self) -> str | None:
        if self.to_agent.isChecked():
            return None
        value = self.departments.currentData()
        return str(value) if value is not None else None

    def chosen_comment(self) -> str:
        return self.comment.toPlainText()
