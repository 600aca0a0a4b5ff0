"""UI tests run their coroutines on the qasync loop, as the app does.

Inside async tests, never use qtbot.wait*/waitSignal (they spin a nested Qt loop that hangs the
teardown); poll with `until` instead. qtbot is for adding widgets and sending input.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import os
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.backends.contract import Backend
from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.clock import ManualClock
from app.store import Database
from tests.contract.org import NORTHWIND, Org
from tests.fakes import FakeBackend, FakeDesk
from ui.i18n.language import ENGLISH, Translations
from ui.lifetime import dispose
from ui.style import DEFAULT_POINT_SIZE, apply_font_size
from ui.workspace.window import WorkspaceWindow

# The desk as an English system shows it, whatever this machine's language or saved choice:
# the language comes from the environment and from the settings a session opens (QSettings()).
os.environ["LANGUAGE"] = "en"
QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                  tempfile.mkdtemp(prefix="omnidesk-settings-"))


@pytest.fixture(scope="session", autouse=True)
def english(qapp: QApplication) -> Translations:
    """The desk in English, as a user with an English system sees it (plural forms included)."""
    translations = Translations()
    translations.install(ENGLISH)
    return translations


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item
                                  ) -> Mapping[str, Callable[[], asyncio.AbstractEventLoop]]:
    def qasync_loop() -> asyncio.AbstractEventLoop:
        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        # Closing a test's last window must not quit Qt: that would stop the loop mid-test.
        app.setQuitOnLastWindowClosed(False)
        loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app)
        return loop

    return {"qasync": qasync_loop}


async def until(condition: Callable[[], Any], timeout: float = 5.0, what: str = "condition") -> None:
    """Wait (without a nested Qt loop) until `condition()` is truthy."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


class Desk:
    """An embedded engine on the test database, and workspace windows signed into it."""

    def __init__(self, database: Database, clock: ManualClock, settings_path: Path) -> None:
        self.clock = clock
        self.settings_path = settings_path
        self.engine = EmbeddedEngine(database, clock, run_timers=False)
        self._opened: list[tuple[WorkspaceWindow, EmbeddedBackend]] = []

    async def open(self, username: str) -> WorkspaceWindow:
        backend = await self.engine.sign_in(username)
        window = await open_workspace(backend, self.clock, self.settings_path)
        self._opened.append((window, backend))
        return window

    async def close(self) -> None:
        for window, backend in self._opened:
            await window.shutdown()
            await backend.aclose()
            window.close()
            dispose(window)
        await self.engine.aclose()


async def open_workspace(backend: Backend, clock: ManualClock, settings_path: Path) -> WorkspaceWindow:
    """A shown workspace window over `backend`, once it has loaded."""
    names = {d.id: d.name for d in await backend.departments()}
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    settings.setValue("notifications/sound", False)  # no audio device on a test machine
    window = WorkspaceWindow(backend, await backend.me(), clock, names, settings)
    window.resize(1280, 800)  # a common desktop, not the offscreen platform's 800x600 screen
    window.show()
    window.start()
    await until(lambda: window.is_ready, what="the workspace to load")
    return window


@pytest.fixture
async def desk(database: Database, clock: ManualClock, tmp_path: Path) -> AsyncIterator[Desk]:
    harness = Desk(database, clock, tmp_path / "settings.ini")
    yield harness
    await harness.close()


class FakeDeskWindows:
    """Workspace windows over a scripted FakeDesk (tests/fakes) holding the contract suite's
    organisation; `desk` scripts the server (visitors, the link), `sign_in` adds a colleague."""

    def __init__(self, clock: ManualClock, settings_path: Path) -> None:
        self.clock = clock
        self.settings_path = settings_path
        numbers = itertools.count(1)
        self.org = Org.assign(NORTHWIND, lambda kind: f"fk-{kind}{next(numbers)}")
        self.desk = FakeDesk(self.org, clock)
        self._backends: list[FakeBackend] = []
        self._windows: list[WorkspaceWindow] = []

    async def sign_in(self, username: str) -> FakeBackend:
        backend = await self.desk.sign_in(username)
        self._backends.append(backend)
        return backend

    async def open(self, username: str) -> WorkspaceWindow:
        window = await open_workspace(await self.sign_in(username), self.clock, self.settings_path)
        self._windows.append(window)
        return window

    async def close(self) -> None:
        for window in self._windows:
            await window.shutdown()
            window.close()
            dispose(window)
        for backend in self._backends:
            await backend.aclose()


@pytest.fixture
async def fake(clock: ManualClock, tmp_path: Path) -> AsyncIterator[FakeDeskWindows]:
    harness = FakeDeskWindows(clock, tmp_path / "settings.ini")
    yield harness
    await harness.close()



@pytest.fixture(scope="session", autouse=True)
def _garbage_set_aside_for_the_session() -> Iterator[None]:
    """Give back what the tests set aside (below) when the session ends: what runs after it
    (plugins importing late, reading referrers) sees the heap whole again."""
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """Widgets a test made must die on the GUI thread, not in a later test's worker thread."""
    yield
    gc.collect()
    # What outlived the test belongs to the session (modules, the application, caches): set it
    # aside, so that the next collection (here, and each window's dispose) walks only what the
    # next test makes. Walking everything took 0.2 s per collection at first, seconds by the end.
    gc.freeze()



@pytest.fixture(autouse=True)
def _settings_in_a_temporary_place(tmp_path: Path) -> Iterator[None]:
    """QSettings() in the app under test writes below tmp_path, never to the user's config."""
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.NativeFormat, scope, str(tmp_path / "qsettings"))
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp_path / "qsettings"))
    QSettings().setValue("notifications/sound", False)  # no audio device on a test machine
    yield


@pytest.fixture(autouse=True)
def _default_text_size(qapp: QApplication) -> Iterator[None]:
    """A test that changes the text size (as View → Larger text does) leaves it as it found it."""
    yield
    if qapp.font().pointSizeF() != DEFAULT_POINT_SIZE:
        apply_font_size(qapp, DEFAULT_POINT_SIZE)
