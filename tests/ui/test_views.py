"""The session's windows: the Go menu opens the others, and the session ends with the last one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMenu

from tests.ui.conftest import until
from ui.views import View, Views


class _Window(QMainWindow):
    closed = Signal()

    def __init__(self, log: list[str], name: str) -> None:
        super().__init__()
        self._log, self._name = log, name

    def start(self) -> None:
        self._log.append(f"start {self._name}")

    async def shutdown(self) -> None:
        self._log.append(f"shutdown {self._name}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)


def _go(window: QMainWindow) -> QMenu:
    menu = next(a for a in window.menuBar().actions() if a.text() == "&Go").menu()
    assert isinstance(menu, QMenu)
    return menu


def _go_menu(window: QMainWindow) -> dict[str, bool]:
    return {action.text(): action.isEnabled() for action in _go(window).actions()}


async def test_the_go_menu_opens_the_other_views_and_the_last_close_ends_the_session() -> None:
    log: list[str] = []
    views = Views({View.MONITOR: lambda: _Window(log, "monitor"),
                   View.DESK: lambda: _Window(log, "desk")})
    ended: list[bool] = []
    views.all_closed.connect(lambda: ended.append(True))
    assert views.available == [View.DESK, View.MONITOR]

    desk = views.open(View.DESK)
    assert _go_menu(desk) == {"Agent desk": False, "Monitor dashboard": True}
    _go(desk).actions()[1].trigger()
    monitor = views.window(View.MONITOR)
    assert monitor is not None and log == ["start desk", "start monitor"]
    assert views.open(View.MONITOR) is monitor  # raised, not built again

    desk.close()
    await until(lambda: "shutdown desk" in log, what="the desk shut down")
    assert not ended and views.window(View.DESK) is None
    monitor.close()
    await until(lambda: ended, what="the session ended")
    assert log[-1] == "shutdown monitor"


async def test_one_view_has_no_go_menu() -> None:
    views = Views({View.ADMIN: lambda: _Window([], "admin")})
    window = views.open(View.ADMIN)
    # Only the session's own menus (File, Help): no Go menu with nowhere to go.
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&View", "&Help"]
    await views.shutdown()
