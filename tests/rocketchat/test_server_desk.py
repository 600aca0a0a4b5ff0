"""`omnidesk --server` end to end: the sign-in dialog over the real Rocket.Chat backend, then the
agent's desk over the server's cache (the loopback Rocket.Chat server)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

import keyring
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.autostart import Autostart
from app.backends.rocketchat.support import rocketchat_support
from app.backends.server_address import server_address
from tests.rocketchat.loopback import LoopbackRocketChat
from tests.rocketchat.loopback.fakes import MemoryKeyring
from tests.rocketchat.loopback.omnichannel import Omnichannel
from tests.ui.actions import click
from tests.ui.conftest import _settings_in_a_temporary_place, until
from ui.desk import run_server_desk
from ui.server.session import ServerSession
from ui.server.sign_in_dialog import SignedIn
from ui.workspace.window import WorkspaceWindow

if TYPE_CHECKING:
    from ui.desk import DeskBackend

# The UI tests' own care, for this one test of windows outside tests/ui: settings under tmp_path,
# never the user's.
__all__ = ["_settings_in_a_temporary_place"]


@pytest.fixture
def system_keyring(memory_keyring: MemoryKeyring) -> Iterator[MemoryKeyring]:
    """The keyring the app finds on this computer: an in-memory one, for the test only."""
    before = keyring.get_keyring()
    keyring.set_keyring(memory_keyring)
    yield memory_keyring
    keyring.set_keyring(before)


def desks_open() -> list[WorkspaceWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, WorkspaceWindow) and w.isVisible()]


async def test_signing_in_to_a_server_opens_the_agents_desk_over_its_cache(
        qtbot: QtBot, loopback: LoopbackRocketChat, omnichannel: Omnichannel, system_keyring: MemoryKeyring,
        tmp_path: Path) -> None:
    support_department = omnichannel.add_department("Support")
    omnichannel.add_agent("bo", departments=(support_department,), name="Bo Agent")
    omnichannel.visitor_opens_chat("My parcel never came.", department_id=support_department)
    support = rocketchat_support(tmp_path / "data", config_dir=tmp_path / "config")
    opened: list[SignedIn] = []

    async def open_desk(signed: SignedIn) -> bool:
        opened.append(signed)
        return await run_server_desk(cast("DeskBackend", signed.backend), where=str(signed.address),
                                     journal_path=tmp_path / "pending.sqlite3", language="en",
                                     autostart=Autostart(tmp_path / "autostart.desktop", ("omnidesk",)))

    session = ServerSession(support, open_desk, address=server_address(loopback.url), username="bo")
    run = asyncio.ensure_future(session.run())
    await until(lambda: session.dialog is not None and session.dialog.isVisible(), what="the sign-in")
    dialog = session.dialog
    assert dialog is not None
    dialog.password.setText("pw")
    click(qtbot, dialog.sign_in_button)
    await until(lambda: bool(desks_open()), timeout=20, what="the desk over the server")
    [desk] = desks_open()
    await until(lambda: desk.queue_model.rowCount() == 1, timeout=20, what="the server's queue on the desk")
    assert [s.username for s in await support.saved.servers()] == ["bo"]
    assert any("bo" in key for key in map(str, system_keyring.secrets))  # the sign-in kept in the keyring

    desk.close()  # the last window: the app ends
    assert await asyncio.wait_for(run, 20) == 0
    assert len(opened) == 1
