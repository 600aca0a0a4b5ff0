"""Finds a canned response to insert, and manages the agent's own ones."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import CannedResponse
from ui.accessible import named
from ui.models.canned import CannedModel


class CannedPicker(QDialog):
    delete_requested = Signal(str)  # response id

    def __init__(self, responses: list[CannedResponse], department_names: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Canned responses"))
        self.setObjectName("cannedPicker")
        self.model = CannedModel(department_names)
        self.model.reset(responses)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        named(self.filter, self.tr("Find a canned response"))
        self.filter.setObjectName("cannedFilter")
        self.filter.setPlaceholderText(self.tr("Type to find a response (shortcut or words)"))
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.list = QListView()
        named(self.list, self.tr("Canned responses"))
        self.list.setObjectName("cannedList")
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.doubleClicked.connect(lambda _index: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.insert_button = buttons.addButton(self.tr("Insert"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.delete_button = QPushButton(self.tr("Delete mine"))
        self.delete_button.setObjectName("cannedDelete")
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.list.selectionModel().selectionChanged.connect(self._update)
        self.filter.returnPressed.connect(self.accept)
        self._select_first()

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip().lstrip("!"))
        self._select_first()

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self._update()

    def chosen(self) -> CannedResponse | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return self.model.value_at(self.proxy.mapToSource(index).row())

    def _update(self) -> None:
        response = self.chosen()
        self.insert_button.setEnabled(response is not None)
        self.delete_button.setEnabled(response is not None and response.personal)

    def _on_delete_clicked(self) -> None:
        response = self.chosen()
        if response is not None and response.personal:
            self.delete_requested.emit(response.id)
            self.model.remove(response.id)
            self._select_first()
