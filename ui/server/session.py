"""One run of the desktop app against a server (`omnidesk --server URL`): the sign-in dialog,
then the desk over the signed-in backend, and the dialog again after signing out.

What opens after signing in is handed in (`open_desk`): the windows over a server's backend
(its cache, its journal per server and user) are the composition root's to build.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from PySide6.QtWidgets import QApplication

from app.backends.server import ServerSupport
from app.backends.server_address import ServerAddress
from ui.lifetime import dispose
from ui.server.sign_in_dialog import ServerSignInDialog, SignedIn

# What the desk does with a sign-in: True when the person signed out (the dialog asks again),
# False when the app should end.
OpenDesk = Callable[[SignedIn], Awaitable[bool]]


class ServerSession:
    def __init__(self, support: ServerSupport, open_desk: OpenDesk, *, address: ServerAddress | None,
                 username: str = "") -> None:
        self._support = support
        self._open_desk = open_desk
        self._address = address
        self._username = username
        # The dialog being shown, for tests and for the composition root's smoke checks.
        self.dialog: ServerSignInDialog | None = None

    async def run(self) -> int:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(False)  # between the dialog and the desk there is no window
        while True:
            signed = await self._sign_in()
            if signed is None:
                return 0
            self._address, self._username = signed.address, signed.username
            if not await self._open_desk(signed):
                return 0

    async def _sign_in(self) -> SignedIn | None:
        dialog = ServerSignInDialog(self._support.connect, self._support.saved, address=self._address,
                                    username=self._username)
        self.dialog = dialog
        answer: asyncio.Future[SignedIn | None] = asyncio.get_running_loop().create_future()

        def settle(signed: SignedIn | None) -> None:
            if not answer.done():
                answer.set_result(signed)

        dialog.signed_in.connect(settle)
        dialog.rejected.connect(lambda: settle(None))
        dialog.show()
        dialog.start()
        try:
            return await answer
        finally:
            await dialog.shutdown()
            self.dialog = None
            dispose(dialog)
