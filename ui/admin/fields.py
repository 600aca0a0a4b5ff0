"""One editor per field type, built from the schema; each reads and writes a JSON value."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Sequence
from functools import cache

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.config import FieldSpec, JsonValue, Kind

# The records a reference may point to: (id, name) pairs for a kind, filtered by a role field.
Options = Callable[[Kind, str | None], Sequence[tuple[str, str]]]

# Wide enough for any count; the rules (minimum...) are app.config's to tell, inline.
_INT_RANGE = 1_000_000_000


class FieldEditor(QWidget):
    """An editor of one field. `edited` fires on every change the admin makes."""

    edited = Signal()

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def value(self) -> JsonValue:
        raise NotImplementedError

    def set_value(self, value: JsonValue) -> None:
        raise NotImplementedError

    def _emit(self, *_: object) -> None:
        self.edited.emit()


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.line = QLineEdit()
        self._layout.addWidget(self.line)
        self.line.textEdited.connect(self._emit)

    def value(self) -> JsonValue:
        return self.line.text()

    def set_value(self, value: JsonValue) -> None:
        self.line.setText("" if value is None else str(value))


class MultilineEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(110)
        self._layout.addWidget(self.text)
        self.text.textChanged.connect(self._emit)

    def value(self) -> JsonValue:
        return self.text.toPlainText()

    def set_value(self, value: JsonValue) -> None:
        self.text.blockSignals(True)
        self.text.setPlainText("" if value is None else str(value))
        self.text.blockSignals(False)


class TextListEditor(MultilineEditor):
    """One item per line (allowed websites)."""

    def value(self) -> JsonValue:
        return [line.strip() for line in self.text.toPlainText().splitlines() if line.strip()]

    def set_value(self, value: JsonValue) -> None:
        items = value if isinstance(value, list) else []
        super().set_value("\n".join(str(item) for item in items))


class IntEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.spin = QSpinBox()
        self.spin.setRange(-_INT_RANGE, _INT_RANGE)
        self._layout.addWidget(self.spin, 1)
        self.spin.valueChanged.connect(self._emit)
        self.unset: QCheckBox | None = None
        if spec.optional:
            organisation = "organisation" in spec.help.lower()
            self.unset = QCheckBox(self.tr("Organisation's default") if organisation else self.tr("No limit"))
            self._layout.addWidget(self.unset)
            self.unset.toggled.connect(self._on_unset_toggled)

    def _on_unset_toggled(self, unset: bool) -> None:
        self.spin.setEnabled(not unset)
        self.edited.emit()

    def value(self) -> JsonValue:
        if self.unset is not None and self.unset.isChecked():
            return None
        return self.spin.value()

    def set_value(self, value: JsonValue) -> None:
        self.blockSignals(True)
        if self.unset is not None:
            self.unset.setChecked(value is None)
        self.spin.setEnabled(value is not None)
        self.spin.setValue(value if isinstance(value, int) else self.spec.minimum or 0)
        self.blockSignals(False)


class BoolEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.box = QCheckBox()  # the form row says what it is
        self._layout.addWidget(self.box)
        self.box.toggled.connect(self._emit)

    def value(self) -> JsonValue:
        return self.box.isChecked()

    def set_value(self, value: JsonValue) -> None:
        self.blockSignals(True)
        self.box.setChecked(bool(value))
        self.blockSignals(False)


class ComboEditor(FieldEditor):
    """A choice among labelled values (item data is the JSON value)."""

    def __init__(self, spec: FieldSpec, items: Sequence[tuple[JsonValue, str]]) -> None:
        super().__init__(spec)
        self.combo = QComboBox()
        for value, label in items:
            self.combo.addItem(label, value)
        self._layout.addWidget(self.combo)
        self.combo.activated.connect(self._emit)

    def value(self) -> JsonValue:
        data: JsonValue = self.combo.currentData()
        return data

    def set_value(self, value: JsonValue) -> None:
        row = self.combo.findData(value)
        if row < 0:  # a value no longer offered (a deleted record) stays visible as it is
            self.combo.addItem(str(value), value)
            row = self.combo.count() - 1
        self.combo.setCurrentIndex(row)


class TimezoneEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.addItems(_timezones())
        self._layout.addWidget(self.combo)
        self.combo.currentTextChanged.connect(self._emit)

    def value(self) -> JsonValue:
        return self.combo.currentText().strip()

    def set_value(self, value: JsonValue) -> None:
        self.blockSignals(True)
        self.combo.setCurrentText(str(value or "UTC"))
        self.blockSignals(False)


@cache
def _timezones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


class ColorEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.button = QPushButton()
        self._layout.addWidget(self.button)
        self._layout.addStretch(1)
        self._colour = "#000000"
        self.button.clicked.connect(self._on_button_clicked)

    def _on_button_clicked(self) -> None:
        dialog = QColorDialog(QColor(self._colour), self)
        dialog.setObjectName("colourDialog")
        dialog.colorSelected.connect(self._on_colour_selected)
        dialog.open()

    def _on_colour_selected(self, colour: QColor) -> None:
        self.set_value(colour.name())
        self.edited.emit()

    def value(self) -> JsonValue:
        return self._colour

    def set_value(self, value: JsonValue) -> None:
        self._colour = str(value or "#000000")
        self.button.setText(self._colour)
        # The colour is ours (a hex string from a QColor), not visitor text.
        self.button.setStyleSheet(f"QPushButton {{ border-left: 18px solid {QColor(self._colour).name()}; }}")
