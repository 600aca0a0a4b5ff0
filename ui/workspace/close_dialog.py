"""Asks for the closing comment and tags of a chat; nothing typed is lost to a wrong tag, and
the tags the chat already has (set in Chat info) are there to start with: closing keeps them."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QPlainTextEdit, QWidget

from ui.plain import plain_label
from ui.workspace.tags_field import TagsField


class CloseChatDialog(QDialog):
    def __init__(self, visitor_name: str, managed_tags: list[str], current_tags: tuple[str, ...] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Close chat"))
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(self.tr("What was the outcome? (optional)"))
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(80)
        self.tags_field = TagsField(managed_tags)
        self.tags_field.set_tags(current_tags)
        self.tags = self.tags_field.edit
        heading = plain_label(self.tr("Close the chat with {visitor_name}?").format(
                visitor_name=visitor_name))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = buttons.addButton(self.tr("Close chat"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(heading)
        form.addRow(self.tr("Comment"), self.comment)
        form.addRow(self.tr("Tags"), self.tags_field)
        form.addRow(buttons)

    def accept(self) -> None:
        if self.tags_field.check():
            super().accept()

    def chosen_comment(self) -> str:
        return self.comment.toPlainText()

    def chosen_tags(self) -> list[str]:
        return self.tags_field.tags()
