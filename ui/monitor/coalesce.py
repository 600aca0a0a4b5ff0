"""Many requests for the same refresh become one, at most every `interval_ms`.

While events stream in, each asks for a refresh; the first starts a timer, those that come before
it fires are the same request. A refresh still running when another is asked for is followed by
exactly one more once it ends (so the last event is always reflected), never by one per event.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Coalescer(QObject):
    def __init__(self, interval_ms: int, start: Callable[[Callable[[], None]], None],
                 parent: QObject | None = None) -> None:
        """`start(done)` begins the refresh and calls `done()` when it has ended (however)."""
        super().__init__(parent)
        self._start = start
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        # A refresh is running; and another was asked for meanwhile.
        self._running = False
        self._again = False
        self.started = 0  # refreshes begun: what tests and the benchmark count

    def request(self) -> None:
        if self._running:
            self._again = True
        elif not self._timer.isActive():
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._again = False

    def _on_timer_timeout(self) -> None:
        self._running, self._again = True, False
        self.started += 1
        self._start(self._ended)

    def _ended(self) -> None:
        self._running = False
        if self._again:
            self._again = False
            self._timer.start()
