"""My chats: the chats I serve; choosing one opens its conversation."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QVBoxLayout, QWidget

from ui.accessible import named
from ui.models.chats import ChatListModel
from ui.plain import plain_label


class ChatsPanel(QWidget):
    chat_chosen = Signal(str)

    def __init__(self, model: ChatListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.title = plain_label()
        self.title.setObjectName("panelTitle")
        self.list = QListView()
        named(self.list, self.tr("My chats"))
        self.list.setObjectName("myChats")
        self.list.setModel(model)
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(2)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._update_title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self._update_title()

    def _update_title(self) -> None:
        self.title.setText(self.tr("My chats · {rowCount}").format(rowCount=self.model.rowCount()))

    def _on_list_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.chat_chosen.emit(self.model.chat_at(indexes[0].row()).id)

    def select_chat(self, chat_id: str) -> None:
        row = self.model.row_of(chat_id)
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row, 0))
