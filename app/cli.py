"""The `omnidesk` command line: the desktop app by default, and tools beside it.

This module never imports Qt: the GUI is handed in by the launcher (`ui.launch`) as a function,
so `omnidesk demo-data` and the other tools run on machines without a display or without Qt.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.backends.server_address import ServerAddress, server_address
from app.errors import InvalidInput, OmnideskError

DEFAULT_SEED = 7
# Defaults of `demo-data`, kept here so the GUI's start-up never loads the sample generator.
DEFAULT_CONTACTS = 300
DEFAULT_MESSAGES = 20_000


@dataclass(frozen=True, slots=True)
class GuiOptions:
    data_dir: Path
    sign_in_as: str | None
    smoke_test: bool
    # Where the visitor intake listens (host, port); None keeps it off.
    intake: tuple[str, int] | None = None
    allowed_origins: tuple[str, ...] = ()
    # Whether --data-dir chose the directory (the autostart entry then names it too).
    data_dir_chosen: bool = False
    # --server: sign in to this server instead of opening the embedded desk.
    server: ServerAddress | None = None


GuiRunner = Callable[[GuiOptions], int]


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected zero or more, got {value}")
    return value


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    try:
        number = int(port)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT such as 127.0.0.1:3000, got '{text}'") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"port {number} is out of range")
    return host or "127.0.0.1", number


def _server(text: str) -> ServerAddress:
    try:
        return server_address(text)
    except InvalidInput as problem:
        raise argparse.ArgumentTypeError(problem.message) from None


class _VersionAction(argparse.Action):
    """`--version`: reads the version only when asked (the metadata costs the GUI's start-up)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from app.appinfo import version  # noqa: PLC0415

        print(f"{parser.prog} {version()}")
        parser.exit()


def _data_dir_option(default: object) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", type=Path, default=default, metavar="DIR",
        help="where Omnidesk keeps its database (default: the user's data directory, "
        "~/.local/share/omnidesk on Linux)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="omnidesk", parents=[_data_dir_option(None)],
        description="Omnidesk, the omnichannel agent desk. With no command, opens the desk.",
    )
    parser.add_argument("--version", action=_VersionAction, help="print Omnidesk's version and exit")
    parser.add_argument("--as", dest="sign_in_as", metavar="USERNAME",
                        help="sign in as this person of the organisation, skipping the picker "
                        "(with --server: the username the sign-in starts with)")
    parser.add_argument(
        "--server", type=_server, metavar="URL",
        help="sign in to this Rocket.Chat server instead of the embedded desk, e.g. "
        "https://chat.example.com (HTTPS only; plain http:// only to this computer itself)",
    )
    parser.add_argument(
        "--smoke-test", action="store_true",
        help="open the real window offscreen, load the data, render, print start-up ms and exit",
    )
    parser.add_argument(
        "--intake", type=_address, metavar="HOST:PORT",
        help="serve website chat (the Rocket.Chat Livechat widget's API) on this address, "
        "e.g. 127.0.0.1:3000; 0.0.0.0 opens it to the network",
    )
    parser.add_argument(
        "--allow-origin", action="append", default=[], metavar="ORIGIN",
        help="a site allowed to embed the chat, e.g. https://shop.example (repeatable; default: any)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        # Given before or after the command: a subcommand's unset --data-dir must not replace
        # the one given before it (argparse would put its default in).
        "demo-data", parents=[_data_dir_option(argparse.SUPPRESS)],
        help="build the sample organisation into an empty data dir",
        description="Build a realistic, deterministic sample organisation into an empty data dir.",
    )
    demo.add_argument("--contacts", type=_count, default=DEFAULT_CONTACTS, metavar="N")
    demo.add_argument("--messages", type=_count, default=DEFAULT_MESSAGES, metavar="M")
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S")
    sim = commands.add_parser(
        "route-sim", help="replay a routing scenario on a virtual clock and print the outcome",
        description="Replay a routing scenario (docs/routing-scenarios.md) and print its outcome "
        "as JSON.",
    )
    sim.add_argument("scenario", type=Path, metavar="SCENARIO.json")
    sim.add_argument("--compact", action="store_true", help="print JSON on one line")
    load = commands.add_parser(
        "visitors", help="drive simulated website visitors at a running intake and measure",
        description="Drive simulated visitors through the website chat API (REST + DDP) and print "
        "what was measured. Only point it at an Omnidesk you run.",
    )
    load.add_argument("--url", required=True, metavar="URL", help="the intake, e.g. http://127.0.0.1:3000")
    load.add_argument("--visitors", type=_count, default=10, metavar="N")
    load.add_argument("--rate", type=float, default=1.0, metavar="R",
                      help="messages per second for each visitor")
    load.add_argument("--duration", type=float, default=10.0, metavar="S", help="seconds of sending")
    load.add_argument("--department", default=None, metavar="ID")
    return parser


def main(argv: Sequence[str] | None, run_gui: GuiRunner) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    data_dir: Path = (options.data_dir or _default_data_dir()).expanduser()
    try:
        if options.command == "visitors":
            return _visitors(options)
        if options.command == "route-sim":
            return _route_sim(options.scenario, compact=options.compact)
        if options.command == "demo-data":
            return _demo_data(data_dir, options.contacts, options.messages, options.seed)
        return run_gui(GuiOptions(data_dir, options.sign_in_as, options.smoke_test,
                                  intake=options.intake, allowed_origins=tuple(options.allow_origin),
                                  data_dir_chosen=options.data_dir is not None,
                                  server=options.server))
    except OmnideskError as error:
        print(f"omnidesk: error: {error.message}", file=sys.stderr)
        return 1


def _route_sim(scenario: Path, *, compact: bool) -> int:
    import json  # noqa: PLC0415

    from app.routing.simulator import ScenarioError, run_text  # noqa: PLC0415

    try:
        text = scenario.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"omnidesk: error: cannot read {scenario}: {error}", file=sys.stderr)
        return 1
    try:
        outcome = run_text(text, source=str(scenario))
    except ScenarioError as error:
        print(f"omnidesk: error: {scenario}: {error}", file=sys.stderr)
        return 1
    print(json.dumps(outcome, ensure_ascii=False, indent=None if compact else 2))
    return 0


def _visitors(options: argparse.Namespace) -> int:
    import asyncio  # noqa: PLC0415

    from app.intake.loadgen import run_visitors  # noqa: PLC0415

    if options.rate <= 0 or options.duration <= 0:
        print("omnidesk: error: --rate and --duration must be more than 0", file=sys.stderr)
        return 2
    report = asyncio.run(run_visitors(options.url, visitors=options.visitors, rate=options.rate,
                                      duration=options.duration, department=options.department))
    for line in report.lines():
        print(line)
    return 0 if report.visitors and not report.missing and not report.doubled else 1


def _default_data_dir() -> Path:
    from app.store.paths import default_data_dir  # noqa: PLC0415  (platformdirs costs start-up)

    return default_data_dir()


def _demo_data(data_dir: Path, contact_count: int, message_count: int, seed: int) -> int:
    # Only this command needs the generator and the store; the GUI's start-up does not pay for them.
    from app.clock import SystemClock  # noqa: PLC0415
    from app.demo import SampleSize, build_sample_organisation  # noqa: PLC0415
    from app.store import Database, database_path  # noqa: PLC0415

    if contact_count < 1:
        raise OmnideskError("--contacts must be at least 1.", code="invalid-input")
    started = time.perf_counter()
    database = Database.open(database_path(data_dir))
    try:
        now = SystemClock().now()
        summary = database.write_now(
            lambda c: build_sample_organisation(
                c, size=SampleSize(contact_count, message_count), seed=seed, now=now
            )
        )
    finally:
        database.close()
    seconds = time.perf_counter() - started
    print(
        f"Built the sample organisation in {database.path}: {summary.people} people, "
        f"{summary.contacts:,} contacts ({summary.visitors:,} visitors), {summary.chats:,} chats, "
        f"{summary.messages:,} messages, {summary.queued} waiting in the queue "
        f"({seconds:.1f} s)."
    )
    return 0
