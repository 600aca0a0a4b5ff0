"""One run of the desktop app against a server (`omnidesk --server URL`): the sign-in dialog,
then the desk over the signed-in backend, and the dialog again after signing out. With
`--as NAME` and a sign-in this computer keeps for NAME on that server, the desk opens at once,
without the dialog (as the embedded desk's `--as` does); the dialog comes when that fails.

What opens after signing in is handed in (`open_desk`): the windows over a server's backend
(its cache, its journal per server and user) are the composition root's to build.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from PySide6.QtWidgets import QApplication

from app.backends.server import ServerSupport
from app.backends.server_address import ServerAddress
from app.errors import OmnideskError
from ui.lifetime import dispose
from ui.server.sign_in_dialog import ServerSignInDialog, SignedIn

# What the desk does with a sign-in: True when the person signed out (the dialog asks again),
# False when the app should end.
OpenDesk = Callable[[SignedIn], Awaitable[bool]]

log = logging.getLogger(__name__)


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
        signed = await self._kept_sign_in()
        while True:
            if signed is None:
                signed = await self._sign_in()
            if signed is None:
                return 0
            self._address, self._username = signed.address, signed.username
            if not await self._open_desk(signed):
                return 0
            signed = None  # signed out: the dialog asks again

    async def _kept_sign_in(self) -> SignedIn | None:
        """The desk without the dialog, when the person named at start has a kept sign-in on
        this server; None (the dialog then) otherwise, or when it fails."""
        address, username = self._address, self._username
        if address is None or not username:
            return None
        try:
            kept = any(s.address.url == address.url and s.username == username and s.remembered
                       for s in await self._support.saved.servers())
            if not kept:
                return None
            backend = await self._support.connect(address).sign_in(username)
        except OmnideskError as error:
            log.info("the kept sign-in of %s on %s did not open the desk: %s",
                     username, address, error.message)
            return None
        return SignedIn(address, username, backend)

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
