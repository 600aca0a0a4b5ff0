"""Editors of list-shaped fields: references to check (and order), weekly hours, skills."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.config import FieldSpec, JsonValue
from ui.accessible import named
from ui.admin.check_list import CheckListModel
from ui.admin.describe import WEEKDAYS, minutes
from ui.admin.fields import FieldEditor, Options
from ui.i18n import QT_TRANSLATE_NOOP, translate

# Opening and closing times offered, every quarter hour, 24:00 being the end of the day.
_TIMES = list(range(0, 1441, 15))


class RefListEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, options: Options) -> None:
        super().__init__(spec)
        assert spec.ref is not None
        self._options = options(spec.ref, spec.ref_role)
        self.model = CheckListModel()
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setMaximumHeight(140)
        self.list.setUniformItemSizes(True)
        self._layout.addWidget(self.list, 1)
        self.model.dataChanged.connect(self._emit)
        self.up: QToolButton | None = None
        self.down: QToolButton | None = None
        if spec.ordered:
            buttons = QVBoxLayout()
            self.up, self.down = QToolButton(), QToolButton()
            for button, text, delta in ((self.up, "↑", -1), (self.down, "↓", +1)):
                button.setText(text)
                button.setToolTip(self.tr("Move up") if delta < 0 else self.tr("Move down"))
                named(button, button.toolTip(), self.tr("Moves the chosen entry; the order matters"))
                button.clicked.connect(lambda _=False, d=delta: self._move(d))
                buttons.addWidget(button)
            buttons.addStretch(1)
            self._layout.addLayout(buttons)

    def _move(self, delta: int) -> None:
        current = self.list.currentIndex()
        if not current.isValid():
            return
        row = self.model.move(current.row(), delta)
        self.list.setCurrentIndex(self.model.index(row))
        self.edited.emit()

    def value(self) -> JsonValue:
        chosen: list[JsonValue] = list(self.model.chosen())
        return chosen

    def set_value(self, value: JsonValue) -> None:
        self.model.blockSignals(True)
        self.model.load(self._options, [str(item) for item in value] if isinstance(value, list) else [])
        self.model.blockSignals(False)
        self.list.reset()


class _Rows(FieldEditor):
    """A column of small row widgets with an Add button below."""

    ADD_TEXT = QT_TRANSLATE_NOOP("_Rows", "Add")

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        column = QVBoxLayout()
        self._rows_layout = QVBoxLayout()
        column.addLayout(self._rows_layout)
        self.add_button = QPushButton(self.tr(self.ADD_TEXT))
        self.add_button.clicked.connect(self._on_add_clicked)
        column.addWidget(self.add_button)
        self._layout.addLayout(column, 1)
        self.rows: list[QWidget] = []

    def _on_add_clicked(self) -> None:
        self._add_row(None)
        self.edited.emit()

    def _add_row(self, item: JsonValue) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self._fill_row(layout, item)
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip(self.tr("Remove"))
        named(remove, self.tr("Remove"), self.tr("Remove this row"))
        remove.clicked.connect(lambda: self._remove_row(row))
        layout.addWidget(remove)
        self._rows_layout.addWidget(row)
        self.rows.append(row)
        return row

    def _remove_row(self, row: QWidget) -> None:
        self.rows.remove(row)
        row.hide()
        row.deleteLater()
        self.edited.emit()

    def _clear(self) -> None:
        for row in self.rows:
            row.hide()
            row.deleteLater()
        self.rows = []

    def _fill_row(self, layout: QHBoxLayout, item: JsonValue) -> None:
        raise NotImplementedError


class IntervalsEditor(_Rows):
    """A row per opening interval: weekday, from, to."""

    ADD_TEXT = QT_TRANSLATE_NOOP("IntervalsEditor", "Add opening hours")

    def _fill_row(self, layout: QHBoxLayout, item: JsonValue) -> None:
        values = item if isinstance(item, dict) else {"weekday": 0, "start_minute": 540, "end_minute": 1020}
        day = QComboBox()
        named(day, self.tr("Day"))
        day.addItems([translate("admin.describe", name) for name in WEEKDAYS])
        day.setCurrentIndex(_int(values.get("weekday"), 0))
        layout.addWidget(day)
        for key, said in (("start_minute", self.tr("Opens at")), ("end_minute", self.tr("Closes at"))):
            combo = QComboBox()
            named(combo, said)
            for minute in _TIMES:
                combo.addItem(minutes(minute), minute)
            wanted = _int(values.get(key), 0)
            row = combo.findData(wanted)
            if row < 0:
                combo.addItem(minutes(wanted), wanted)
                row = combo.count() - 1
            combo.setCurrentIndex(row)
            combo.activated.connect(self._emit)
            layout.addWidget(combo)
        day.activated.connect(self._emit)

    def value(self) -> JsonValue:
        found: list[JsonValue] = []
        for row in self.rows:
            day, start, end = row.findChildren(QComboBox)
            found.append({"weekday": day.currentIndex(), "start_minute": start.currentData(),
                          "end_minute": end.currentData()})
        return found

    def set_value(self, value: JsonValue) -> None:
        self._clear()
        for item in value if isinstance(value, list) else []:
            self._add_row(item)

    def row_boxes(self, row: int) -> list[QComboBox]:
        """The weekday, from and to boxes of a row (for tests and keyboard users)."""
        return list(self.rows[row].findChildren(QComboBox))


class SkillsEditor(_Rows):
    """A row per skill: its name and a level from 1 to 5."""

    ADD_TEXT = QT_TRANSLATE_NOOP("SkillsEditor", "Add skill")

    def _fill_row(self, layout: QHBoxLayout, item: JsonValue) -> None:
        name, level = item if isinstance(item, tuple) else ("", 3)
        line = QLineEdit(str(name))
        line.setPlaceholderText(self.tr("Skill"))
        named(line, self.tr("Skill"))
        line.textEdited.connect(self._emit)
        spin = QSpinBox()
        spin.setRange(1, 5)
        named(spin, self.tr("Level"), self.tr("From 1 to 5"))
        spin.setValue(level)
        spin.valueChanged.connect(self._emit)
        layout.addWidget(line, 1)
        layout.addWidget(spin)

    def value(self) -> JsonValue:
        found: dict[str, JsonValue] = {}
        for row in self.rows:
            line, spin = row.findChild(QLineEdit), row.findChild(QSpinBox)
            assert line is not None and spin is not None
            if line.text().strip():
                found[line.text().strip()] = spin.value()
        return found

    def set_value(self, value: JsonValue) -> None:
        self._clear()
        for name, level in (value.items() if isinstance(value, dict) else []):
            self._add_row((name, _int(level, 3)))  # type: ignore[arg-type]


def _int(value: JsonValue, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default
