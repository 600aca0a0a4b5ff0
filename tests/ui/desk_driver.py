"""Runs the real app (`ui.launch.main`, offscreen) and acts in it as a user would, for tests that
kill the process: `python -m tests.ui.desk_driver type TEXT -- ARGS...` opens the first of My
chats, types TEXT in the composer and prints `saved` once the backend keeps it, then leaves the
app running; `show -- ARGS...` opens the same chat, prints `draft: ` and what the composer holds
(as JSON), and quits. ARGS go to omnidesk (--data-dir, --as)."""

from __future__ import annotations

import asyncio
import json
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.backends.contract import DeskMemory
from ui import launch
from ui.workspace.window import WorkspaceWindow

_TIMEOUT_S = 60.0


async def _until(condition: object, what: str) -> None:
    assert callable(condition)
    deadline = asyncio.get_running_loop().time() + _TIMEOUT_S
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            print(f"timed out waiting for {what}", flush=True)
            raise SystemExit(3)
        await asyncio.sleep(0.02)


def _window() -> WorkspaceWindow | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, WorkspaceWindow) and w.is_ready and w.isVisible()), None)


async def _open_first_chat() -> WorkspaceWindow:
    await _until(lambda: _window() is not None, "the workspace")
    window = _window()
    assert window is not None
    await _until(lambda: window.chats_model.rowCount() > 0, "my chats")
    view = window.chats_panel.list
    index = view.model().index(0, 0)
    view.scrollTo(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    chat_id = window.chats_model.chat_at(0).id
    await _until(lambda: window.conversation.chat is not None and window.conversation.chat.id == chat_id
                 and window.messages_model.rowCount() > 0, "the chat to open")
    return window


async def _type(text: str) -> None:
    window = await _open_first_chat()
    memory = window.backend
    assert isinstance(memory, DeskMemory)
    composer = window.conversation.composer
    composer.setFocus()
    QTest.keyClicks(composer, text)
    kept: list[dict[str, str]] = [{}]

    async def read() -> None:
        while True:
            kept[0] = await memory.drafts()
            await asyncio.sleep(0.05)

    reading = asyncio.ensure_future(read())
    chat = window.conversation.chat
    assert chat is not None
    await _until(lambda: kept[0].get(chat.id) == text, "the draft to be kept")
    reading.cancel()
    print("saved", flush=True)


async def _show() -> None:
    window = await _open_first_chat()
    print("draft: " + json.dumps(window.conversation.composer.toPlainText()), flush=True)
    window.close()


def main(argv: list[str]) -> int:
    split = argv.index("--")
    action, omnidesk_args = argv[:split], argv[split + 1:]
    app = QApplication.instance() or QApplication([sys.argv[0]])
    tasks: list[asyncio.Future[None]] = []

    def start() -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # Qt ran the timer while painting the desk's first frame: not yet
            QTimer.singleShot(10, start)
            return
        tasks.append(asyncio.ensure_future(_type(action[1]) if action[0] == "type" else _show()))

    # Runs once the app's own loop does (ui.launch starts it, reusing this QApplication).
    QTimer.singleShot(0, start)
    assert app is not None
    return launch.main(omnidesk_args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
