"""Starts Omnidesk: the one place that builds the Qt application, the qasync loop and the services.

`main` is the `omnidesk` console entry. Commands that need no GUI run without importing Qt.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()

import os  # noqa: E402  (the start-up clock must start before anything else loads)
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from typing import TYPE_CHECKING, cast  # noqa: E402

from app import cli  # noqa: E402
from app.errors import OmnideskError  # noqa: E402

if TYPE_CHECKING:
    from app.backends.contract import Backend
    from app.backends.server import ServerSupport
    from app.backends.server_address import ServerAddress
    from ui.desk import DeskBackend


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(sys.argv[1:] if argv is None else argv, run_gui)


def run_gui(options: cli.GuiOptions) -> int:
    support: ServerSupport | None = None
    if options.server is not None:
        from app.backends.server import server_support  # noqa: PLC0415  (only with --server)

        support = server_support(options.data_dir)
        if support is None:
            print(f"omnidesk: error: this build of Omnidesk cannot sign in to a server "
                  f"({options.server}): the Rocket.Chat backend is not part of it yet. Start "
                  "Omnidesk without --server to use the embedded desk on this computer.",
                  file=sys.stderr)
            return 1
    if options.smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif _no_display():
        print("omnidesk: error: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). "
              "Start Omnidesk from a desktop session, or check it with --smoke-test.",
              file=sys.stderr)
        return 1
    from app.gil import share_finely  # noqa: PLC0415

    share_finely()  # the event loop and the store's threads take turns often (app/gil.py)
    # QtMultimedia lists every optional codec library it could not find when the chime first
    # plays; that is noise for a user's terminal (the app falls back to the system bell).
    os.environ.setdefault("QT_LOGGING_RULES",
                          "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg=false")
    # Qt loads only now, so the command-line tools never pay for it.
    from PySide6.QtCore import QSettings  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from app.appinfo import APP_ID, APP_NAME  # noqa: PLC0415
    from ui.app_icon import app_icon  # noqa: PLC0415
    from ui.desk import DeskSession  # noqa: PLC0415
    from ui.i18n.language import Translations, effective  # noqa: PLC0415
    from ui.style import apply_style  # noqa: PLC0415

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    # The name is WM_CLASS's class on X11 and, with the organisation, where QSettings keeps the
    # settings (~/.config/Omnidesk/Omnidesk.conf); the desktop file name is the Wayland app id.
    # Both tie the window to the installed launcher and its icon.
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    apply_style(app)
    translations = Translations()
    translations.install(effective(QSettings()))
    if support is not None:
        return _run_server_session(options, support)
    try:
        session = DeskSession.open(options, started=_STARTED, translations=translations)
        # The desk of the person signing in, as the store holds it, is on screen before the
        # event loop, the engine and the rest load (each takes longer than the window to draw).
        session.show_first_frame()
    except OmnideskError as error:
        print(f"omnidesk: error: {error.message}", file=sys.stderr)
        if not options.smoke_test:
            from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

            from ui.i18n import translate  # noqa: PLC0415
            from ui.i18n.say import say_error  # noqa: PLC0415

            QMessageBox.critical(None, translate("launch", "Omnidesk cannot start"), say_error(error))
        return 1
    import asyncio  # noqa: PLC0415

    import qasync  # noqa: PLC0415

    try:
        result: int = qasync.run(session.run())
    except asyncio.CancelledError:
        result = 1
    return result


def _run_server_session(options: cli.GuiOptions, support: ServerSupport) -> int:
    """`--server`: the sign-in dialog, then the desk over the server's backend."""
    import asyncio  # noqa: PLC0415
    from collections.abc import Coroutine  # noqa: PLC0415
    from typing import Any  # noqa: PLC0415

    import qasync  # noqa: PLC0415

    from ui.server.session import ServerSession  # noqa: PLC0415
    from ui.server.sign_in_dialog import SignedIn  # noqa: PLC0415

    async def open_desk(signed: SignedIn) -> bool:
        try:
            return await _server_desk(options, signed.address, signed.username, signed.backend)
        except OmnideskError as error:
            print(f"omnidesk: {error}", file=sys.stderr)
            return True

    run: Coroutine[Any, Any, int]
    if options.smoke_test:
        run = _server_smoke_test(options, support)
    else:
        run = ServerSession(support, open_desk, address=options.server,
                            username=options.sign_in_as or "").run()
    try:
        result: int = qasync.run(run)
    except asyncio.CancelledError:
        result = 1
    return result


async def _server_desk(options: cli.GuiOptions, address: ServerAddress, username: str, backend: Backend, *,
                       smoke_test: bool = False) -> bool:
    """The desk over a server's backend (`ui.desk.run_server_desk`): True when the person signed
    out (the sign-in asks again)."""
    from PySide6.QtCore import QSettings  # noqa: PLC0415

    from app.autostart import Autostart, launch_command  # noqa: PLC0415
    from app.backends.rocketchat.servers import journal_path  # noqa: PLC0415
    from ui.desk import run_server_desk  # noqa: PLC0415
    from ui.i18n.language import effective  # noqa: PLC0415

    # The admin's pending changes, like the cache, are kept per server and user.
    journal = journal_path(options.data_dir, address.url, username)
    # The server's backend answers every part a window may ask for (what a server cannot do
    # yet is refused, and not offered by its capabilities).
    return await run_server_desk(cast("DeskBackend", backend), where=f"{address} · {username}",
                                 journal_path=journal, language=effective(QSettings()),
                                 autostart=Autostart.for_user(launch_command(
                                     program=sys.argv[0], executable=sys.executable,
                                     frozen=bool(getattr(sys, "frozen", False)),
                                     data_dir=options.data_dir if options.data_dir_chosen else None)),
                                 smoke_test_started=_STARTED if smoke_test else None)


async def _server_smoke_test(options: cli.GuiOptions, support: ServerSupport) -> int:
    """`--server URL --as USERNAME --smoke-test`: with no dialog (nobody is there to type), sign in
    with the sign-in this computer keeps for USERNAME, open the desk over the server's cache, print
    the start-up time once it shows what the cache holds, and end. The server need not answer: a
    user the cache knows starts from it, as the dialog's kept sign-in does."""
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    if options.server is None or not options.sign_in_as:
        print("omnidesk: error: --smoke-test with --server needs --as USERNAME, someone who signed in "
              "to that server on this computer before.", file=sys.stderr)
        return 1
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # the session ends when the backend has closed, not before
    try:
        backend = await support.connect(options.server).sign_in(options.sign_in_as)
        await _server_desk(options, options.server, options.sign_in_as, backend, smoke_test=True)
    except OmnideskError as error:
        print(f"omnidesk: error: {error.message}", file=sys.stderr)
        return 1
    return 0


def _no_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


if __name__ == "__main__":
    sys.exit(main())
