"""One run of the desktop app on the embedded desk: the composition root.

Builds the store, the engine and the window once and passes them on; nothing is global.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings
from PySide6.QtWidgets import QApplication, QMainWindow

from app.autostart import Autostart, launch_command
from app.backends.embedded.setup import open_database
from app.backends.embedded.snapshot import read_desk_snapshot
from app.cli import GuiOptions
from app.clock import Clock, SystemClock
from app.domain import Person, Principal, Role
from app.errors import NotFound, OmnideskError, StorageError
from app.policy import Action
from app.store import Database
from ui.i18n import translate
from ui.i18n.language import Translations, effective
from ui.i18n.say import say
from ui.lifetime import dispose
from ui.views import View, Views
from ui.workspace.window import WorkspaceWindow

if TYPE_CHECKING:
    from app.backends.contract import Administration, Backend, Contacts, DeskMemory, SignIn, Supervision
    from app.backends.embedded import EmbeddedEngine

    class DeskBackend(Backend, DeskMemory, Contacts, Supervision, Administration, Protocol):
        """What the windows of a session reach through (each window uses its part)."""
    from app.backends.snapshot import DeskSnapshot
    from app.intake import IntakeServer
    from app.sync import Journal

log = logging.getLogger(__name__)

_SMOKE_TIMEOUT_S = 60


class _Outcome(Enum):
    """How a person's session ended."""

    CLOSED = "closed"  # their last window closed: the app ends
    SIGNED_OUT = "signed-out"  # File → Sign out: the picker asks who is next
    QUIT = "quit"
    FAILED = "failed"  # the smoke test failed


# How long the first frame may wait for the window system to show and paint the window.
_FIRST_PAINT_WAIT_S = 0.5


@dataclass
class _Live:
    """What the session's windows need once the person is signed in; the first frame's windows
    exist before it does, so their factories read it when a window opens."""

    backend: DeskBackend | None = None
    where: str = ""
    snippet: str | None = None

    def signed_in(self) -> DeskBackend:
        assert self.backend is not None, "a window of the session opened before signing in"
        return self.backend


@dataclass
class _FirstFrame:
    """The desk painted from the store before the engine started, waiting for its backend."""

    snapshot: DeskSnapshot
    window: WorkspaceWindow
    views: Views
    live: _Live
    journals: list[Journal]
    # The smoke test's verdict on the painted frame (None: not a smoke test).
    smoke_painted: bool | None = None


@dataclass
class DeskSession:
    options: GuiOptions
    database: Database
    started: float
    translations: Translations = field(default_factory=Translations)
    _first: _FirstFrame | None = None

    @classmethod
    def open(cls, options: GuiOptions, *, started: float,
             translations: Translations | None = None) -> DeskSession:
        """Open the data directory; raises StorageError (with advice) if it cannot be used."""
        database = open_database(options.data_dir)
        _log_to(options)
        return cls(options, database, started, translations or Translations())

    def show_first_frame(self) -> bool:
        """Paint the desk of the agent signing in (`--as`, or the smoke test's) as the store
        holds it, before the event loop, the engine, routing, notifications and the intake
        start; `run` then brings it to life. Call it before the event loop runs (no input
        reaches the window until then). False, with nothing shown, when a picker must ask who
        signs in, on a first run (the sample is built first), or for someone whose first window
        is not the desk: `run` shows those as usual."""
        if self.options.sign_in_as is None and not self.options.smoke_test:
            return False
        snapshot = self.database.read_now(lambda c: read_desk_snapshot(c, self.options.sign_in_as))
        if snapshot is None:
            return False
        clock = SystemClock()
        live = _Live(where=self._where(None, None))
        window = WorkspaceWindow.from_snapshot(snapshot, clock, QSettings(), where=live.where)
        journals: list[Journal] = []
        views = self._views(live, snapshot.principal, snapshot.capabilities, clock,
                            snapshot.department_names, journals, desk=window)
        self._first = _FirstFrame(snapshot, window, views, live, journals)
        _paint(window)
        if self.options.smoke_test:
            self._first.smoke_painted = self._report_start_up(window)
        return True

    async def run(self) -> int:
        # The session ends when its window closes, not when Qt sees no window (between the
        # picker and the workspace there is none); quitting Qt would stop the asyncio loop.
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(False)
        try:
            return await self._run()
        finally:
            self.database.close()

    async def _run(self) -> int:
        # Loaded here, after the first frame: the engine brings routing and the events along.
        from app.backends.embedded import EmbeddedEngine  # noqa: PLC0415
        from app.backends.embedded.setup import ensure_organisation  # noqa: PLC0415

        clock = SystemClock()
        first, self._first = self._first, None
        engine: EmbeddedEngine | None = None
        intake: IntakeServer | None = None
        try:
            note = await ensure_organisation(self.database, clock)
            # What the desk writes into chats' histories is worded in the language chosen here.
            engine = EmbeddedEngine(self.database, clock, say=say)
            # `--as` chooses the first person only: after signing out, the picker asks.
            wanted = self.options.sign_in_as
            while True:
                if first is not None:
                    username = first.snapshot.principal.username
                else:
                    person = await self._choose_person(engine, wanted)
                    if person is None:
                        return 0
                    username = person.username
                wanted = None
                if intake is None:
                    intake = await self._start_intake(engine)
                outcome = await self._session(engine, clock, username, note, intake, first)
                first = None
                if outcome is not _Outcome.SIGNED_OUT:
                    return 1 if outcome is _Outcome.FAILED else 0
        finally:
            if first is not None:
                await first.views.shutdown()  # the first frame never went live
            if intake is not None:
                await intake.stop()
            if engine is not None:
                await engine.aclose()

    async def _session(self, engine: EmbeddedEngine, clock: Clock, username: str, note: str | None,
                       intake: IntakeServer | None, first: _FirstFrame | None) -> _Outcome:
        """One person's windows, from signing in until they sign out, quit or close the last
        (the desk of `first` already on screen, waiting for its backend)."""
        import asyncio  # noqa: PLC0415  (loaded after the first frame)

        if first is None:
            # The language chosen in View → Language applies from here: every window is made
            # anew (the first frame's was made in the language the app started in).
            self.translations.install(effective(QSettings()))
        backend = await engine.sign_in(username)
        principal = await backend.me()
        if first is not None:
            live, journals, views = first.live, first.journals, first.views
        else:
            live, journals = _Live(), []
            names = {d.id: d.name for d in await backend.departments()}
            views = self._views(live, principal, backend.capabilities(), clock, names, journals)
        live.backend = backend
        live.where = self._where(note, intake)
        live.snippet = intake.snippet() if intake is not None else None
        ended: asyncio.Future[_Outcome] = asyncio.get_running_loop().create_future()

        def end(outcome: _Outcome) -> None:
            if not ended.done():
                ended.set_result(outcome)

        views.all_closed.connect(lambda: end(_Outcome.CLOSED))
        views.sign_out_requested.connect(lambda: end(_Outcome.SIGNED_OUT))
        views.quit_requested.connect(lambda: end(_Outcome.QUIT))
        if first is not None:
            shown: QMainWindow = first.window
            first.window.attach(backend)
            first.window.show_where(live.where, live.snippet)
            first.window.start()
        else:
            shown = views.open(self._first_view(principal, views.available))
        try:
            if self.options.smoke_test:
                assert isinstance(shown, WorkspaceWindow)
                painted = first.smoke_painted if first is not None else None
                return _Outcome.CLOSED if await self._smoke(shown, painted) == 0 else _Outcome.FAILED
            return await ended
        finally:
            await views.shutdown()
            for journal in journals:
                journal.close()
            await backend.aclose()

    def _where(self, note: str | None, intake: IntakeServer | None) -> str:
        """The status bar's word on the desk: its database, and the website chat's address."""
        where = translate("DeskSession", "Embedded desk · {path}").format(path=self.database.path) \
            + (f" · {note}" if note else "")
        if intake is not None:
            where += " · " + translate("DeskSession", "website chat on {url}").format(url=intake.url)
        return where

    @staticmethod
    def _first_view(principal: Principal, available: list[View]) -> View:
        """Where each user starts: agents at their desk, admins in administration, monitors
        on their dashboard; the Go menu opens the others."""
        for view, wanted in ((View.DESK, principal.is_agent), (View.ADMIN, principal.is_admin),
                             (View.MONITOR, True)):
            if wanted and view in available:
                return view
        return available[0]

    def _views(self, live: _Live, principal: Principal, can: frozenset[Action], clock: Clock,
               names: dict[str, str], journals: list[Journal], *,
               desk: WorkspaceWindow | None = None) -> Views:
        return session_views(live, principal, can, clock, names, journals,
                             journal_path=self.options.data_dir / f"pending-changes-{principal.id}.sqlite3",
                             language=self.translations.language, autostart=self._autostart(), desk=desk)

    def _autostart(self) -> Autostart:
        """This user's autostart entry, starting this same Omnidesk on the same data."""
        return Autostart.for_user(launch_command(
            program=sys.argv[0], executable=sys.executable, frozen=bool(getattr(sys, "frozen", False)),
            data_dir=self.options.data_dir if self.options.data_dir_chosen else None))

    async def _start_intake(self, engine: EmbeddedEngine) -> IntakeServer | None:
        if self.options.intake is None:
            return None
        from app.intake import IntakeServer, IntakeSettings  # noqa: PLC0415  (off by default)
        from app.intake.widget import widget_dir  # noqa: PLC0415

        host, port = self.options.intake
        server = IntakeServer(engine, IntakeSettings(host=host, port=port, widget_dir=widget_dir(),
                                                     allowed_origins=self.options.allowed_origins))
        try:
            await server.start()
        except OSError as error:
            raise StorageError(translate("DeskSession", "Website chat cannot listen on {host}:{port}: "
                                         "{problem}. Choose another address with --intake.").format(
                host=host, port=port, problem=error.strerror), code="intake-unavailable") from error
        return server

    async def _choose_person(self, desk: SignIn, wanted: str | None) -> Person | None:
        import asyncio  # noqa: PLC0415  (loaded after the first frame)

        people = await desk.accounts()
        if wanted is not None:
            found = next((p for p in people if p.username == wanted), None)
            if found is None:
                known = ", ".join(p.username for p in people)
                raise NotFound(translate("DeskSession", "Nobody called '{name}' is in this organisation. "
                                         "Try one of: {known}.").format(name=wanted, known=known))
            return found
        if self.options.smoke_test:
            return next(p for p in people if p.primary_role is Role.AGENT)
        from ui.identity.picker import PersonPicker  # noqa: PLC0415  (not needed with --as)

        self.translations.install(effective(QSettings()))
        picker = PersonPicker(people, await desk.organisation_name())
        choice: asyncio.Future[Person | None] = asyncio.get_running_loop().create_future()

        def settle(person: Person | None) -> None:
            if not choice.done():
                choice.set_result(person)

        picker.chosen.connect(settle)
        picker.rejected.connect(lambda: settle(None))
        picker.show()
        try:
            return await choice
        finally:
            dispose(picker)

    async def _smoke(self, window: WorkspaceWindow, painted: bool | None) -> int:
        """The smoke test: the window loads and renders (`painted`: the first frame's verdict,
        reported already; None: report it now), then is live on its backend."""
        return await _smoke_test(window, self.started, painted)

    def _report_start_up(self, window: WorkspaceWindow) -> bool:
        return _report_start_up(window, self.started)


async def _smoke_test(window: WorkspaceWindow, started: float, painted: bool | None = None) -> int:
    """The smoke test of a desk window: it loads and renders (`painted`: the verdict on a first
    frame, reported already; None: report it now), then is live on its backend. 0 when it passed."""
    import asyncio  # noqa: PLC0415  (loaded after the first frame)

    if painted is False:
        return 1
    ready = asyncio.Event()
    window.ready.connect(ready.set)
    if window.is_ready:
        ready.set()
    try:
        await asyncio.wait_for(ready.wait(), _SMOKE_TIMEOUT_S)
    except TimeoutError:
        print(f"omnidesk: error: the window did not finish loading within {_SMOKE_TIMEOUT_S} s",
              file=sys.stderr)
        return 1
    if painted is None:
        QApplication.processEvents()
        if not _report_start_up(window, started):
            return 1
    log.info("the desk is live %.0f ms after start", (time.perf_counter() - started) * 1000)
    return 0


def _report_start_up(window: WorkspaceWindow, started: float) -> bool:
    """Print what the window shows and how long it took to show it; False if it did not render."""
    if window.grab().isNull():
        print("omnidesk: error: the window did not render", file=sys.stderr)
        return False
    elapsed_ms = (time.perf_counter() - started) * 1000
    print(f"Loaded {window.queue_model.rowCount()} waiting inquiries and "
          f"{window.chats_model.rowCount()} open chats for {window.principal.name}.", flush=True)
    print(f"start-up: {elapsed_ms:.0f} ms", flush=True)
    return True


def _paint(window: QMainWindow) -> None:
    """Show `window` and let the window system expose and paint it now, before the event loop
    runs: input waits (it reaches the window once the loop runs and the window is live)."""
    painted = _PaintWatch(window)
    window.show()
    app = QApplication.instance()
    assert app is not None
    deadline = time.perf_counter() + _FIRST_PAINT_WAIT_S
    while not painted.seen and time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 10)
    window.removeEventFilter(painted)


class _PaintWatch(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.seen = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def _log_to(options: GuiOptions) -> None:
    handler = logging.FileHandler(options.data_dir / "omnidesk.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)


def session_views(live: _Live, principal: Principal, can: frozenset[Action], clock: Clock,
                  names: dict[str, str], journals: list[Journal], *, journal_path: Path,
                  language: str, autostart: Autostart, desk: WorkspaceWindow | None = None) -> Views:
    """The windows this user may open: the desk for agents, the dashboard for whoever
    supervises units, administration for whoever may change the configuration, the Contact
    Center for whoever may look up contacts. `desk`: the first frame's, already shown."""
    factories: dict[View, Callable[[], QMainWindow]] = {}
    session: list[Views] = []

    def open_contact(contact_id: str) -> None:
        # The desk's "Open in Contact Center": that window, showing the contact.
        window = session[0].open(View.CONTACTS)
        show = getattr(window, "show_contact", None)
        if show is not None:
            show(contact_id)

    def connected(window: WorkspaceWindow) -> WorkspaceWindow:
        if Action.VIEW_CONTACTS in can:
            window.contact_center_requested.connect(open_contact)
        return window

    if principal.is_agent:
        def new_desk() -> QMainWindow:
            return connected(WorkspaceWindow(live.signed_in(), principal, clock, names, QSettings(),
                                             where=live.where, website_snippet=live.snippet))

        factories[View.DESK] = new_desk
    if Action.SUPERVISE in can:
        def monitor() -> QMainWindow:
            from ui.monitor.window import MonitorWindow  # noqa: PLC0415  (only when opened)

            return MonitorWindow(live.signed_in(), principal, clock, names, QSettings(), where=live.where)

        factories[View.MONITOR] = monitor
    if Action.CONFIGURE in can:

        def admin() -> QMainWindow:
            from app.sync import ConfigSync  # noqa: PLC0415
            from app.sync import Journal as JournalFile  # noqa: PLC0415
            from ui.admin.window import AdminWindow  # noqa: PLC0415

            backend = live.signed_in()
            if not journals:
                journals.append(JournalFile.open(journal_path))
            sync = ConfigSync(journals[0], backend, user_id=principal.id, clock=clock)
            return AdminWindow(sync, backend, principal, clock, QSettings(), events=backend.events)

        factories[View.ADMIN] = admin
    if Action.VIEW_CONTACTS in can:
        def contact_center() -> QMainWindow:
            from ui.contacts.window import ContactCenterWindow  # noqa: PLC0415  (only when opened)

            return ContactCenterWindow(live.signed_in(), principal, clock, names, QSettings(),
                                       where=live.where)

        factories[View.CONTACTS] = contact_center
    views = Views(factories, language=language, autostart=autostart)
    session.append(views)
    if desk is not None:
        views.adopt(View.DESK, connected(desk))
    return views


async def run_server_desk(backend: DeskBackend, *, where: str, journal_path: Path, language: str,
                          autostart: Autostart, smoke_test_started: float | None = None) -> bool:
    """The windows of a person signed in to a server, over its backend (the server's cache on this
    computer), until they sign out (True: the sign-in asks again) or close or quit (False).

    `smoke_test_started` (the app's start, for `--smoke-test`): once the desk shows what the cache
    holds, print the start-up time and end (False); SmokeTestFailed when it did not load or render."""
    import asyncio  # noqa: PLC0415

    principal = await backend.me()
    names = {d.id: d.name for d in await backend.departments()}
    live = _Live(backend=backend, where=where)
    journals: list[Journal] = []
    views = session_views(live, principal, backend.capabilities(), SystemClock(), names, journals,
                          journal_path=journal_path, language=language, autostart=autostart)
    ended: asyncio.Future[_Outcome] = asyncio.get_running_loop().create_future()

    def end(outcome: _Outcome) -> None:
        if not ended.done():
            ended.set_result(outcome)

    views.all_closed.connect(lambda: end(_Outcome.CLOSED))
    views.sign_out_requested.connect(lambda: end(_Outcome.SIGNED_OUT))
    views.quit_requested.connect(lambda: end(_Outcome.QUIT))
    try:
        if not views.available:
            raise NotFound(translate("DeskSession", "Over a server, Omnidesk offers the agent's desk and "
                                     "administration so far; {name} is neither an agent nor an admin "
                                     "there. Sign in as one, or use the server's web client.").format(
                name=principal.name),
                           code="no-view-on-server")
        shown = views.open(DeskSession._first_view(principal, views.available))
        if smoke_test_started is not None:
            if not isinstance(shown, WorkspaceWindow):
                raise SmokeTestFailed(f"The smoke test over a server opens an agent's desk; {principal.name} "
                                      "is not an agent there.")
            if await _smoke_test(shown, smoke_test_started) != 0:
                raise SmokeTestFailed("The desk over the server did not load or render.")
            return False
        return await ended is _Outcome.SIGNED_OUT
    finally:
        await views.shutdown()
        for journal in journals:
            journal.close()
        await backend.aclose()


class SmokeTestFailed(OmnideskError):
    """`--smoke-test`: the window did not load or render (said on the standard error already)."""

    code = "smoke-test-failed"
