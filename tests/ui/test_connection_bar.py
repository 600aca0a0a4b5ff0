"""The line at the top of every window while the link is down: what it says, the countdown to the
next attempt, Retry now, and that it comes and goes without moving the layout more than once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.backends.events import ConnectionChanged, ConnectionState
from app.clock import ManualClock
from tests.ui.actions import click
from tests.ui.admin_fakes import FakeAdministration, FakeConfigSync, northwind_records
from tests.ui.conftest import FakeDeskWindows, until
from ui.admin.window import AdminWindow
from ui.bridge.tasks import TaskRunner
from ui.connection_bar import ConnectionBar
from ui.lifetime import dispose

OFFLINE = ConnectionChanged(ConnectionState.OFFLINE, "The server is restarting.")
CONNECTING = ConnectionChanged(ConnectionState.CONNECTING)
ONLINE = ConnectionChanged(ConnectionState.ONLINE)
NOTE = "Messages you send will go when the connection is back."


class Reconnecting:
    """A backend's Retry now (app.backends.contract.Reconnectable), counting the requests."""

    def __init__(self) -> None:
        self.retries = 0

    async def reconnect_now(self) -> None:
        self.retries += 1
        await asyncio.sleep(0)


class Bar:
    def __init__(self, clock: ManualClock, *, grace_ms: int = 0, reconnect: bool = True) -> None:
        self.host = QWidget()
        self.runner = TaskRunner(self.host)
        self.backend = Reconnecting() if reconnect else object()
        self.widget = ConnectionBar(clock, self.runner, NOTE, connecting_grace_ms=grace_ms,
                                    backend=self.backend, parent=self.host)
        self.host.resize(1000, 60)
        self.host.show()

    @property
    def retries(self) -> int:
        return self.backend.retries if isinstance(self.backend, Reconnecting) else 0


@pytest.fixture
async def bars() -> AsyncIterator[list[Bar]]:
    made: list[Bar] = []
    yield made
    for bar in made:
        await bar.runner.cancel_all()
        dispose(bar.host)


async def test_offline_says_what_is_shown_and_why_then_goes_on_connected(
    clock: ManualClock, bars: list[Bar]
) -> None:
    bars.append(Bar(clock, reconnect=False))
    bar = bars[0].widget
    assert not bar.isVisible() and bar.text == ""
    bar.show_link(OFFLINE)
    assert bar.text == ("Offline — showing what was saved on this computer. Messages you send will go "
                        "when the connection is back. The server is restarting.")
    assert not bar.retry_button.isVisible()  # the backend offers no way to try now
    bar.show_link(CONNECTING)
    assert bar.text == "Connecting…"  # at once: the bar was already there
    bar.show_link(ONLINE)
    assert not bar.isVisible() and bar.text == ""


async def test_the_next_attempt_counts_down_and_retry_now_asks_the_backend(
    clock: ManualClock, bars: list[Bar], qtbot: QtBot
) -> None:
    bars.append(Bar(clock))
    bar = bars[0].widget
    bar.show_link(ConnectionChanged(ConnectionState.OFFLINE, "", clock.now() + timedelta(seconds=12)))
    assert bar.text.startswith("Reconnecting in 12 s — showing what was saved on this computer.")
    assert bar.retry_button.isVisible() and bar.retry_button.text() == "Retry now"
    clock.advance(timedelta(seconds=5))
    await until(lambda: bar.text.startswith("Reconnecting in 7 s"), what="the countdown")
    click(qtbot, bar.retry_button)
    await until(lambda: bars[0].retries == 1, what="the backend asked to try now")
    assert not bar.retry_button.isEnabled()  # until the backend tells how it went
    clock.advance(timedelta(seconds=7))
    await until(lambda: bar.text.startswith("Reconnecting — showing what was saved"), what="the attempt due")
    assert not bar.retry_button.isVisible()
    bar.show_link(ConnectionChanged(ConnectionState.OFFLINE, "", clock.now() + timedelta(seconds=30)))
    assert bar.text.startswith("Reconnecting in 30 s") and bar.retry_button.isEnabled()


async def test_a_short_connecting_never_shows_and_a_long_one_does(
    clock: ManualClock, bars: list[Bar]
) -> None:
    bars.append(Bar(clock, grace_ms=100))
    bar = bars[0].widget
    bar.show_link(CONNECTING)
    assert not bar.isVisible()
    bar.show_link(ONLINE)  # within the grace: nothing moved
    for _ in range(3):
        await asyncio.sleep(0.05)
    assert not bar.isVisible()
    bar.show_link(CONNECTING)
    await until(lambda: bar.text == "Connecting…", what="a connecting that lasts")
    bar.show_link(OFFLINE)
    assert bar.text.startswith("Offline")


async def test_the_bar_is_one_line_in_every_state(clock: ManualClock, bars: list[Bar]) -> None:
    bars.append(Bar(clock))
    bar = bars[0].widget
    heights = set()
    for event in (OFFLINE, CONNECTING,
                  ConnectionChanged(ConnectionState.OFFLINE, "A very long reason. " * 20,
                                    clock.now() + timedelta(seconds=9))):
        bar.show_link(event)
        await asyncio.sleep(0)
        heights.add(bar.sizeHint().height())
    assert len(heights) == 1
    assert bar.toolTip().endswith("A very long reason.")  # the whole text, cut on the line


# -- in each kind of window (the monitor dashboard's: tests/ui/test_monitor.py) ---------------

async def test_the_agent_desk_shows_it_and_retry_now_brings_the_link_back(
    qtbot: QtBot, fake: FakeDeskWindows
) -> None:
    window = await fake.open("ana")
    fake.desk.go_offline("The server is restarting.", fake.clock.now() + timedelta(seconds=20))
    await until(lambda: window.connection_bar.text.startswith("Reconnecting in 20 s"), what="the bar")
    assert NOTE in window.connection_bar.text
    fake.desk.answers_retry = True
    click(qtbot, window.connection_bar.retry_button)
    await until(lambda: window.connection_bar.text == "", what="the bar gone once connected")
    assert fake.desk.retries == 1 and window.connection.text() == ""


async def test_administration_shows_it(qtbot: QtBot, fake: FakeDeskWindows, tmp_path: Path) -> None:
    link = await fake.sign_in("sam")  # the link's events, from a session of the scripted server
    administration = FakeAdministration(northwind_records(), fake.clock, names={})
    sync = FakeConfigSync(administration, user_id="u-sam", clock=fake.clock)
    window = AdminWindow(sync, administration, await link.me(), fake.clock,
                         QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), events=link.events)
    try:
        window.show()
        window.start()
        await until(lambda: window.is_ready, what="the configuration")
        fake.desk.go_offline("The server is restarting.")
        await until(lambda: window.connection_bar.text.startswith("Offline"), what="the bar")
        assert ("Changes you save wait, and are published when the connection is back."
                in window.connection_bar.text)
        fake.desk.reconnect()
        await until(lambda: window.connection_bar.text == "", what="the bar gone")
    finally:
        await window.shutdown()
        dispose(window)
