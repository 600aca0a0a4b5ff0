"""`omnidesk --server`: the sign-in dialog, the desk over the signed-in backend, and the dialog
again after signing out (a scripted server; the desk handed in as the composition root would)."""

from __future__ import annotations

import asyncio
import itertools

from pytestqt.qtbot import QtBot

from app.backends.server import SavedServer, ServerSupport
from app.backends.server_address import ServerAddress
from app.clock import ManualClock
from tests.contract.org import NORTHWIND, Org
from tests.fakes import FakeDesk, FakeServers, MemorySavedServers
from tests.ui.actions import click
from tests.ui.conftest import until
from ui.server.session import ServerSession
from ui.server.sign_in_dialog import SignedIn

CHAT = "https://chat.example.com"


async def test_signing_in_opens_the_desk_and_signing_out_asks_again(qtbot: QtBot, clock: ManualClock) -> None:
    numbers = itertools.count(1)
    servers = FakeServers(FakeDesk(Org.assign(NORTHWIND, lambda kind: f"ss-{kind}{next(numbers)}"), clock))
    servers.add(CHAT, passwords={"ana": "pw"})
    desks: list[SignedIn] = []

    async def open_desk(signed: SignedIn) -> bool:
        desks.append(signed)
        await signed.backend.aclose()
        return len(desks) == 1  # the first time the person signs out; then quits

    session = ServerSession(ServerSupport(servers.connect, MemorySavedServers()), open_desk,
                            address=ServerAddress(CHAT), username="ana")
    run = asyncio.ensure_future(session.run())
    for attempt in range(2):
        await until(lambda: session.dialog is not None and session.dialog.isVisible(), what="the dialog")
        dialog = session.dialog
        assert dialog is not None
        assert dialog.address.text() == CHAT and dialog.username.text() == "ana"
        dialog.password.setText("pw")
        click(qtbot, dialog.sign_in_button)
        opened = attempt + 1
        await until(lambda: len(desks) == opened, what="the desk opened")  # noqa: B023
    assert await run == 0
    assert [d.username for d in desks] == ["ana", "ana"]


async def test_closing_the_dialog_ends_the_run(qtbot: QtBot, clock: ManualClock) -> None:
    servers = FakeServers(FakeDesk(Org.assign(NORTHWIND, lambda kind: f"sc-{kind}"), clock))

    async def open_desk(signed: SignedIn) -> bool:
        raise AssertionError("nobody signed in")

    session = ServerSession(ServerSupport(servers.connect, MemorySavedServers()), open_desk, address=None)
    run = asyncio.ensure_future(session.run())
    await until(lambda: session.dialog is not None and session.dialog.isVisible(), what="the dialog")
    assert session.dialog is not None
    click(qtbot, session.dialog.cancel_button)
    assert await run == 0


async def test_a_kept_sign_in_named_at_start_opens_the_desk_without_the_dialog(
        qtbot: QtBot, clock: ManualClock) -> None:
    servers = FakeServers(FakeDesk(Org.assign(NORTHWIND, lambda kind: f"sk-{kind}"), clock))
    servers.add(CHAT, passwords={"ana": "pw"}, kept={"ana"})
    saved = MemorySavedServers()
    saved.saved = [SavedServer(ServerAddress(CHAT), "ana", remembered=True)]
    desks: list[SignedIn] = []
    dialogs: list[object] = []

    async def open_desk(signed: SignedIn) -> bool:
        desks.append(signed)
        dialogs.append(session.dialog)
        await signed.backend.aclose()
        return False

    session = ServerSession(ServerSupport(servers.connect, saved), open_desk,
                            address=ServerAddress(CHAT), username="ana")
    assert await asyncio.wait_for(session.run(), 10) == 0
    assert [d.username for d in desks] == ["ana"] and dialogs == [None]


async def test_without_a_kept_sign_in_the_dialog_asks(qtbot: QtBot, clock: ManualClock) -> None:
    servers = FakeServers(FakeDesk(Org.assign(NORTHWIND, lambda kind: f"sn-{kind}"), clock))
    servers.add(CHAT, passwords={"ana": "pw"})
    saved = MemorySavedServers()
    saved.saved = [SavedServer(ServerAddress(CHAT), "ana", remembered=False)]

    async def open_desk(signed: SignedIn) -> bool:
        raise AssertionError("nobody signed in")

    session = ServerSession(ServerSupport(servers.connect, saved), open_desk,
                            address=ServerAddress(CHAT), username="ana")
    run = asyncio.ensure_future(session.run())
    await until(lambda: session.dialog is not None and session.dialog.isVisible(), what="the dialog")
    assert session.dialog is not None
    click(qtbot, session.dialog.cancel_button)
    assert await run == 0
