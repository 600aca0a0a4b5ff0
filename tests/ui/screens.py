"""Scenes for docs/make-screenshots.sh that the real app cannot reach by itself (test-only, never
part of the product): the server sign-in over a scripted server, and the desk while its link is
down. Run under X (or Xvfb):

    python -m tests.ui.screens server-sign-in
    python -m tests.ui.screens offline-desk --data-dir DIR --as bo

`offline-desk` runs the real embedded desk; once a chat is open it tells every window, through
the engine's own events, what a remote backend would: the link dropped (next attempt in 25 s),
and a reply written meanwhile waits to be sent.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
from datetime import timedelta
from typing import Any

from app.backends.events import ConnectionChanged, ConnectionState, MessageAdded
from app.backends.server import SavedServer
from app.backends.server_address import ServerAddress
from app.clock import SystemClock
from app.domain import AuthorKind, Message

CHAT = "https://chat.northwind.example"


def server_sign_in() -> int:
    import qasync
    from PySide6.QtWidgets import QApplication, QWidget

    from tests.contract.org import NORTHWIND, Org
    from tests.fakes import FakeDesk, FakeServers, MemorySavedServers
    from ui.server.sign_in_dialog import ServerSignInDialog
    from ui.style import apply_style

    app = QApplication([sys.argv[0]])
    app.setApplicationName("Omnidesk")
    apply_style(app)
    numbers = itertools.count(1)
    desk = FakeDesk(Org.assign(NORTHWIND, lambda kind: f"{kind}{next(numbers)}"), SystemClock())
    servers = FakeServers(desk)
    servers.add(CHAT, passwords={"ana": "pw"}, two_factor={"ana": ("totp", "000000")}, keyring=False)
    saved = MemorySavedServers([SavedServer(ServerAddress(CHAT), "ana"),
                                SavedServer(ServerAddress("https://support.contoso.example"), "ana.souza",
                                            remembered=True)])

    backdrop = QWidget()  # the desktop behind: the app shows the dialog alone at start
    backdrop.setStyleSheet("background: #d9dde3;")
    backdrop.setGeometry(0, 0, 1280, 800)
    backdrop.show()

    async def scene() -> None:
        first = ServerSignInDialog(servers.connect, saved)
        first.start()
        first.move(24, 40)
        first.show()
        await asyncio.sleep(0.5)
        first.password.setText("wrong horse battery")
        servers.servers[CHAT].passwords["ana"] = "right"
        first.sign_in_button.click()
        second = ServerSignInDialog(servers.connect, MemorySavedServers(), address=ServerAddress(CHAT),
                                    username="ana")
        second.move(800, 380)
        second.show()
        second.password.setText("right")
        second.sign_in_button.click()
        await asyncio.sleep(600)

    qasync.run(scene())
    return 0


def offline_desk(argv: list[str]) -> int:
    from PySide6.QtCore import QTimer

    from app.backends.embedded import EmbeddedEngine
    from ui import launch
    from ui.connection_bar import ConnectionBar
    from ui.workspace.window import WorkspaceWindow

    async def retry_later() -> None:
        """Retry now, as a remote backend offers it (the embedded desk has no link to retry)."""

    engines: list[EmbeddedEngine] = []
    made = EmbeddedEngine.__init__

    def remember(self: EmbeddedEngine, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        engines.append(self)

    started = WorkspaceWindow.start

    def start(window: WorkspaceWindow) -> None:
        started(window)
        watch = QTimer(window)
        watch.setInterval(300)

        def once_a_chat_is_open() -> None:
            chat = window.conversation.chat
            if chat is None or not engines:
                return
            watch.stop()
            now = SystemClock().now()
            me = window.principal
            engines[0].publish(MessageAdded(Message(
                "screenshot-pending-1", chat.id, AuthorKind.AGENT, me.id, me.name,
                "I have asked the warehouse; I will write again as soon as they answer.", now,
                pending=True), chat.place))
            engines[0].publish(ConnectionChanged(
                ConnectionState.OFFLINE, "The server did not answer for 30 s.", now + timedelta(seconds=25)))

        watch.timeout.connect(once_a_chat_is_open)
        watch.start()

    ConnectionBar._reconnect = lambda self: retry_later  # type: ignore[method-assign]
    EmbeddedEngine.__init__ = remember  # type: ignore[method-assign]
    WorkspaceWindow.start = start  # type: ignore[method-assign, assignment]
    return launch.main(argv)


def main() -> int:
    scene, rest = (sys.argv[1:2] or [""])[0], sys.argv[2:]
    if scene == "server-sign-in":
        return server_sign_in()
    if scene == "offline-desk":
        return offline_desk(rest)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
