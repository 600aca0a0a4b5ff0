"""What a screen reader needs of a window: every control it can land on has a name (its own
accessible name, the text it shows, or the label that is its buddy), and every list, table and
tree says each row's text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QTabBar, QTextEdit,
               QPlainTextEdit, QAbstractSpinBox)


def _part_of_another_control(widget: QWidget) -> bool:
    """Qt's own pieces: a combo box's or spin box's line edit, a header, a tab widget's arrows."""
    if widget.objectName().startswith("qt_") or isinstance(widget, QHeaderView):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QTabBar, QLineEdit)):
            return True  # (a combo box's list sits in a popup frame of its own)
        parent = parent.parentWidget()
    return False


def _shown_name(widget: QWidget) -> str:
    """The text a control shows that names it: words, not a symbol alone ("✕", "›")."""
    if isinstance(widget, QAbstractButton):
        text = widget.text().replace("&", "").strip()
        return text if any(character.isalpha() for character in text) else ""
    if isinstance(widget, QTabBar):
        texts = [widget.tabText(i).replace("&", "").strip() for i in range(widget.count())]
        return " ".join(texts) if texts and all(texts) else ""
    return ""


def _describe(widget: QWidget) -> str:
    hint = ""
    if isinstance(widget, QLineEdit):
        hint = f" placeholder={widget.placeholderText()!r}"
    elif isinstance(widget, QAbstractButton):
        hint = f" tooltip={widget.toolTip()!r}"
    chain: list[str] = []
    current: QWidget | None = widget
    while current is not None and len(chain) < 4:
        chain.append(current.objectName() or type(current).__name__)
        current = current.parentWidget()
    return f"{type(widget).__name__} ({' < '.join(chain)}){hint}"


def unnamed_controls(root: QWidget) -> list[str]:
    """The interactive controls under `root` (hidden ones too) a screen reader could not name."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel)
               if label.buddy() is not None and label.text().replace("&", "").strip()}
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or _part_of_another_control(widget):
            continue
        if widget.accessibleName().strip() or id(widget) in buddies or _shown_name(widget):
            continue
        problems.append(_describe(widget))
    return problems


def rows_without_text(root: QWidget) -> list[str]:
    """Item views whose first row says nothing to a screen reader (no accessible or display text)."""
    silent = []
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if _part_of_another_control(view) or model is None or model.rowCount(QModelIndex()) == 0:
            continue
        first = model.index(0, 0)
        said = model.data(first, Qt.ItemDataRole.AccessibleTextRole) or model.data(first)
        if not (isinstance(said, str) and said.strip()):
            silent.append(_describe(view))
    return silent
