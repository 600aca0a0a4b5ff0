"""The look of the desk: Qt's Fusion style, light or dark, following the system by default.

A change of theme or text size applies at once to every open window: style sheets (the
application's and a widget's own) pin the palette and font a widget had when they were applied,
so they are lifted while the change is made and put back after; fonts a widget chose for itself
(a bold, larger name) grow and shrink with the rest; item views lay their rows out again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

_STYLE_SHEET = """
QLabel#panelTitle { font-weight: 600; padding: 2px 0 4px 0; }
QLabel#conversationDetails, QLabel#composerNote { color: palette(placeholder-text); }
QLabel#contactChannels { padding: 2px 0 4px 0; }
QToolButton#availability { padding: 3px 10px; border-radius: 10px; border: 1px solid palette(mid); }
QToolButton#availability:checked { background: #2e7d32; color: white; border-color: #2e7d32; }
QToolButton#doNotDisturb:checked { background: #6d4c41; color: white; border-radius: 4px; }
QTableView, QListView { border: 1px solid palette(midlight); }
"""

DEFAULT_POINT_SIZE = 10.0


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(_STYLE_SHEET)
    settings = QSettings()
    apply_theme(app, _theme(settings.value("appearance/theme", Theme.SYSTEM.value)))
    apply_font_size(app, float(str(settings.value("appearance/font_size", DEFAULT_POINT_SIZE))))


def _theme(value: object) -> Theme:
    try:
        return Theme(str(value))
    except ValueError:
        return Theme.SYSTEM


def apply_theme(app: QApplication, theme: Theme) -> None:
    dark = theme is Theme.DARK or (
        theme is Theme.SYSTEM and app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    )
    with _restyled(app):
        app.setPalette(_dark_palette() if dark else app.style().standardPalette())
    _notify(app)


def apply_font_size(app: QApplication, points: float) -> None:
    font = app.font()
    before = font.pointSizeF()
    font.setPointSizeF(max(7.0, min(24.0, points)))
    scale = font.pointSizeF() / before if before > 0 else 1.0
    # Fonts a widget set for itself are kept in proportion; the others follow the app's.
    chosen = [(w, w.font()) for w in app.allWidgets() if w.testAttribute(Qt.WidgetAttribute.WA_SetFont)]
    with _restyled(app):
        app.setFont(font)
    for widget, own in chosen:
        if own.pointSizeF() > 0 and scale != 1.0:
            own.setPointSizeF(max(6.0, own.pointSizeF() * scale))
            widget.setFont(own)
    for view in (w for w in app.allWidgets() if isinstance(w, QAbstractItemView)):
        forget: Callable[[], None] | None = getattr(view.itemDelegate(), "forget_sizes", None)
        if forget is not None:
            forget()  # a delegate that measured rows in the old size
        view.doItemsLayout()
    _notify(app)


@contextmanager
def _restyled(app: QApplication) -> Iterator[None]:
    """Lift every style sheet while the palette or font changes, then put them back."""
    sheets = [(w, w.styleSheet()) for w in app.allWidgets() if w.styleSheet()]
    application_sheet = app.styleSheet()
    for widget, _sheet in sheets:
        widget.setStyleSheet("")
    app.setStyleSheet("")
    try:
        yield
    finally:
        app.setStyleSheet(application_sheet)
        for widget, sheet in sheets:
            widget.setStyleSheet(sheet)


def _notify(app: QApplication) -> None:
    """Let widgets that draw with colours or sizes of their own (charts, badges) follow."""
    for widget in app.topLevelWidgets():
        follow: Callable[[], None] | None = getattr(widget, "follow_style", None)
        if follow is not None:
            follow()
        widget.update()


def is_dark(widget: QWidget | None = None) -> bool:
    palette = widget.palette() if widget is not None else QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2d30",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#2b2d30",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#3c3f41",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#3c3f41",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#9a9da0",
        QPalette.ColorRole.Link: "#6ea8fe",
        QPalette.ColorRole.Mid: "#55585b",
        QPalette.ColorRole.Midlight: "#45484b",
        QPalette.ColorRole.Dark: "#191a1c",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7d80"))
    return palette
