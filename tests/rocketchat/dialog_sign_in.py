"""Signing in to the loopback server through the app's own sign-in dialog, as a person does
(`omnidesk --server`): the session opens the windows the composition root would open."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pytestqt.qtbot import QtBot

from app.autostart import Autostart
from app.backends.rocketchat.support import rocketchat_support
from app.backends.server import ServerSupport
from app.backends.server_address import server_address
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.ui.actions import click
from tests.ui.conftest import until
from ui.desk import run_server_desk
from ui.server.session import ServerSession
from ui.server.sign_in_dialog import SignedIn

if TYPE_CHECKING:
    from ui.desk import DeskBackend


@dataclass
class DialogSignIn:
    support: ServerSupport
    # The session's run: it ends when the last window closes.
    run: asyncio.Future[int]
    opened: list[SignedIn] = field(default_factory=list)


async def sign_in_through_the_dialog(
        qtbot: QtBot, loopback: LoopbackRocketChat, tmp_path: Path, username: str, *,
        data_dir: Path | None = None, journal: Path | None = None) -> DialogSignIn:
    """Type the password ('pw') in the dialog and sign in; the windows open as in the app."""
    support = rocketchat_support(data_dir or tmp_path / "data", config_dir=tmp_path / "config")
    opened: list[SignedIn] = []

    async def open_desk(signed: SignedIn) -> bool:
        opened.append(signed)
        return await run_server_desk(cast("DeskBackend", signed.backend), where=str(signed.address),
                                     journal_path=journal or tmp_path / "pending.sqlite3", language="en",
                                     autostart=Autostart(tmp_path / "autostart.desktop", ("omnidesk",)))

    session = ServerSession(support, open_desk, address=server_address(loopback.url), username=username)
    run = asyncio.ensure_future(session.run())
    await until(lambda: session.dialog is not None and session.dialog.isVisible(), what="the sign-in")
    dialog = session.dialog
    assert dialog is not None
    dialog.password.setText("pw")
    click(qtbot, dialog.sign_in_button)
    return DialogSignIn(support, run, opened)
