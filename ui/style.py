"""The look of the desk: a light touch on Qt's Fusion style, following the system palette."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

_STYLE_SHEET = """
QLabel#panelTitle { font-weight: 600; padding: 2px 0 4px 0; }
QLabel#conversationDetails, QLabel#composerNote { color: #6b6b6b; }
QLabel#contactChannels { padding: 2px 0 4px 0; }
QToolButton#availability { padding: 3px 10px; border-radius: 10px; border: 1px solid palette(mid); }
QToolButton#availability:checked { background: #2e7d32; color: white; border-color: #2e7d32; }
QTableView, QListView { border: 1px solid palette(midlight); }
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(_STYLE_SHEET)
