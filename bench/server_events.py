"""Event benchmark over a Rocket.Chat server: a burst of visitor messages that the server pushes
over DDP, each timed until the desk's Qt models show it (p50, p99), beside the same messages
kept by the sync straight from memory (the store and the window's share, without the link).

The loopback Rocket.Chat server runs in a process of its own, as a server runs elsewhere: an agent
serving CHATS chats. The desk (the real WorkspaceWindow, offscreen) signs in to it with an empty
cache through RocketChatBackend, syncs and opens one of the chats. Then the server pushes BURST
visitor messages spread over those chats, all at once (stream-room-messages, one frame each, as
Rocket.Chat pushes a message); the server notes the instant it pushed each (perf_counter: one
clock for every process of this machine). A message is visible when the open chat's message model has
its row, or, for another chat, when 'My chats' shows it, or a later one of that chat, as the
chat's last message. The event loop's lag (a 5 ms Qt timer) is measured meanwhile.

The baseline, in the same run and window: the same number of messages, made in this process and
handed to the sync's `keep_messages` at once, each chat's in one batch (the store's write, the
events, the pump and the models: everything but the socket, the frames and the payloads' reading).

    .venv/bin/python bench/server_events.py [--burst 2000] [--chats 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tests.rocketchat.file_keyring import FileKeyring

AGENT, PASSWORD = "bo", "bo-password"


# -- the server's process -------------------------------------------------------------------------

async def _serve(chats: int) -> None:
    """The loopback server: prints its URL and rooms, then pushes a burst for each `burst N` line
    read on stdin (and says `pushed`), until `quit`."""
    from tests.rocketchat.loopback import LoopbackRocketChat  # noqa: PLC0415
    from tests.rocketchat.loopback.omnichannel import Omnichannel  # noqa: PLC0415

    server = LoopbackRocketChat()
    # Rocket.Chat's limiters play no part in a burst of pushes: off, so the sign-in is quick.
    server.state.limiter = server.state.method_limiter = server.state.subscription_limiter = None
    await server.start()
    omnichannel = Omnichannel(server, check_payloads=False)
    department = omnichannel.add_department("Support")
    agent = omnichannel.add_agent(AGENT, PASSWORD, departments=(department,), name="Bo Agent")
    rooms = omnichannel.seed_served_rooms(agent, rooms=chats, messages_per_room=4, department_id=department)
    print(json.dumps({"url": server.url, "rooms": rooms}), flush=True)
    loop = asyncio.get_running_loop()
    while (line := (await loop.run_in_executor(None, sys.stdin.readline)).split()) and line[0] == "burst":
        pushed = []
        for number in range(int(line[1])):
            pushed.append(time.perf_counter())
            omnichannel.visitor_writes(rooms[number % len(rooms)], f"burst {number}")
        for session in server.sessions:
            await session.flushed()
        print(json.dumps(pushed), flush=True)
    await server.stop()


# -- the desk's process ---------------------------------------------------------------------------

@dataclass
class _Visibility:
    """When each message of a burst first shows in the window's models (perf_counter seconds)."""

    rooms: list[str]
    shown: dict[int, float] = field(default_factory=dict)

    def note(self, text: str, *, with_earlier: bool = False) -> None:
        parts = text.split()
        if len(parts) != 2 or parts[0] != "burst":
            return
        now = time.perf_counter()
        number = int(parts[1])
        if with_earlier:  # a chat's row shows its last message: those before it are behind it
            step = len(self.rooms)
            for earlier in range(number % step, number, step):
                self.shown.setdefault(earlier, now)
        self.shown.setdefault(number, now)

    def latencies_ms(self, pushed: list[float]) -> list[float]:
        return sorted((self.shown[n] - pushed[n]) * 1000 for n in self.shown)


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


async def _until(condition, limit_s: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + limit_s
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out")
        await asyncio.sleep(0.005)


async def _desk(burst: int, chats: int, runs: int) -> None:
    from PySide6.QtCore import QModelIndex, QSettings  # noqa: PLC0415

    from app.backends.rocketchat.credentials import TokenVault  # noqa: PLC0415
    from app.backends.rocketchat.servers import SavedServers  # noqa: PLC0415
    from app.backends.rocketchat.sign_in import RocketChatSignIn  # noqa: PLC0415
    from app.clock import SystemClock  # noqa: PLC0415
    from app.domain import AuthorKind, Message  # noqa: PLC0415
    from ui.bridge.lag import LagProbe  # noqa: PLC0415
    from ui.workspace.window import WorkspaceWindow  # noqa: PLC0415

    server = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--serve", "--chats", str(chats),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    assert server.stdin is not None and server.stdout is not None
    hello = json.loads(await server.stdout.readline())
    rooms: list[str] = hello["rooms"]
    data_dir = Path(tempfile.mkdtemp(prefix="omnidesk-events-"))
    sign_in = RocketChatSignIn(hello["url"], data_dir, TokenVault(FileKeyring(data_dir / "keyring.json")),
                               SavedServers(data_dir / "servers.json"))
    backend = await sign_in.sign_in(AGENT, password=PASSWORD)
    await backend.synced()
    names = {d.id: d.name for d in await backend.departments()}
    settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = WorkspaceWindow(backend, await backend.me(), SystemClock(), names, settings)
    window.show()
    window.start()
    await _until(lambda: window.is_ready and window.chats_model.rowCount() == chats)
    opened = rooms[0]
    window.open_chat(opened)
    await _until(lambda: window.messages_model.chat_id == opened and window.messages_model.rowCount() > 0)

    model, listed = window.messages_model, window.chats_model

    def watch() -> tuple[_Visibility, Callable[[], None]]:
        """What the models show from now on, and how to stop watching."""
        seen = _Visibility(rooms)

        def inserted(_parent: object, first: int, last: int) -> None:
            for row in range(first, last + 1):
                seen.note(model.message_at(row).text)

        def changed(top: QModelIndex, bottom: QModelIndex, _roles: object = None) -> None:
            for row in range(top.row(), bottom.row() + 1):
                seen.note(listed.chat_at(row).last_message, with_earlier=True)

        model.rowsInserted.connect(inserted)
        listed.dataChanged.connect(changed)

        def stop() -> None:
            model.rowsInserted.disconnect(inserted)
            listed.dataChanged.disconnect(changed)

        return seen, stop

    def lag_line(probe: LagProbe) -> str:
        return f"event-loop lag p50 {probe.percentile(0.5):5.1f} ms, p99 {probe.percentile(0.99):6.1f} ms"

    idle = LagProbe(5)
    idle.start()
    await asyncio.sleep(1.0)
    idle.stop()

    sync = backend._sync  # the sync's own entry for what it received: everything but the link
    assert sync is not None

    async def over_the_link() -> tuple[list[float], LagProbe]:
        assert server.stdin is not None and server.stdout is not None
        seen, stop_watching = watch()
        probe = LagProbe(5)
        probe.start()
        server.stdin.write(f"burst {burst}\n".encode())
        await server.stdin.drain()
        await _until(lambda: len(seen.shown) >= burst)
        probe.stop()
        stop_watching()
        return seen.latencies_ms(json.loads(await server.stdout.readline())), probe

    async def from_memory(run: int) -> tuple[list[float], LagProbe]:
        seen, stop_watching = watch()
        probe = LagProbe(5)
        probe.start()
        now = datetime.now(UTC)
        made = [Message(id=f"direct-{run}-{n}", chat_id=rooms[n % len(rooms)], author_kind=AuthorKind.VISITOR,
                        author_id=f"visitor-{n % len(rooms)}", author_name="Visitor", text=f"burst {n}",
                        sent_at=now) for n in range(burst)]
        made_at = [time.perf_counter()] * burst
        # Each chat's messages in one batch, as a stream's pump hands over all that waits: the best case.
        await asyncio.gather(*(sync.keep_messages([m for m in made if m.chat_id == rid]) for rid in rooms))
        await _until(lambda: len(seen.shown) >= burst)
        probe.stop()
        stop_watching()
        return seen.latencies_ms(made_at), probe

    print(f"{burst:,} visitor messages at once over {chats} chats (one open), {runs} runs of each; "
          f"idle window: {lag_line(idle)}")
    p99s: dict[str, list[float]] = {"link": [], "memory": []}
    for run in range(runs):
        load = os.getloadavg()[0]
        measured = (("link", "pushed by the server over DDP", await over_the_link()),
                    ("memory", "kept by the sync from memory", await from_memory(run)))
        for key, name, (figures, lags) in measured:
            p99s[key].append(_percentile(figures, 0.99))
            print(f"run {run + 1}, {name:<30}: visible p50 {_percentile(figures, 0.5):6.0f} ms   "
                  f"p99 {_percentile(figures, 0.99):6.0f} ms   max {figures[-1]:6.0f} ms   "
                  f"({len(figures):,} seen; {lag_line(lags)}; load {load:.1f})")
            await asyncio.sleep(0.5)
    link, memory = statistics.median(p99s["link"]), statistics.median(p99s["memory"])
    print(f"median p99: over the link {link:.0f} ms, from memory {memory:.0f} ms: {link / memory:.2f}x "
          "the same messages without the link")
    server.stdin.write(b"quit\n")
    await server.stdin.drain()
    await server.wait()
    await window.shutdown()
    await backend.aclose()


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # As ui/launch.py: QtMultimedia's list of codecs it could not load is noise here.
    os.environ.setdefault("QT_LOGGING_RULES",
                          "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg=false")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=2_000)
    parser.add_argument("--chats", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve:
        asyncio.run(_serve(options.chats))
        return
    import qasync  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from app.gil import share_finely  # noqa: PLC0415

    share_finely()  # as the app does (ui/launch.py)
    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)
    qasync.run(_desk(options.burst, options.chats, options.runs))


if __name__ == "__main__":
    main()
