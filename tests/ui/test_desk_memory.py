"""Nothing lost, notices right: drafts kept as they are typed (even through a kill -9), unread
markers and announced inquiries that survive a restart, a web visitor's first words in the queue."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.clock import ManualClock
from app.domain import WAITING_FOR_FIRST_MESSAGE
from app.notifications import AttentionKind
from app.store import Database
from tests.ui.actions import click, click_row
from tests.ui.conftest import open_workspace, until
from ui.lifetime import dispose
from ui.models.queue import QueueModel
from ui.workspace.window import WorkspaceWindow

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "c" * 32

# -- the real app, killed -------------------------------------------------------------------------


def _driver(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           # QSettings go here: the draft must come back from the store, not from them.
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path / "home")}
    return subprocess.Popen([sys.executable, "-m", "tests.ui.desk_driver", *args, "--",
                             "--data-dir", str(tmp_path / "data"), "--as", "bo"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)


def test_a_draft_typed_before_a_kill_9_is_there_after_a_restart(tmp_path: Path) -> None:
    with _driver(tmp_path, "type", "Let me check that order for you") as typing:
        try:
            assert typing.stdout is not None and typing.stderr is not None
            line = typing.stdout.readline()  # once the draft is kept (or the driver gives up)
            assert line.strip() == "saved", line
            typing.send_signal(signal.SIGKILL)
            assert typing.wait(timeout=30) == -signal.SIGKILL
        finally:
            if typing.poll() is None:
                typing.kill()
    with _driver(tmp_path, "show") as showing:
        out, err = showing.communicate(timeout=120)
    assert showing.returncode == 0, err
    drafts = [line.removeprefix("draft: ") for line in out.splitlines() if line.startswith("draft: ")]
    assert [json.loads(d) for d in drafts] == ["Let me check that order for you"]


# -- in the window, over a desk that restarts -------------------------------------------------------


@dataclass
class Restartable:
    """The embedded desk on a database file, which can be stopped and started again as the app
    would be: new Database, new engine, new window (only the file is shared)."""

    path: Path
    clock: ManualClock
    settings_path: Path
    database: Database | None = None
    engine: EmbeddedEngine | None = None
    window: WorkspaceWindow | None = None
    backend: EmbeddedBackend | None = None

    async def start(self, username: str = "bo") -> WorkspaceWindow:
        self.database = Database.open(self.path)
        self.engine = EmbeddedEngine(self.database, self.clock, run_timers=False)
        self.backend = await self.engine.sign_in(username)
        self.window = await open_workspace(self.backend, self.clock, self.settings_path)
        return self.window

    async def stop(self) -> None:
        if self.window is not None:
            # What the window was still saving lands first, as it would before a quit.
            window = self.window
            await until(lambda: window.runner.pending == 0, what="the window's work to end")
            await window.shutdown()
            window.close()
            dispose(window)
            self.window = None
        if self.backend is not None:
            await self.backend.aclose()
            self.backend = None
        if self.engine is not None:
            await self.engine.aclose()
            self.engine = None
        if self.database is not None:
            self.database.close()
            self.database = None

    async def restart(self, username: str = "bo") -> WorkspaceWindow:
        await self.stop()
        return await self.start(username)


@pytest.fixture
async def restartable(database: Database, clock: ManualClock, tmp_path: Path) -> AsyncIterator[Restartable]:
    path = database.path
    database.close()  # the sample is in the file; each start opens it anew
    harness = Restartable(path, clock, tmp_path / "settings.ini")
    yield harness
    await harness.stop()


def _queue_texts(model: QueueModel) -> dict[str, str]:
    return {model.inquiry_at(row).chat_id: model.index(row, QueueModel.MESSAGE).data()
            for row in range(model.rowCount())}


async def test_a_draft_is_kept_as_it_is_typed_and_forgotten_when_sent(
    qtbot: QtBot, restartable: Restartable
) -> None:
    window = await restartable.start()
    chat = window.chats_model.chat_at(0)
    click_row(qtbot, window.chats_panel.list, 0)
    await until(lambda: window.conversation.composer.isEnabled()
                and window.conversation.chat is not None and window.conversation.chat.id == chat.id,
                what="the chat to open")
    qtbot.keyClicks(window.conversation.composer, "Half a reply")
    backend = restartable.backend
    assert backend is not None
    kept: dict[str, str] = {}

    async def read() -> bool:
        kept.clear()
        kept.update(await backend.drafts())
        return kept.get(chat.id) == "Half a reply"

    for _ in range(500):  # no chat switch, no close: a pause in typing is enough
        if await read():
            break
        await asyncio.sleep(0.01)
    assert kept == {chat.id: "Half a reply"}
    other = await restartable.engine.sign_in("ana") if restartable.engine else None
    assert other is not None and await other.drafts() == {}  # a draft is its writer's only
    await other.aclose()
    click(qtbot, window.conversation.send_button)
    await until(lambda: window.conversation.composer.toPlainText() == "", what="the send")
    await until(lambda: window.runner.pending == 0, what="the draft to be forgotten")
    assert await backend.drafts() == {}
    again = await restartable.restart()
    click_row(qtbot, again.chats_panel.list, 0)
    await until(lambda: again.conversation.chat is not None and again.conversation.chat.id == chat.id,
                what="the chat again")
    assert again.conversation.composer.toPlainText() == ""


async def test_unread_markers_survive_a_restart_until_the_chat_is_viewed(
    qtbot: QtBot, restartable: Restartable
) -> None:
    window = await restartable.start()
    chat = window.chats_model.chat_at(0)
    assert restartable.engine is not None
    await restartable.engine.post_visitor_message(chat.id, "Hello?")
    await restartable.engine.post_visitor_message(chat.id, "Anyone there?")
    await until(lambda: "● 2 new" in window.chats_model.index(0, 0).data(), what="two unread")
    again = await restartable.restart()
    assert again.chats_model.chat_at(0).id == chat.id
    assert "● 2 new" in again.chats_model.index(0, 0).data()
    assert "2 waiting for you" in again.attention.text() or "waiting for you" in again.attention.text()
    click_row(qtbot, again.chats_panel.list, 0)
    await until(lambda: "new" not in again.chats_model.index(0, 0).data(), what="read")
    assert restartable.engine is not None
    await restartable.engine.post_visitor_message(chat.id, "Thanks, I see you")  # seen as it comes
    await until(lambda: again.messages_model.rowCount() > 0
                and "Thanks, I see you" in str(again.messages_model.index(
                    again.messages_model.rowCount() - 1, 0).data()), what="the live message")
    third = await restartable.restart()
    assert "new" not in third.chats_model.index(0, 0).data()


async def test_each_new_waiting_chat_is_announced_once_even_across_restarts(
    qtbot: QtBot, restartable: Restartable
) -> None:
    window = await restartable.start()
    waiting = {window.queue_model.inquiry_at(row).chat_id for row in range(window.queue_model.rowCount())}
    assert len(waiting) >= 2

    def announced(of: WorkspaceWindow) -> list[str]:
        return [a.chat_id for a in of.notifier.history
                if a.kind is AttentionKind.NEW_INQUIRY and not a.repeat]

    assert sorted(announced(window)) == sorted(waiting)  # every one, not only the last
    toast = window.notifier.toast
    shown = [entry.chat_id for entry in toast.entries]  # the newest few, the others counted
    assert toast.isVisible() and len(shown) == min(4, len(waiting)) and set(shown) <= waiting
    assert toast.more.text() == (f"and {len(waiting) - 4} more" if len(waiting) > 4 else "")
    again = await restartable.restart()
    assert announced(again) == [] and not again.notifier.toast.isVisible()
    assert restartable.engine is not None
    first = await restartable.engine.open_chat(visitor_id="visitor-000004-0", text="Are you open today?",
                                               department_id="dep-support")
    second = await restartable.engine.open_chat(visitor_id="visitor-000005-0", text="Refund please",
                                                department_id="dep-support")
    await until(lambda: len(announced(again)) == 2, what="the two new ones")
    assert announced(again) == [first.chat_id, second.chat_id]
    entries = again.notifier.toast.entries
    assert [e.chat_id for e in entries[:2]] == [second.chat_id, first.chat_id]  # newest on top
    qtbot.mouseClick(entries[1], Qt.MouseButton.LeftButton)  # the older one opens, the other stays
    await until(lambda: again.conversation.chat is not None and again.conversation.chat.id == first.chat_id,
                what="the clicked chat")
    assert [e.chat_id for e in again.notifier.toast.entries] == [second.chat_id]
    third = await restartable.restart()
    assert announced(third) == []


async def test_a_web_visitors_chat_waits_for_their_first_words_then_shows_them(
    qtbot: QtBot, restartable: Restartable
) -> None:
    window = await restartable.start()
    engine = restartable.engine
    assert engine is not None
    await engine.visitors.register(TOKEN, name="Lena Park", email="lena@example.com")
    room = await engine.visitors.start_room(TOKEN, department_id="dep-support")
    await until(lambda: room.id in _queue_texts(window.queue_model), what="the web chat in the queue")
    assert _queue_texts(window.queue_model)[room.id] == WAITING_FOR_FIRST_MESSAGE
    toast = window.notifier.toast
    await until(lambda: any(e.chat_id == room.id for e in toast.entries), what="the toast")
    entry = next(e for e in toast.entries if e.chat_id == room.id)
    assert entry.body.text() == f"Web chat · {WAITING_FOR_FIRST_MESSAGE}"
    await engine.visitors.send(TOKEN, room.id, "My parcel never arrived")
    await until(lambda: _queue_texts(window.queue_model)[room.id] == "My parcel never arrived",
                what="the first words in the queue")
    await engine.visitors.send(TOKEN, room.id, "Order 1234")
    again = await restartable.restart()
    assert _queue_texts(again.queue_model)[room.id] == "My parcel never arrived"  # kept in the store
