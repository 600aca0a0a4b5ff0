"""Asks for the closing comment and tags of a chat."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ui.plain import plain_label


class CloseChatDialog(QDialog):
    def __init__(self, visitor_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Close chat")
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText("What was the outcome? (optional)")
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(80)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("e.g. refund, shipping")
        heading = plain_label(f"Close the chat with {visitor_name}?")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = buttons.addButton("Close chat", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(heading)
        form.addRow("Comment", self.comment)
        form.addRow("Tags", self.tags)
        form.addRow(buttons)

    def chosen_comment(self) -> str:
        return self.comment.toPlainText()

    def chosen_tags(self) -> list[str]:
        return [tag for tag in (t.strip() for t in self.tags.text().split(",")) if tag]
