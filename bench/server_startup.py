"""Start-up benchmark over a Rocket.Chat server: `omnidesk --server URL --as bo --smoke-test` on a
warm cache of 100,000 messages, before the server answers, against a bare PySide6 window.

The cache is the (server, user)'s SQLite file (app.backends.rocketchat.servers.cache_path),
written once by the same functions the sync keeps what the server sends with (cache.py,
principal.py): an agent in 2 of 4 departments, 10,000 chats over 90 days (10 open and served by
the agent, 40 waiting in their departments, the rest closed), 10 messages each. The agent signed
in before: their resume token is in the keyring (a keyring file, bench/file_keyring.py: this
machine may have no password store). The server does not answer, two ways:
- refused: nothing listens on its port (a server down, or no network);
- silent: a socket listens but never answers (a server or proxy that hangs): every request
  waits for its timeout, in the background.
A third line runs the refused case as the bundle ships the app, without trio (see WITHOUT_TRIO).

Each run is a fresh process, timed as bench/startup.py times it (the same `timed_run`): from spawn
to the line the smoke test prints once the desk shows what the cache holds (its queue and chats
loaded and painted), and to exit. The bare window (bench/startup.py's baseline) is measured in the
same run. Target (issue #10): at most 1.5x the bare window.

    .venv/bin/python bench/server_startup.py [--messages 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from startup import BARE_WINDOW, CACHE, TimedRun, app_environment, timed_run

from app.backends.rocketchat import cache, principal
from app.backends.rocketchat.credentials import SERVICE_PREFIX
from app.backends.rocketchat.servers import cache_path, normalize_server_url
from app.domain import (
    Agent,
    AgentStatus,
    AuthorKind,
    Availability,
    Channel,
    Chat,
    ChatStatus,
    Department,
    Inquiry,
    Message,
    Person,
    Priority,
    Role,
)
from app.store import Database
from tests.rocketchat.file_keyring import FileKeyring, environment

AGENT_ID, AGENT = "agent-bo", "bo"
DEPARTMENTS = ("Support", "Sales", "Billing", "Returns")
OTHER_AGENTS = ("ana", "cy", "dee", "eli", "fay")
# The app as the bundle ships it (packaging/build-bundle.sh: no dev dependencies): selenium, a
# test dependency, brings trio into this venv, and httpcore imports trio whenever it is there.
WITHOUT_TRIO = ("import sys; sys.modules['trio'] = None; from ui.launch import main; "
                "sys.exit(main(sys.argv[1:]))")
CHATS = 10_000
OPEN, WAITING = 10, 40


def _build_cache(path: Path, messages: int) -> None:
    """The cache of an agent who has used the desk for months, as the sync keeps it."""
    database = Database.open(path)
    now = datetime.now(UTC)
    start = now - timedelta(days=90)
    per_chat = max(1, messages // CHATS)
    department_ids = [f"dep-{name.lower()}" for name in DEPARTMENTS]
    mine = department_ids[:2]

    def write(connection: sqlite3.Connection) -> None:
        cache.keep_departments(connection, [
            Department(id=d, name=name, enabled=True, unit_id=None, business_hours_id=None,
                       max_chats_per_agent=None, fallback_department_id=None)
            for d, name in zip(department_ids, DEPARTMENTS, strict=True)], complete=True)
        principal.keep_identity(connection, principal.Identity(
            Person(id=AGENT_ID, username=AGENT, name="Bo Agent", roles=frozenset({Role.AGENT})),
            tuple(mine), ()))
        cache.keep_agents(connection, [
            Agent(id=f"agent-{name}", username=name, name=name.title(), status=AgentStatus.ONLINE,
                  availability=Availability.AVAILABLE, max_chats=None,
                  department_ids=(department_ids[n % len(department_ids)],))
            for n, name in enumerate(OTHER_AGENTS)])
        for number in range(CHATS):
            opened = start + (now - start) * number / CHATS
            department = department_ids[number % len(department_ids)]
            if number >= CHATS - WAITING:
                status, agent, department = ChatStatus.QUEUED, None, mine[number % 2]
            elif number >= CHATS - WAITING - OPEN:
                status, agent, department = ChatStatus.OPEN, AGENT_ID, mine[number % 2]
            else:
                status = ChatStatus.CLOSED
                agent = AGENT_ID if number % 3 == 0 else f"agent-{OTHER_AGENTS[number % len(OTHER_AGENTS)]}"
            chat_id, visitor_id = f"room-{number:05d}", f"visitor-{number:05d}"
            lines = [Message(id=f"msg-{number:05d}-{line}", chat_id=chat_id,
                             author_kind=AuthorKind.VISITOR if line % 2 == 0 else AuthorKind.AGENT,
                             author_id=visitor_id if line % 2 == 0 else agent,
                             author_name=f"Visitor {number}" if line % 2 == 0 else "Bo Agent",
                             text=f"Message {line} about order {number}: where is my parcel?",
                             sent_at=opened + timedelta(seconds=30 * line))
                     for line in range(per_chat)]
            cache.keep_chat(connection, Chat(
                id=chat_id, visitor_id=visitor_id, visitor_name=f"Visitor {number}",
                contact_id=f"contact-{number % 3000:05d}", channel=Channel.WIDGET, department_id=department,
                status=status, served_by_id=agent, created_at=opened,
                last_message_at=lines[-1].sent_at,
                closed_at=lines[-1].sent_at if status is ChatStatus.CLOSED else None,
                close_comment="", tags=(), topic="", transfers=()))
            if status is ChatStatus.QUEUED:
                cache.keep_inquiry(connection, Inquiry(
                    id=f"inquiry-{number:05d}", chat_id=chat_id, visitor_id=visitor_id,
                    visitor_name=f"Visitor {number}", contact_id=f"contact-{number % 3000:05d}",
                    channel=Channel.WIDGET, department_id=department, priority=Priority.NOT_SPECIFIED,
                    queued_at=opened, sla_due_at=None, preview=lines[0].text))
            cache.keep_messages(connection, lines)

    database.write_now(write)
    database.close()


def _ensure_cache(messages: int) -> Path:
    template = CACHE / f"server-{messages}" / "cache.sqlite3"
    if not template.exists():
        print(f"building the agent's warm cache in {template} (once)…", flush=True)
        template.parent.mkdir(parents=True, exist_ok=True)
        building = template.with_suffix(".building")
        building.unlink(missing_ok=True)
        _build_cache(building, messages)
        building.rename(template)
    return template


@contextmanager
def _unanswering_server(how: str) -> Iterator[str]:
    """The URL of a server that does not answer: `refused` (nothing listens) or `silent`."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    if how == "refused":
        listener.close()
    else:
        listener.listen(128)  # the kernel accepts connections; nobody ever reads them
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        listener.close()


def _signed_in_before(data_dir: Path, template: Path, url: str) -> dict[str, str]:
    """The data and config directories and keyring of an agent who signed in to `url` before, with
    the warm cache; the environment a process needs to start as them."""
    target = cache_path(data_dir, url, AGENT)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    keyring_file = data_dir / "keyring.json"
    saved = json.dumps({"userId": AGENT_ID, "token": "bench-token"})
    FileKeyring(keyring_file).set_password(SERVICE_PREFIX + normalize_server_url(url), AGENT, saved)
    # The saved servers and the Qt settings go under the run's own config directory.
    return {**environment(keyring_file), "XDG_CONFIG_HOME": str(data_dir / "config")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    template = _ensure_cache(options.messages)
    print(f"warm cache: {CHATS:,} chats ({OPEN} open, {WAITING} waiting), {options.messages:,} messages, "
          f"{template.stat().st_size / 1e6:.0f} MB")
    bare: list[TimedRun] = []
    desks: dict[str, list[TimedRun]] = {"refused": [], "silent": [], "no trio": []}
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="omnidesk-server-startup-") as scratch, \
            _unanswering_server("refused") as refused_url, _unanswering_server("silent") as silent_url:
        runs = {}
        for how, url in (("refused", refused_url), ("silent", silent_url), ("no trio", refused_url)):
            data_dir = Path(scratch) / how.replace(" ", "-")
            env = {**app_environment(), **_signed_in_before(data_dir, template, url)}
            arguments = ["--server", url, "--as", AGENT, "--smoke-test", "--data-dir", str(data_dir)]
            start = ["-c", WITHOUT_TRIO] if how == "no trio" else ["-m", "ui.launch"]
            runs[how] = ([sys.executable, *start, *arguments], env)
        for _ in range(options.runs):
            loads.append(os.getloadavg()[0])
            bare.append(timed_run([sys.executable, "-c", BARE_WINDOW], app_environment()))
            for how, (command, env) in runs.items():
                desks[how].append(timed_run(command, env))
                time.sleep(0.2)

    def median_ms(seconds: list[float]) -> float:
        return statistics.median(seconds) * 1000

    bare_ms = median_ms([r.painted_s for r in bare])
    bare_exit = median_ms([r.exited_s for r in bare])
    print(f"runs: {options.runs} of each, median wall time from spawn to the painted window (and to exit); "
          f"load {min(loads):.1f} to {max(loads):.1f}")
    print(f"bare PySide6 window{'':<20}: {bare_ms:6.0f} ms  ({bare_exit:5.0f} ms to exit)"
          f"   peak RSS {max(r.rss_mb for r in bare):5.1f} MB")
    for how, said in (("refused", "connection refused"), ("silent", "server silent"),
                      ("no trio", "refused, no trio")):
        runs_of = desks[how]
        desk_ms = median_ms([r.painted_s for r in runs_of])
        desk_exit = median_ms([r.exited_s for r in runs_of])
        shown = next(line for line in runs_of[-1].out.splitlines() if line.startswith("Loaded"))
        print(f"desk from the cache, {said:<18}: {desk_ms:6.0f} ms  ({desk_exit:5.0f} ms to exit)"
              f"   peak RSS {max(r.rss_mb for r in runs_of):5.1f} MB   ratio {desk_ms / bare_ms:4.2f}x"
              f"   ({shown})")
    print("target: <= 1.5x the bare window")


if __name__ == "__main__":
    main()
