"""A strip at the top of the window that tells the user what went wrong and what to do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from ui.accessible import named
from ui.i18n import translate
from ui.plain import plain_label

if TYPE_CHECKING:
    from app.backends.events import ConnectionChanged


class Banner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#banner { background: #fdecea; border: 1px solid #f5c2c0; border-radius: 4px; }"
            "#banner QLabel { color: #611a15; }"
        )
        self._label = plain_label(wrap=True)
        dismiss = QToolButton()
        dismiss.setText("✕")
        dismiss.setToolTip(self.tr("Dismiss"))
        named(dismiss, self.tr("Dismiss"), self.tr("Hide this message"))
        dismiss.setAutoRaise(True)
        dismiss.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self._label, 1)
        layout.addWidget(dismiss)
        self.hide()

    def show_problem(self, what: str, message: str) -> None:
        self._label.setText(f"{what}: {message}")
        self.show()

    def clear_problem(self, what: str) -> None:
        """Hide the strip if it still tells of `what` (a later problem stays shown)."""
        if self._label.text().startswith(f"{what}:"):
            self.hide()

    @property
    def text(self) -> str:
        return self._label.text() if self.isVisible() else ""


def show_link(status: QLabel, latest: ConnectionChanged) -> None:
    """A word in the status bar while connecting or offline (the window's ConnectionBar says
    the rest)."""
    from app.backends.events import ConnectionState  # noqa: PLC0415  (loaded with the events)

    if latest.state is ConnectionState.ONLINE:
        status.setText("")
        return
    label = translate(
            "workspace.banner", "Connecting…") if latest.state is ConnectionState.CONNECTING else translate(
                    "workspace.banner", "Offline")
    status.setText(f"  {label}  ")
