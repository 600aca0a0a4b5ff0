"""A conflict, field by field: what it was, what I set, what they set; keep mine or take theirs."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.config import Conflicted, schema_of
from ui.admin import sync_api
from ui.admin.describe import NameOf, describe_change, value_text
from ui.i18n.labels import field_label
from ui.plain import plain_label


class ConflictDialog(QDialog):
    # seq, {field: "mine" | "theirs"}
    resolved = Signal(int, dict)

    def __init__(self, pending: sync_api.Pending, conflict: Conflicted, name_of: NameOf,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Resolve a conflict"))
        self._seq = pending.seq
        change = pending.change
        schema = schema_of(change.kind)
        who = self.tr("Someone deleted it meanwhile.") if conflict.theirs is None else \
            self.tr("Someone else changed it since you started.")
        grid = QGridLayout()
        for column, heading in enumerate((self.tr("Field"), self.tr("Was"), self.tr("Mine"), self.tr(
                "Theirs"), self.tr("Keep"))):
            title = plain_label(heading)
            title.setObjectName("panelTitle")
            grid.addWidget(title, 0, column)
        self.choices: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        for row, found in enumerate(conflict.conflicts, start=1):
            spec = schema.spec(found.field)
            grid.addWidget(plain_label(field_label(spec)), row, 0)
            for column, value in enumerate((found.base, found.mine, found.theirs), start=1):
                grid.addWidget(plain_label(value_text(spec, value, name_of), wrap=True), row, column)
            mine, theirs = QRadioButton(self.tr("Mine")), QRadioButton(self.tr("Theirs"))
            mine.setObjectName(f"mine_{found.field}")
            theirs.setObjectName(f"theirs_{found.field}")
            mine.setChecked(True)
            group = QButtonGroup(self)
            group.addButton(mine)
            group.addButton(theirs)
            choice = QWidget()
            choice_layout = QGridLayout(choice)
            choice_layout.setContentsMargins(0, 0, 0, 0)
            choice_layout.addWidget(mine, 0, 0)
            choice_layout.addWidget(theirs, 0, 1)
            grid.addWidget(choice, row, 4)
            self.choices[found.field] = (mine, theirs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton(self.tr(
                "Apply choices"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(describe_change(change, name_of), wrap=True))
        layout.addWidget(plain_label(self.tr("{who} Choose, per field, which value to keep; fields you "
                                             "give to them leave your change.").format(who=who), wrap=True))
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def chosen(self) -> Mapping[str, sync_api.Choice]:
        return {field: "theirs" if theirs.isChecked() else "mine"
                for field, (_, theirs) in self.choices.items()}

    def _on_accepted(self) -> None:
        self.resolved.emit(self._seq, dict(self.chosen()))
        self.accept()
