"""Doing what a user does: clicking rows and buttons, typing."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget
from pytestqt.qtbot import QtBot


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), f"{widget.objectName() or widget} is not clickable"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(qtbot: QtBot, view: QAbstractItemView, row: int, column: int = 0) -> None:
    index: QModelIndex = view.model().index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def row_texts(view: QAbstractItemView, column: int = 0) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def double_click_row(qtbot: QtBot, view: QAbstractItemView, row: int) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    centre = view.visualRect(index).center()
    # A double click is a press and release, then the second press: Qt opens only a row it saw pressed.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def row_of(view: QAbstractItemView, text: str, column: int = 0) -> int | None:
    """The first row whose `column` reads `text`; None when none does."""
    texts = row_texts(view, column)
    return texts.index(text) if text in texts else None
