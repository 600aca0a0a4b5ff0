"""One run of the desktop app on the embedded desk: the composition root.

Builds the store, the engine and the window once and passes them on; nothing is global.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow

from app.autostart import Autostart, launch_command
from app.backends.contract import SignIn
from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.backends.embedded.setup import ensure_organisation, open_database
from app.cli import GuiOptions
from app.clock import Clock, SystemClock
from app.domain import Person, Principal, Role
from app.errors import NotFound, StorageError
from app.policy import Action
from app.store import Database
from ui.i18n import translate
from ui.i18n.language import Translations, effective
from ui.i18n.say import say
from ui.lifetime import dispose
from ui.views import View, Views
from ui.workspace.window import WorkspaceWindow

if TYPE_CHECKING:
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


@dataclass
class DeskSession:
    options: GuiOptions
    database: Database
    started: float
    translations: Translations = field(default_factory=Translations)

    @classmethod
    def open(cls, options: GuiOptions, *, started: float,
             translations: Translations | None = None) -> DeskSession:
        """Open the data directory; raises StorageError (with advice) if it cannot be used."""
        database = open_database(options.data_dir)
        _log_to(options)
        return cls(options, database, started, translations or Translations())

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
        clock = SystemClock()
        note = await ensure_organisation(self.database, clock)
        # What the desk writes into chats' histories is worded in the language chosen here.
        engine = EmbeddedEngine(self.database, clock, say=say)
        intake: IntakeServer | None = None
        # `--as` chooses the first person only: after signing out, the picker asks.
        wanted = self.options.sign_in_as
        try:
            while True:
                person = await self._choose_person(engine, wanted)
                wanted = None
                if person is None:
                    return 0
                if intake is None:
                    intake = await self._start_intake(engine)
                outcome = await self._session(engine, clock, person, note, intake)
                if outcome is not _Outcome.SIGNED_OUT:
                    return 1 if outcome is _Outcome.FAILED else 0
        finally:
            if intake is not None:
                await intake.stop()
            await engine.aclose()

    async def _session(self, engine: EmbeddedEngine, clock: Clock, person: Person, note: str | None,
                       intake: IntakeServer | None) -> _Outcome:
        """One person's windows, from signing in until they sign out, quit or close the last."""
        # The language chosen in View → Language applies from here: every window is made anew.
        self.translations.install(effective(QSettings()))
        backend = await engine.sign_in(person.username)
        principal = await backend.me()
        names = {d.id: d.name for d in await backend.departments()}
        where = translate("DeskSession", "Embedded desk · {path}").format(path=self.database.path) \
            + (f" · {note}" if note else "")
        if intake is not None:
            where += " · " + translate("DeskSession", "website chat on {url}").format(url=intake.url)
        snippet = intake.snippet() if intake is not None else None
        journals: list[Journal] = []
        session: list[Views] = []

        def open_contact(contact_id: str) -> None:
            # The desk's "Open in Contact Center": that window, showing the contact.
            window = session[0].open(View.CONTACTS)
            show = getattr(window, "show_contact", None)
            if show is not None:
                show(contact_id)

        views = Views(self._views(backend, principal, clock, names, where, snippet, journals,
                                  open_contact), language=self.translations.language,
                      autostart=self._autostart())
        session.append(views)
        ended: asyncio.Future[_Outcome] = asyncio.get_running_loop().create_future()

        def end(outcome: _Outcome) -> None:
            if not ended.done():
                ended.set_result(outcome)

        views.all_closed.connect(lambda: end(_Outcome.CLOSED))
        views.sign_out_requested.connect(lambda: end(_Outcome.SIGNED_OUT))
        views.quit_requested.connect(lambda: end(_Outcome.QUIT))
        first = views.open(self._first_view(principal, views.available))
        try:
            if self.options.smoke_test:
                assert isinstance(first, WorkspaceWindow)
                return _Outcome.CLOSED if await self._smoke(first) == 0 else _Outcome.FAILED
            return await ended
        finally:
            await views.shutdown()
            for journal in journals:
                journal.close()
            await backend.aclose()

    def _autostart(self) -> Autostart:
        """This user's autostart entry, starting this same Omnidesk on the same data."""
        return Autostart.for_user(launch_command(
            program=sys.argv[0], executable=sys.executable, frozen=bool(getattr(sys, "frozen", False)),
            data_dir=self.options.data_dir if self.options.data_dir_chosen else None))

    @staticmethod
    def _first_view(principal: Principal, available: list[View]) -> View:
        """Where each user starts: agents at their desk, admins in administration, monitors
        on their dashboard; the Go menu opens the others."""
        for view, wanted in ((View.DESK, principal.is_agent), (View.ADMIN, principal.is_admin),
                             (View.MONITOR, True)):
            if wanted and view in available:
                return view
        return available[0]

    def _views(self, backend: EmbeddedBackend, principal: Principal, clock: Clock,
               names: dict[str, str], where: str, snippet: str | None, journals: list[Journal],
               open_contact: Callable[[str], None]) -> dict[View, Callable[[], QMainWindow]]:
        """The windows this user may open: the desk for agents, the dashboard for whoever
        supervises units, administration for whoever may change the configuration, the Contact
        Center for whoever may look up contacts."""
        can = backend.capabilities()
        views: dict[View, Callable[[], QMainWindow]] = {}
        if principal.is_agent:
            def desk() -> QMainWindow:
                window = WorkspaceWindow(backend, principal, clock, names, QSettings(), where=where,
                                         website_snippet=snippet)
                if Action.VIEW_CONTACTS in can:
                    window.contact_center_requested.connect(open_contact)
                return window

            views[View.DESK] = desk
        if Action.SUPERVISE in can:
            def monitor() -> QMainWindow:
                from ui.monitor.window import MonitorWindow  # noqa: PLC0415  (only when opened)

                return MonitorWindow(backend, principal, clock, names, QSettings(), where=where)

            views[View.MONITOR] = monitor
        if Action.CONFIGURE in can:
            journal_path = self.options.data_dir / f"pending-changes-{principal.id}.sqlite3"

            def admin() -> QMainWindow:
                from app.sync import ConfigSync  # noqa: PLC0415
                from app.sync import Journal as JournalFile  # noqa: PLC0415
                from ui.admin.window import AdminWindow  # noqa: PLC0415

                if not journals:
                    journals.append(JournalFile.open(journal_path))
                sync = ConfigSync(journals[0], backend, user_id=principal.id, clock=clock)
                return AdminWindow(sync, backend, principal, clock, QSettings(), events=backend.events)

            views[View.ADMIN] = admin
        if Action.VIEW_CONTACTS in can:
            def contact_center() -> QMainWindow:
                from ui.contacts.window import ContactCenterWindow  # noqa: PLC0415  (only when opened)

                return ContactCenterWindow(backend, principal, clock, names, QSettings(), where=where)

            views[View.CONTACTS] = contact_center
        return views

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

    async def _smoke(self, window: WorkspaceWindow) -> int:
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
        QApplication.processEvents()
        if window.grab().isNull():
            print("omnidesk: error: the window did not render", file=sys.stderr)
            return 1
        elapsed_ms = (time.perf_counter() - self.started) * 1000
        print(f"Loaded {window.queue_model.rowCount()} waiting inquiries and "
              f"{window.chats_model.rowCount()} open chats for {window.principal.name}.")
        print(f"start-up: {elapsed_ms:.0f} ms")
        return 0


def _log_to(options: GuiOptions) -> None:
    handler = logging.FileHandler(options.data_dir / "omnidesk.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
