"""Who changed what and when: the applied changes, newest first, searchable."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
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
from ui.admin.models import AuditModel


class AuditView(QWidget):
    refresh_requested = Signal()

    def __init__(self, model: AuditModel) -> None:
        super().__init__()
        self.model = model
        self.filtered = QSortFilterProxyModel(self)
        self.filtered.setSourceModel(model)
        self.filtered.setFilterKeyColumn(-1)  # any column: a name, a person, a value
        self.filtered.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        named(self.search, self.tr("Search the audit"))
        self.search.setPlaceholderText(self.tr("Search the audit (who, what, a value)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filtered.setFilterFixedString)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.table = QTableView()
        named(self.table, self.tr("Audit"), self.tr("Who changed what and when"))
        self.table.setObjectName("audit")
        self.table.setModel(self.filtered)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(AuditModel.CHANGE, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
