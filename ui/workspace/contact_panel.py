"""The visitor's contact: channels, verification, and every chat across channels, searchable."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import Contact
from ui.models.history import HistoryModel
from ui.plain import plain_label

_SEARCH_DELAY_MS = 200


class ContactPanel(QWidget):
    history_search_changed = Signal(str, str)  # contact id, text
    history_chat_chosen = Signal(str)  # chat id

    def __init__(self, model: HistoryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.contact: Contact | None = None
        self.name = plain_label()
        self.name.setObjectName("contactName")
        font = self.name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.name.setFont(font)
        self.channels = plain_label(wrap=True)
        self.channels.setObjectName("contactChannels")
        self.history_title = plain_label("Conversations")
        self.history_title.setObjectName("panelTitle")
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setPlaceholderText("Search this contact's conversations")
        self.search.setClearButtonEnabled(True)
        self.history = QTableView()
        self.history.setObjectName("contactHistory")
        self.history.setModel(model)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.history.verticalHeader().setDefaultSectionSize(22)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.activated.connect(self._on_history_activated)
        self.history.clicked.connect(self._on_history_activated)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(_SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._emit_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        model.modelReset.connect(self._update_history_title)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name)
        layout.addWidget(self.channels)
        layout.addSpacing(6)
        layout.addWidget(self.history_title)
        layout.addWidget(self.search)
        layout.addWidget(self.history, 1)
        self.show_contact(None)

    def show_contact(self, contact: Contact | None) -> None:
        changed = contact is None or self.contact is None or contact.id != self.contact.id
        self.contact = contact
        if changed:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
        if contact is None:
            self.name.setText("No contact")
            self.channels.setText("")
            self.search.setEnabled(False)
            return
        self.search.setEnabled(True)
        self.name.setText(contact.name + ("  ✔ verified" if contact.verified else ""))
        self.channels.setText("\n".join(
            f"{c.channel.label}: {c.address}" + ("  ✔" if c.verified else "  (unverified)")
            for c in contact.channels
        ))

    def _update_history_title(self) -> None:
        count = self.model.rowCount()
        searching = bool(self.search.text().strip())
        noun = "matching conversation" if searching else "conversation"
        self.history_title.setText(f"{count} {noun}{'' if count == 1 else 's'}")

    def _emit_search(self) -> None:
        if self.contact is not None:
            self.history_search_changed.emit(self.contact.id, self.search.text())

    def _on_history_activated(self, index: QModelIndex) -> None:
        self.history_chat_chosen.emit(self.model.chat_at(index.row()).id)
