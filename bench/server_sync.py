"""Initial sync benchmark: 10,000 rooms and 100,000 messages from a Rocket.Chat server into an empty
cache, in rows per second and peak RSS.

The loopback Rocket.Chat server (tests/rocketchat/loopback) runs in this process and holds ROOMS
open rooms served by one agent, with MESSAGES spread evenly over them (`seed_served_rooms`: shaped
as the tests check them against Rocket.Chat's typings; the check itself is off here, or this would
measure jsonschema). An agent's rooms are their open chats (Rocket.Chat removes a room's
subscriptions when it closes), so this is a stress test: a desk serving 10,000 chats at once.
The agent signs in from a fresh process into an empty cache, as `omnidesk --server` does
(RocketChatSignIn), and the time to its first complete catch-up (`synced`) is measured, with the
peak RSS of that process.

Baselines measured in the same run, each in a fresh process too:
- fetch only: the same calls (sign-in, rooms/get, subscriptions/get, and for each room its
  stream-room-messages subscription and loadHistory, as many at once as the sync makes them),
  each payload read by payloads/ into domain values, nothing kept: the link and the reading;
- raw insert: rows of the same shape (contacts, visitors, chats, messages and their search index)
  written into an empty store with executemany, in one transaction: SQLite alone.

The loopback applies Rocket.Chat's REST limiter (10 calls a minute per route); Meteor's DDP rate
limiter is turned off, as Rocket.Chat's own load tests turn it off: with its defaults (10 calls of
a method per 10 s per connection, 40 stream subscriptions per 40 s) no client can read 10,000
rooms' histories in less than hours (see docs/performance.md).

    .venv/bin/python bench/server_sync.py [--rooms 10000] [--messages 100000] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.rocketchat.file_keyring import FileKeyring

ROOT = Path(__file__).resolve().parents[1]
AGENT, PASSWORD = "bo", "bo-password"


@dataclass(frozen=True)
class _Figure:
    seconds: float
    rooms: int
    messages: int
    rss_mb: float
    cpu_s: float
    load: float

    @property
    def rows_per_s(self) -> float:
        return (self.rooms + self.messages) / self.seconds


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux carries it over an
    exec, so a child of the process holding the loopback server's 100,000 messages would report
    that process's size."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report(seconds: float, rooms: int, messages: int, cpu_before: float) -> None:
    print(json.dumps({"seconds": seconds, "rooms": rooms, "messages": messages, "rss_mb": _peak_rss_mb(),
                      "cpu_s": _cpu_s() - cpu_before, "load": os.getloadavg()[0]}), flush=True)


def _cpu_s() -> float:
    """CPU seconds of this process so far, all its threads: on a shared machine, steadier than the
    wall time."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- the client processes ------------------------------------------------------------------------

async def _sync(url: str, data_dir: Path) -> None:
    """Sign in as the agent into an empty cache and wait for the first complete catch-up."""
    from app.backends.rocketchat.credentials import TokenVault  # noqa: PLC0415
    from app.backends.rocketchat.servers import SavedServers  # noqa: PLC0415
    from app.backends.rocketchat.sign_in import RocketChatSignIn  # noqa: PLC0415

    sign_in = RocketChatSignIn(url, data_dir, TokenVault(FileKeyring(data_dir / "keyring.json")),
                               SavedServers(data_dir / "servers.json"))
    started, cpu = time.perf_counter(), _cpu_s()
    backend = await sign_in.sign_in(AGENT, password=PASSWORD)
    await backend.synced()
    seconds = time.perf_counter() - started
    rooms, messages = await backend._db.read(lambda c: c.execute(
        "SELECT (SELECT count(*) FROM chats), (SELECT count(*) FROM messages)").fetchone())
    await backend.aclose()
    _report(seconds, rooms, messages, cpu)


async def _fetch_only(url: str, data_dir: Path) -> None:
    """The calls the sign-in and the first sync make for the rooms and their messages, read into
    domain values and dropped."""
    from app.backends.rocketchat import sync  # noqa: PLC0415
    from app.backends.rocketchat.credentials import TokenVault  # noqa: PLC0415
    from app.backends.rocketchat.payloads import is_shown, read_chat, read_message  # noqa: PLC0415
    from app.backends.rocketchat.session import Session  # noqa: PLC0415

    session = Session(url, vault=TokenVault(FileKeyring(data_dir / "keyring.json")))
    started, cpu = time.perf_counter(), _cpu_s()
    await session.sign_in(AGENT, PASSWORD)
    ddp = session.ddp
    assert ddp is not None
    listed = (await ddp.call("rooms/get", {"$date": 0}))["update"]
    rooms = [read_chat(room, endpoint="ddp:rooms/get") for room in listed]
    await ddp.call("subscriptions/get")
    lanes = asyncio.Semaphore(sync.FOLLOWING_AT_ONCE)

    async def one(chat_id: str) -> int:
        async with lanes:
            await ddp.subscribe(sync.MESSAGES_STREAM, chat_id, {"useCollection": False, "args": []})
            await ddp.subscribe(sync.ROOM_STREAM, f"{chat_id}/{sync.DELETED}", {"useCollection": False,
                                                                                 "args": []})
            answer = await ddp.call("loadHistory", chat_id, None, sync.HISTORY_PAGE, None)
            endpoint = "ddp:loadHistory"
            return len([read_message(m, endpoint=endpoint) for m in answer["messages"]
                        if is_shown(m, endpoint=endpoint)])

    messages = sum(await asyncio.gather(*(one(room.id) for room in rooms)))
    seconds = time.perf_counter() - started
    await session.close()
    _report(seconds, len(rooms), messages, cpu)


def _raw_insert(rooms: int, messages: int, data_dir: Path) -> None:
    """Rows shaped as the sync keeps them, inserted with executemany in one transaction."""
    from app.store import Database  # noqa: PLC0415

    database = Database.open(data_dir / "raw.sqlite3")
    per_room = messages // rooms
    now = int(time.time() * 1000)

    def insert(connection: Any) -> None:
        connection.execute("INSERT INTO users (id, username, name, is_agent) VALUES ('u-bo', 'bo', 'Bo', 1)")
        connection.execute("INSERT INTO departments (id, name) VALUES ('d', 'Support')")
        connection.executemany(
            "INSERT INTO contacts (id, name, created_at, sort_name) VALUES (?, ?, ?, ?)",
            ((f"contact{n}", f"Visitor {n}", now, f"visitor {n}") for n in range(rooms)))
        connection.executemany(
            "INSERT INTO visitors (id, contact_id, name, channel, address, created_at) "
            "VALUES (?, ?, ?, 'widget', '', ?)",
            ((f"visitor{n}", f"contact{n}", f"Visitor {n}", now) for n in range(rooms)))
        connection.executemany(
            "INSERT INTO chats (id, visitor_id, contact_id, department_id, status, served_by, created_at, "
            "last_message_at, priority, message_count, last_message) "
            "VALUES (?, ?, ?, 'd', 'open', 'u-bo', ?, ?, 99, ?, ?)",
            ((f"room{n}", f"visitor{n}", f"contact{n}", now, now + per_room, per_room,
              f"message {per_room - 1} of room {n}") for n in range(rooms)))
        connection.executemany(
            "INSERT INTO messages (uid, chat_id, author_kind, author_id, author_name, text, sent_at, kind) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'text')",
            ((f"m{n}-{line}", f"room{n}", "visitor" if line % 2 == 0 else "agent",
              f"visitor{n}" if line % 2 == 0 else "u-bo", f"Visitor {n}" if line % 2 == 0 else "Bo",
              f"message {line} of room {n}", now + line)
             for n in range(rooms) for line in range(per_room)))

    started, cpu = time.perf_counter(), _cpu_s()
    database.write_now(insert)
    seconds = time.perf_counter() - started
    database.close()
    _report(seconds, rooms, per_room * rooms, cpu)


def _client(options: argparse.Namespace) -> None:
    from app.gil import share_finely  # noqa: PLC0415

    share_finely()  # as the app does (ui/launch.py): the store's threads and the loop take turns often
    data_dir = Path(options.data)
    if options.client == "sync":
        asyncio.run(_sync(options.url, data_dir))
    elif options.client == "fetch":
        asyncio.run(_fetch_only(options.url, data_dir))
    else:
        _raw_insert(options.rooms, options.messages, data_dir)


# -- the server, and the runs ---------------------------------------------------------------------

def _child_environment() -> dict[str, str]:
    # As an installed app runs: with its modules' bytecode cached.
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


async def _in_child(mode: str, url: str, options: argparse.Namespace) -> _Figure:
    data_dir = Path(tempfile.mkdtemp(prefix=f"omnidesk-sync-{mode}-"))
    process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--client", mode, "--url", url, "--data", str(data_dir),
        "--rooms", str(options.rooms), "--messages", str(options.messages),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=_child_environment())
    out, err = await process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"the {mode} run failed ({process.returncode}):\n{err.decode()}")
    said = json.loads(out.decode().strip().splitlines()[-1])
    return _Figure(said["seconds"], said["rooms"], said["messages"], said["rss_mb"], said["cpu_s"],
                   said["load"])


async def _serve_and_measure(options: argparse.Namespace) -> None:
    from tests.rocketchat.loopback import LoopbackRocketChat  # noqa: PLC0415
    from tests.rocketchat.loopback.omnichannel import Omnichannel  # noqa: PLC0415
    from tests.rocketchat.loopback.state import RateLimiter  # noqa: PLC0415

    server = LoopbackRocketChat()
    # Meteor's DDP rate limiter off, as Rocket.Chat's own load tests run (with its defaults a first
    # sync of 10,000 open rooms takes hours whatever the client: see the docstring).
    server.state.method_limiter = None
    server.state.subscription_limiter = None
    await server.start()
    omnichannel = Omnichannel(server, check_payloads=False)
    department = omnichannel.add_department("Support")
    agent = omnichannel.add_agent(AGENT, PASSWORD, departments=(department,), name="Bo Agent")
    started = time.perf_counter()
    omnichannel.seed_served_rooms(agent, rooms=options.rooms, department_id=department,
                                  messages_per_room=options.messages // options.rooms)
    print(f"loopback server: {options.rooms:,} open rooms served by {AGENT}, "
          f"{options.messages // options.rooms * options.rooms:,} messages "
          f"(seeded in {time.perf_counter() - started:.1f} s)", flush=True)
    try:
        figures = {}
        for mode in ("insert", "fetch", "sync"):
            figures[mode] = await _in_child(mode, server.url, options)
            # The REST limiter (10 calls a minute per route) counts the fetch's sign-in too: the
            # sync must not start with a half-spent budget.
            server.state.limiter = RateLimiter()
    finally:
        await server.stop()

    def line(name: str, figure: _Figure) -> str:
        return (f"{name:<34}: {figure.seconds:7.2f} s  {figure.rows_per_s:9,.0f} rows/s  "
                f"CPU {figure.cpu_s:6.1f} s  peak RSS {figure.rss_mb:4.0f} MB  "
                f"({figure.rooms:,} rooms + {figure.messages:,} messages; load {figure.load:.1f})")

    print(line("raw SQLite insert (executemany)", figures["insert"]))
    print(line("fetch and read only (no store)", figures["fetch"]))
    print(line("initial sync into an empty cache", figures["sync"]))
    sync, fetch = figures["sync"], figures["fetch"]
    print(f"ratio: sync {sync.seconds / fetch.seconds:.2f}x the fetch alone, "
          f"{sync.seconds / figures['insert'].seconds:.1f}x the raw insert (CPU: "
          f"{sync.cpu_s / fetch.cpu_s:.2f}x, {sync.cpu_s / figures['insert'].cpu_s:.1f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="1,000 rooms and 10,000 messages")
    parser.add_argument("--client", choices=("sync", "fetch", "insert"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.quick:
        options.rooms, options.messages = 1_000, 10_000
    if options.client:
        _client(options)
        return
    asyncio.run(_serve_and_measure(options))


if __name__ == "__main__":
    main()
