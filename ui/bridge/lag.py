"""Measures how late the Qt event loop runs a timer: the lag a user feels as a frozen window."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer


class LagProbe(QObject):
    """Asks for a tick every `interval_ms` and records how late each one came, in ms."""

    def __init__(self, interval_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval = interval_ms / 1000
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._last = 0.0
        self.lags_ms: list[float] = []

    def start(self) -> None:
        self.lags_ms.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        self.lags_ms.append(max(0.0, (now - self._last - self._interval) * 1000))
        self._last = now

    def percentile(self, share: float) -> float:
        if not self.lags_ms:
            return 0.0
        ordered = sorted(self.lags_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
