"""Omnidesk's icon for its windows and tray, from the PNG sizes shipped in resources/icons (the
same drawings the package installs into the desktop's icon theme)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from resources import APP_ICON_SIZES, app_icon_png


def app_icon() -> QIcon:
    icon = QIcon()
    for size in APP_ICON_SIZES:
        icon.addFile(str(app_icon_png(size)), QSize(size, size))
    return icon
