"""Tags typed as a comma-separated list, completed from and checked against the managed list."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QVBoxLayout, QWidget

from ui.accessible import named
from ui.plain import plain_label


class TagsField(QWidget):
    def __init__(self, managed: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._managed = managed
        self.edit = QLineEdit()
        named(self.edit, self.tr("Tags"), self.tr("Separated by commas"))
        self.edit.setObjectName("tags")
        self.edit.setPlaceholderText(
            "e.g. " + ", ".join(managed[:3]) if managed else self.tr("e.g. refund, shipping"))
        completer = QCompleter(QStringListModel(managed, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.activated.connect(self._complete_last)
        self._completer = completer
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self.problem = plain_label(wrap=True)
        self.problem.setObjectName("tagsProblem")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.hide()
        hint = plain_label(self.tr("Tags: ") + ", ".join(managed), wrap=True) if managed else plain_label()
        hint.setObjectName("tagsHint")
        self._hint = hint
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(hint)
        layout.addWidget(self.problem)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A form lays a wrapped label out one line high; ask for the lines it wraps to at this
        # width, so a long list of tags is never cut (the dialog grows to hold it).
        for label in (self._hint, self.problem):
            needed = label.heightForWidth(max(1, label.width())) if label.text() else 0
            if needed > 0 and label.minimumHeight() != needed:
                label.setMinimumHeight(needed)

    def set_tags(self, tags: tuple[str, ...]) -> None:
        self.edit.setText(", ".join(tags))

    def tags(self) -> list[str]:
        return [tag for tag in (t.strip() for t in self.edit.text().split(",")) if tag]

    def check(self) -> bool:
        """True when every tag is a managed one; otherwise says which are not, and keeps focus."""
        if not self._managed:
            return True
        known = {tag.lower() for tag in self._managed}
        unknown = [tag for tag in self.tags() if tag.lower() not in known]
        if unknown:
            self.problem.setText(self.tr("Not one of the organisation's tags: {tags}").format(
                    tags=", ".join(unknown)))
            self.problem.show()
            self.edit.setFocus()
            return False
        self.problem.hide()
        return True

    def _on_edit_text_edited(self, text: str) -> None:
        last = text.split(",")[-1].strip()
        if last:
            self._completer.setWidget(self.edit)
            self._completer.setCompletionPrefix(last)
            self._completer.complete()

    def _complete_last(self, chosen: str) -> None:
        parts = [p.strip() for p in self.edit.text().split(",")]
        parts[-1] = chosen
        self.edit.setText(", ".join(p for p in parts if p) + ", ")
