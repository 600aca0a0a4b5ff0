"""The windows of one signed-in session: the agent desk, the monitor dashboard, administration,
the Contact Center.

Each is built on first use by the factory the composition root gives, and raised when asked for
again; every window gets a "Go" menu listing the others the user may open. The session ends when
the last open window closes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSettings, Signal, SignalInstance
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from app.autostart import Autostart
from ui.i18n import translate
from ui.i18n.language import ENGLISH
from ui.i18n.menu import add_language_menu
from ui.lifetime import dispose
from ui.session import add_session_menus

if TYPE_CHECKING:
    import asyncio


class View(StrEnum):
    DESK = "desk"
    MONITOR = "monitor"
    ADMIN = "admin"
    # Last: the numbered shortcuts of the views before it stay what they were.
    CONTACTS = "contacts"

    @property
    def heading(self) -> str:
        return {View.DESK: translate("View", "Agent desk"),
                View.MONITOR: translate("View", "Monitor dashboard"),
                View.ADMIN: translate("View", "Administration"),
                View.CONTACTS: translate("View", "Contact Center")}[self]

    @property
    def shortcut(self) -> str | None:
        """A mnemonic shortcut offered before the numbered one (Ctrl+Shift+<position>)."""
        return {View.CONTACTS: "Ctrl+Shift+C"}.get(self)


class ViewWindow(Protocol):
    """What a window of the session offers (QMainWindow subclasses with these members)."""

    @property
    def closed(self) -> SignalInstance: ...

    def start(self) -> None: ...

    async def shutdown(self) -> None: ...


class Views(QObject):
    all_closed = Signal()
    # The File menu: back to the person picker (the session ends, the app goes on), or quit.
    sign_out_requested = Signal()
    quit_requested = Signal()

    def __init__(self, factories: Mapping[View, Callable[[], QMainWindow]], *,
                 settings: Callable[[], QSettings] = QSettings, language: str = ENGLISH,
                 autostart: Autostart | None = None) -> None:
        super().__init__()
        # Where View → Language saves a choice, and the language the windows are made in.
        self._settings = settings
        self._language = language
        self._autostart = autostart
        # In the order of View: the Go menu lists them so.
        self._factories = {view: factories[view] for view in View if view in factories}
        self._open: dict[View, QMainWindow] = {}
        # Windows closed by the user, shutting down (their tasks cancelled) before deletion.
        self._retiring: set[asyncio.Task[None]] = set()

    @property
    def available(self) -> list[View]:
        return list(self._factories)

    def window(self, view: View) -> QMainWindow | None:
        return self._open.get(view)

    def open(self, view: View) -> QMainWindow:
        window = self._open.get(view)
        if window is None:
            window = self._factories[view]()
            self._join(view, window)
            window.show()
            window.start()  # type: ignore[attr-defined]
        else:
            window.showNormal()
        window.raise_()
        window.activateWindow()
        return window

    def adopt(self, view: View, window: QMainWindow) -> None:
        """Make `window`, built and shown before the session could start it (the desk's first
        frame), the session's `view`: its menus and its closing as if opened here; whoever
        built it starts it."""
        self._join(view, window)

    def _join(self, view: View, window: QMainWindow) -> None:
        self._open[view] = window
        self._add_go_menu(window, view)
        add_session_menus(window, sign_out=self.sign_out_requested.emit,
                          quit_app=self.quit_requested.emit, autostart=self._autostart)
        add_language_menu(window, self._settings, self._language)
        window.closed.connect(lambda: self._on_window_closed(view))  # type: ignore[attr-defined]

    def _add_go_menu(self, window: QMainWindow, current: View) -> None:
        if len(self._factories) < 2:
            return
        menu = window.menuBar().addMenu(self.tr("&Go"))
        menu.setObjectName("goMenu")
        for number, view in enumerate(self._factories, start=1):
            action = menu.addAction(view.heading, self._opener(view))
            keys = [QKeySequence(f"Ctrl+Shift+{number}")]
            if view.shortcut is not None:
                keys.insert(0, QKeySequence(view.shortcut))  # the first one is the one the menu shows
            action.setShortcuts(keys)
            action.setEnabled(view is not current)

    def _opener(self, view: View) -> Callable[[], None]:
        return lambda: self._open_from_menu(view)

    def _open_from_menu(self, view: View) -> None:
        self.open(view)

    def _on_window_closed(self, view: View) -> None:
        import asyncio  # noqa: PLC0415  (windows close once the event loop runs)

        window = self._open.pop(view, None)
        if window is None:
            return
        task = asyncio.ensure_future(self._retire(window))
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)

    async def _retire(self, window: QMainWindow) -> None:
        try:
            await window.shutdown()  # type: ignore[attr-defined]
        finally:
            dispose(window)
            if not self._open:
                self.all_closed.emit()

    async def shutdown(self) -> None:
        """Shut every window down (the session ends): open ones and those closing."""
        windows = list(self._open.values())
        self._open.clear()
        for window in windows:
            await window.shutdown()  # type: ignore[attr-defined]
        if windows:
            dispose(*windows)
        if self._retiring:
            import asyncio  # noqa: PLC0415

            await asyncio.gather(*self._retiring, return_exceptions=False)
