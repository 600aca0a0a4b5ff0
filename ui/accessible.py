"""Names for screen readers (Qt's accessibility): what a control is called when its own text does
not say it (a list, a search box, an icon-only button), given where the control is made."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_CONTROLS = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit,
             QTextEdit)


def named(widget: QWidget, name: str, description: str = "") -> None:
    """Set what a screen reader calls `widget`, and what it adds when the name alone is unclear."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)


def name_parts(editor: QWidget, name: str, description: str = "") -> None:
    """Name the controls of a composite editor (a form field made of several widgets) after the
    field, where a control has no name or text of its own."""
    for control in [editor, *editor.findChildren(QWidget)]:
        if not isinstance(control, _CONTROLS) or control.accessibleName():
            continue
        if isinstance(control, QAbstractButton) and control.text().strip():
            continue
        named(control, name, description)
