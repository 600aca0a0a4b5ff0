"""Edits what a chat is about: topic, tags and priority."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from app.domain import Chat, Priority
from ui.accessible import named
from ui.workspace.tags_field import TagsField


class ChatInfoDialog(QDialog):
    def __init__(self, chat: Chat, managed_tags: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chat info"))
        self.setObjectName("chatInfoDialog")
        self.topic = QLineEdit(chat.topic)
        self.topic.setObjectName("topic")
        self.topic.setPlaceholderText(self.tr("What the chat is about"))
        self.topic.setMaxLength(200)
        self.priority = QComboBox()
        named(self.priority, self.tr("Priority"))
        self.priority.setObjectName("priority")
        for priority in Priority:
            self.priority.addItem(self.tr(
                    "Not specified") if priority is Priority.NOT_SPECIFIED else priority.label,
                                  int(priority))
        self.priority.setCurrentIndex(self.priority.findData(int(chat.priority)))
        self.tags_field = TagsField(managed_tags)
        self.tags_field.set_tags(chat.tags)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Topic"), self.topic)
        form.addRow(self.tr("Priority"), self.priority)
        form.addRow(self.tr("Tags"), self.tags_field)
        form.addRow(buttons)
        self.resize(460, 0)

    def accept(self) -> None:
        if self.tags_field.check():
            super().accept()

    def chosen_priority(self) -> Priority:
        return Priority(int(self.priority.currentData()))
