"""Renders the PNG sizes of Omnidesk's icon (our own drawing) from its SVG: 16 pixels from
omnidesk-16.svg, drawn on that grid so it stays sharp, every other size from omnidesk.svg.

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/make_icons.py
"""

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from resources import APP_ICON_SIZES, ICONS, app_icon_png

app = QGuiApplication([])
for size in APP_ICON_SIZES:
    drawing = ICONS / ("omnidesk-16.svg" if size == 16 else "omnidesk.svg")
    renderer = QSvgRenderer(str(drawing))
    assert renderer.isValid(), drawing
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    assert image.save(str(app_icon_png(size))), size
