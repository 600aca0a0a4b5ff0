"""On the embedded desk, the user says who they are: an agent, a monitor or the admin."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListView,
    QVBoxLayout,
    QWidget,
)

from app.domain import Person
from ui.accessible import named
from ui.models.people import PeopleModel
from ui.plain import plain_label


class PersonPicker(QDialog):
    chosen = Signal(object)  # Person

    def __init__(self, people: list[Person], organisation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Omnidesk — who are you?"))
        self.model = PeopleModel(people)
        self.list = QListView()
        named(self.list, self.tr("People of the organisation"))
        self.list.setObjectName("people")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.doubleClicked.connect(lambda _index: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = buttons.addButton(self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.tr("{organisation} · embedded desk on this computer").format(
                organisation=organisation)))
        layout.addWidget(plain_label(self.tr("Sign in as:")))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(420, 460)
        if people:
            self.list.setCurrentIndex(self.model.index(0, 0))

    def select_username(self, username: str) -> None:
        row = self.model.row_of_username(username)
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row, 0))

    def accept(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            return
        super().accept()
        self.chosen.emit(self.model.person_at(index.row()))


