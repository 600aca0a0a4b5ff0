"""Asking what to do with a form's unsaved changes before leaving it: Save, Discard or Cancel."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.i18n import translate


class Leave(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


_ANSWERS = {
    QMessageBox.StandardButton.Save: Leave.SAVE,
    QMessageBox.StandardButton.Discard: Leave.DISCARD,
}


def ask_about_unsaved(parent: QWidget, title: str, then: Callable[[Leave], None]) -> QMessageBox:
    """Open the question (window-modal, not a nested event loop) and call `then` with the answer."""
    box = QMessageBox(QMessageBox.Icon.Question, translate("admin.unsaved", "Unsaved changes"),
                      translate("admin.unsaved", "{title} has changes you have not saved.").format(
                              title=title),
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName("unsavedChanges")
    box.setTextFormat(Qt.TextFormat.PlainText)  # the record's name is whatever an admin typed
    box.setInformativeText(translate(
            "admin.unsaved", "Save them as a pending change, discard them, or stay on this form?"))
    box.setDefaultButton(QMessageBox.StandardButton.Save)

    def answered() -> None:
        then(_ANSWERS.get(box.standardButton(box.clickedButton()), Leave.CANCEL))
        box.deleteLater()

    box.finished.connect(answered)
    box.open()
    return box
