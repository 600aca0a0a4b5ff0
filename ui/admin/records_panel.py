"""The records of one kind: search, a pending mark, New and Delete."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.accessible import named
from ui.admin.models import RecordsModel
from ui.models.roles import IdRole
from ui.plain import plain_label


class RecordsPanel(QWidget):
    record_chosen = Signal(str)  # entity id
    new_requested = Signal()
    delete_requested = Signal(str)

    def __init__(self, model: RecordsModel) -> None:
        super().__init__()
        self.model = model
        self.filtered = QSortFilterProxyModel(self)
        self.filtered.setSourceModel(model)
        self.filtered.setFilterKeyColumn(RecordsModel.NAME)
        self.filtered.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.title = plain_label()
        self.title.setObjectName("panelTitle")
        self.search = QLineEdit()
        named(self.search, self.tr("Search by name"))
        self.search.setPlaceholderText(self.tr("Search by name"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filtered.setFilterFixedString)
        self.table = QTableView()
        named(self.table, self.tr("Records"))
        self.table.setObjectName("records")
        self.table.setModel(self.filtered)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(RecordsModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RecordsModel.PENDING, QHeaderView.ResizeMode.ResizeToContents)
        self.new_button = QPushButton(self.tr("New"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Delete the chosen record (pending until you publish)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        # Set while the window re-selects a row itself (after a reload): not the admin's choice.
        self.quiet = False
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.new_button.clicked.connect(self.new_requested)
        self.delete_button.clicked.connect(self._on_delete_clicked)

    def chosen_id(self) -> str | None:
        current = self.table.currentIndex()
        return str(current.data(IdRole)) if current.isValid() else None

    def select(self, entity_id: str | None) -> None:
        """Make `entity_id` the current row without announcing it as a choice."""
        self.quiet = True
        try:
            row = self.model.row_of(entity_id) if entity_id is not None else None
            if row is None:
                self.table.selectionModel().clearCurrentIndex()
                self.table.clearSelection()
            else:
                index = self.filtered.mapFromSource(self.model.index(row, 0))
                self.table.setCurrentIndex(index)
        finally:
            self.quiet = False
        self.delete_button.setEnabled(self.can_delete and self.chosen_id() is not None)

    can_delete = True

    def set_can_create(self, can: bool, *, can_delete: bool | None = None) -> None:
        """Offer New (and Delete, unless `can_delete` says otherwise)."""
        self.can_delete = can if can_delete is None else can_delete
        self.new_button.setVisible(can)
        self.delete_button.setVisible(self.can_delete)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.delete_button.setEnabled(self.can_delete and current.isValid())
        if not self.quiet and current.isValid():
            self.record_chosen.emit(str(current.data(IdRole)))

    def _on_delete_clicked(self) -> None:
        chosen = self.chosen_id()
        if chosen is not None:
            self.delete_requested.emit(chosen)
