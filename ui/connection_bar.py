"""One line at the top of a window while the link to the server is down or coming back: what the
window shows meanwhile, when the next attempt is, and Retry now when the backend can try at once.

The bar is one line high in every state (the text is cut with its whole in the tooltip), so the
window's layout moves once when the link drops and once when it is back, never in between; a
"Connecting…" that a working link settles within a moment is not shown at all.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QToolButton, QWidget

from ui.monitor.colours import Level, swatch
from ui.plain import ElidedLabel

if TYPE_CHECKING:
    from datetime import datetime

    from app.backends.events import ConnectionChanged
    from app.clock import Clock
    from ui.bridge.tasks import TaskRunner

# How long "Connecting…" waits before showing, when the window was online: a link that comes
# back within it never moves the layout.
CONNECTING_GRACE_MS = 1500


class ConnectionBar(QFrame):
    """Shows `show_link(event)`'s state; hidden while online. `offline_note` says what the
    window does meanwhile ("Messages you send will go when the connection is back."); Retry now
    is offered when `backend` is Reconnectable.

    Nothing of the events or the contract is loaded until the link first changes: the window is
    built for its first frame before them (docs/performance.md)."""

    retried = Signal()

    def __init__(self, clock: Clock, runner: TaskRunner, offline_note: str, *, backend: object = None,
                 connecting_grace_ms: int = CONNECTING_GRACE_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBar")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._clock = clock
        self._runner = runner
        self._offline_note = offline_note
        self._backend = backend
        self._latest: ConnectionChanged | None = None
        self.label = ElidedLabel(keep=24)
        self.label.setObjectName("connectionText")
        self.retry_button = QToolButton()
        self.retry_button.setObjectName("retryNow")
        self.retry_button.setText(self.tr("Retry now"))
        self.retry_button.setToolTip(self.tr("Try to reach the server again now"))
        self.retry_button.setAutoRaise(True)
        self.retry_button.clicked.connect(self._on_retry_clicked)
        # Hidden, it keeps its room: the bar is as high with Retry now as without.
        keep_room = self.retry_button.sizePolicy()
        keep_room.setRetainSizeWhenHidden(True)
        self.retry_button.setSizePolicy(keep_room)
        self.retry_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        # The countdown to the next attempt, once a second while one is due.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._say)
        self._grace = QTimer(self)
        self._grace.setSingleShot(True)
        self._grace.setInterval(connecting_grace_ms)
        self._grace.timeout.connect(self._say)
        self.follow_palette()
        self.hide()

    def show_link(self, event: ConnectionChanged) -> None:
        """Tell the link's latest state."""
        from app.backends.events import ConnectionState  # noqa: PLC0415  (loaded with the events)

        was_shown = self.isVisible() or self._grace.isActive()
        self._latest = event
        self.retry_button.setEnabled(True)
        if event.state is ConnectionState.ONLINE:
            self._grace.stop()
            self._tick.stop()
            self.hide()
            return
        if event.state is ConnectionState.CONNECTING and not was_shown:
            self._grace.start()
            return
        self._grace.stop()
        self._say()

    @property
    def text(self) -> str:
        """What the bar says, as a whole (empty when hidden)."""
        return self.label.text() if self.isVisible() else ""

    def _say(self) -> None:
        from app.backends.events import ConnectionState  # noqa: PLC0415  (loaded with the events)

        event = self._latest
        if event is None or event.state is ConnectionState.ONLINE:
            return
        retry_in = self._seconds_until(event.retry_at)
        if event.state is ConnectionState.CONNECTING:
            said = self.tr("Connecting…")
        elif retry_in == 0:
            said = self.tr("Reconnecting — showing what was saved on this computer.")
        elif retry_in is not None:
            said = self.tr("Reconnecting in %n s — showing what was saved on this computer.", None, retry_in)
        else:
            said = self.tr("Offline — showing what was saved on this computer.")
        if event.state is ConnectionState.OFFLINE:
            said = " ".join(part for part in (said, self._offline_note, event.reason.strip()) if part)
        self.label.setText(said)
        self.setToolTip(said)
        self.setAccessibleName(said)
        offline = event.state is ConnectionState.OFFLINE
        self.retry_button.setVisible(offline and self._reconnect() is not None and retry_in != 0)
        if retry_in and not self._tick.isActive():
            self._tick.start()
        elif not retry_in:
            self._tick.stop()
        self.show()

    def _seconds_until(self, when: datetime | None) -> int | None:
        if when is None:
            return None
        return max(0, math.ceil((when - self._clock.now()).total_seconds()))

    def _reconnect(self) -> Callable[[], Coroutine[Any, Any, None]] | None:
        """The backend's Retry now, when it offers one."""
        from app.backends.contract import Reconnectable  # noqa: PLC0415  (after the first frame)

        return self._backend.reconnect_now if isinstance(self._backend, Reconnectable) else None

    def _on_retry_clicked(self) -> None:
        reconnect = self._reconnect()
        if reconnect is None:
            return
        self.retry_button.setEnabled(False)  # until the backend says how the attempt went
        self.retried.emit()
        self._runner.run(reconnect(), what=self.tr("Reconnect"))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() is QEvent.Type.ApplicationPaletteChange:
            self.follow_palette()  # the theme changed: amber for that theme

    def follow_palette(self) -> None:
        colours = swatch(Level.SOON, QGuiApplication.palette())
        assert colours is not None
        self.setStyleSheet(f"#connectionBar {{ background: {colours.background.name()}; "
                           "border-radius: 4px; } #connectionBar QLabel, #connectionBar QToolButton "
                           f"{{ color: {colours.text.name()}; }} #connectionBar QToolButton "
                           "{ font-weight: 600; }")

