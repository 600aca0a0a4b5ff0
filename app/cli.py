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

from app.clock import SystemClock
from app.demo import SampleSize, build_sample_organisation
from app.errors import OmnideskError
from app.store import Database, database_path, default_data_dir

DEFAULT_SEED = 7
DEFAULT_SAMPLE = SampleSize()


@dataclass(frozen=True, slots=True)
class GuiOptions:
    data_dir: Path
    sign_in_as: str | None
    smoke_test: bool


GuiRunner = Callable[[GuiOptions], int]


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected zero or more, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", type=Path, default=None, metavar="DIR",
        help=f"where Omnidesk keeps its database (default: {default_data_dir()})",
    )
    parser = argparse.ArgumentParser(
        prog="omnidesk", parents=[common],
        description="Omnidesk, the omnichannel agent desk. With no command, opens the desk.",
    )
    parser.add_argument("--as", dest="sign_in_as", metavar="USERNAME",
                        help="sign in as this person of the organisation, skipping the picker")
    parser.add_argument(
        "--smoke-test", action="store_true",
        help="open the real window offscreen, load the data, render, print start-up ms and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo-data", parents=[common], help="build the sample organisation into an empty data dir",
        description="Build a realistic, deterministic sample organisation into an empty data dir.",
    )
    demo.add_argument("--contacts", type=_count, default=DEFAULT_SAMPLE.contacts, metavar="N")
    demo.add_argument("--messages", type=_count, default=DEFAULT_SAMPLE.messages, metavar="M")
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S")
    return parser


def main(argv: Sequence[str] | None, run_gui: GuiRunner) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    data_dir: Path = (options.data_dir or default_data_dir()).expanduser()
    try:
        if options.command == "demo-data":
            return _demo_data(data_dir, options.contacts, options.messages, options.seed)
        return run_gui(GuiOptions(data_dir, options.sign_in_as, options.smoke_test))
    except OmnideskError as error:
        print(f"omnidesk: error: {error.message}", file=sys.stderr)
        return 1


def _demo_data(data_dir: Path, contact_count: int, message_count: int, seed: int) -> int:
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
