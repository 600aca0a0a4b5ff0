"""Warning colours (amber: soon; red: past) that stay readable on the light and the dark palette.

The palette has no roles for "warning" and "error", so the pair is chosen from how light the
window's background is: pale fills with dark text on a light theme, deep fills with light text on
a dark one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtGui import QColor, QGuiApplication, QPalette


class Level(Enum):
    FINE = "fine"
    SOON = "soon"  # amber: an SLA due soon, an agent at their limit
    PAST = "past"  # red: an SLA breached, an agent over their limit


@dataclass(frozen=True, slots=True)
class Swatch:
    background: QColor
    text: QColor


_LIGHT = {Level.SOON: Swatch(QColor("#ffe2a8"), QColor("#5c3b00")),
          Level.PAST: Swatch(QColor("#f9cfcb"), QColor("#7a1712"))}
_DARK = {Level.SOON: Swatch(QColor("#5e4500"), QColor("#ffdc8f")),
         Level.PAST: Swatch(QColor("#6e211b"), QColor("#ffc9c2"))}


def is_dark(palette: QPalette | None = None) -> bool:
    chosen = palette if palette is not None else QGuiApplication.palette()
    return chosen.color(QPalette.ColorRole.Window).lightness() < 128


def swatch(level: Level, palette: QPalette | None = None) -> Swatch | None:
    """The colours for `level` on the current palette; None for FINE (the view's own)."""
    if level is Level.FINE:
        return None
    return (_DARK if is_dark(palette) else _LIGHT)[level]
