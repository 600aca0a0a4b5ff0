"""The look of the desk: Qt's Fusion style, light or dark, following the system by default."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

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
    app.setPalette(_dark_palette() if dark else app.style().standardPalette())


def apply_font_size(app: QApplication, points: float) -> None:
    font = app.font()
    font.setPointSizeF(max(7.0, min(24.0, points)))
    app.setFont(font)


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
