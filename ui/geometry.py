"""Window sizes that fit the screen the window opens on."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to `width` x `height`, or to the screen's free area when that is smaller (a
    window larger than the screen hides its edges, and its buttons, off screen)."""
    screen = window.screen()
    if screen is not None:
        free = screen.availableGeometry()
        width, height = min(width, free.width()), min(height, free.height())
    window.resize(width, height)
