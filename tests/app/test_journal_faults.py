"""Journal fault test: `kill -9` at random moments loses no recorded edit and applies none twice.

A child process (plain Python, no Qt) runs a seeded random sequence of edits, creates, publishes,
undos, conflict resolutions and offline/online flips against the file-backed fake remote; after
each edit is recorded it appends an fsync'd line to a log. The parent kills it with SIGKILL at a
random moment, restarts it (its `start()` resends what was queued or in flight), and at the end,
after one last incarnation that runs to completion, checks that every recorded edit is applied
exactly once at the remote or still pending in the journal, that no change id was applied twice,
and that both files pass `PRAGMA integrity_check`.

The remote applies a change id once however often it is sent, so it also logs every call that
reaches it; from that the test checks what the sync sends, not only what ends up applied: a
change arrives again only if a kill fell while the journal had it in flight (read by the parent
after each kill), and changes first arrive in the journal's order (seq), never n+1 before n.

    python -m tests.app.test_journal_faults --runs 200 --seed N    # the long run, with figures
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import itertools
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from app.clock import SystemClock
from app.config import Kind, Record, schema_of
from app.errors import InvalidInput, NotFound
from app.sync import ConfigSync, Journal, PendingState

if TYPE_CHECKING:
    from tests.fakes.remote_config import Arrival, RemoteConfig

ROOT = Path(__file__).resolve().parents[2]
CHILD_USER = "user-child"
TAGS = [Record(Kind.TAG, f"tag-{n}", {**schema_of(Kind.TAG).defaults(), "name": f"Tag {n}",
                                      "description": "start"}, 1) for n in range(4)]


def _remote_config() -> type[RemoteConfig]:
    """The fake remote's class, imported without `tests/fakes/__init__`, which loads the whole
    fake desk: half a second on each of the hundreds of child starts."""
    name = "tests.fakes.remote_config"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "fakes" / "remote_config.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    remote_config: type[RemoteConfig] = sys.modules[name].RemoteConfig
    return remote_config


# -- the child: random work against the journal and the remote ----------------------------------


class _Log:
    """The child's account of what it did, each line on the disk before the next step."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def note(self, *words: str) -> None:
        os.write(self._fd, (" ".join(words) + "\n").encode())
        os.fsync(self._fd)


async def _child(directory: Path, seed: int, steps: int) -> None:
    rng = random.Random(seed)
    clock = SystemClock()
    journal = Journal.open(directory / "journal.sqlite3")
    # A round trip of a few milliseconds, as over a network: kills often land while a change is
    # on its way, or applied with its answer still travelling back.
    remote = _remote_config()(directory / "remote.sqlite3", clock=clock, records=TAGS, latency_s=0.005)
    sync = ConfigSync(journal, remote, user_id=CHILD_USER, clock=clock)
    log = _Log(directory / "child.log")
    print("ready", flush=True)  # the parent's random delay starts here
    await sync.start()
    parent = os.getppid()
    for step in range(steps):
        if os.getppid() != parent:
            break  # the parent died (interrupted): do not run on for minutes alone
        await _one_step(sync, remote, log, rng, f"{seed}-{step}")
    remote.come_online()
    await sync.link_changed(True)
    journal.close()
    remote.close()


async def _one_step(sync: ConfigSync, remote: RemoteConfig, log: _Log, rng: random.Random,
                    unique: str) -> None:
    roll = rng.random()
    tags = [record.id for record in sync.records(Kind.TAG)]
    pending = sync.pending()
    conflicts = [p for p in pending if p.state is PendingState.CONFLICT]
    if conflicts and roll < 0.5:
        target = rng.choice(conflicts)
        old = target.change.change_id
        log.note("resolving", old)
        choice: Literal["mine", "theirs"] = "mine" if rng.random() < 0.7 else "theirs"
        assert target.conflict is not None
        result = sync.resolve(target.seq, {c.field: choice for c in target.conflict.conflicts})
        still = any(p.seq == target.seq for p in sync.pending())
        log.note("resolved", old, result.change.change_id if still else "dropped", str(target.seq))
    elif roll < 0.40:
        recorded = sync.edit(Kind.TAG, rng.choice(tags), {"description": f"mine {unique}"})
        log.note("recorded", recorded.change.change_id, str(recorded.seq))
    elif roll < 0.48:
        recorded = sync.create(Kind.TAG, {"name": f"New {unique}", "description": f"mine {unique}"})
        log.note("recorded", recorded.change.change_id, str(recorded.seq))
    elif roll < 0.66:
        await sync.publish()
    elif roll < 0.74:
        remote.go_offline()
        await sync.link_changed(False)
    elif roll < 0.84:
        remote.come_online()
        await sync.link_changed(True)
    elif roll < 0.90:
        # Another admin edits the same field on the server: my pending edit of it will conflict.
        on_remote = [tag for tag in tags if remote.current(Kind.TAG, tag) is not None]
        if on_remote:
            remote.edit_by_someone_else(Kind.TAG, rng.choice(on_remote), {"description": f"theirs {unique}"})
    elif pending:
        target = rng.choice(pending)
        log.note("undoing", target.change.change_id)
        try:
            sync.undo(target.seq)
        except (InvalidInput, NotFound):
            log.note("kept", target.change.change_id)  # being published, or another depends on it


# -- the parent: kill, restart, check ----------------------------------------------------------


@dataclass
class Figures:
    runs: int = 0
    kills: int = 0
    # Kills that left a change marked in flight, and of those, changes the remote had applied
    # although the journal still held them (the crash fell between applying and settling).
    kills_in_flight: int = 0
    applied_not_settled: int = 0
    recorded: int = 0
    applied: int = 0
    still_pending: int = 0
    resolved: int = 0
    undone: int = 0
    unlogged: int = 0
    # What reached the remote: calls, calls repeating an id (and of those, of an id it had
    # already applied), and changes whose first arrival was checked against the journal's order.
    arrivals: int = 0
    resent: int = 0
    resent_applied: int = 0
    in_order: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"runs={self.runs} kills={self.kills} kills_with_change_in_flight={self.kills_in_flight} "
                f"applied_before_crash_not_yet_settled={self.applied_not_settled} "
                f"edits_recorded={self.recorded} applied_once={self.applied} "
                f"still_pending={self.still_pending} conflicts_resolved={self.resolved} "
                f"undone_or_replaced={self.undone} journalled_not_logged={self.unlogged} "
                f"arrivals={self.arrivals} resent_after_kill={self.resent} "
                f"resent_already_applied={self.resent_applied} first_arrivals_in_seq_order={self.in_order} "
                "lost=0 applied_twice=0 resent_without_kill=0 out_of_order=0" if not self.problems
                else f"PROBLEMS ({len(self.problems)}): " + "; ".join(self.problems[:10]))


def _spawn(directory: Path, seed: int, steps: int) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.app.test_journal_faults", "--child", str(directory),
         "--seed", str(seed), "--steps", str(steps)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


@dataclass(frozen=True)
class Kill:
    """What the files held once a killed child was gone."""

    in_flight: frozenset[str]  # change ids the journal marked in flight
    arrived: int  # the remote's arrivals so far (the `n` of the last)


@dataclass
class Seen:
    """What the parent saw of one run's files between incarnations."""

    kills: list[Kill] = field(default_factory=list)
    seqs: dict[str, int] = field(default_factory=dict)  # change id -> its seq in the journal


def _note_kill(directory: Path, figures: Figures, seen: Seen) -> None:
    """After a kill: did it fall while a change was on its way? Note the changes in flight and
    every pending change's seq (one the child recorded but had no time to log is still pending:
    nothing could send it after the kill)."""
    journal = Journal.open(directory / "journal.sqlite3")
    remote = _remote_config()(directory / "remote.sqlite3", clock=SystemClock())
    try:
        sending = journal.in_flight()
        pending = journal.pending()
        seen.seqs.update((p.change.change_id, p.seq) for p in pending)
        arrivals = remote.arrivals()
        seen.kills.append(Kill(frozenset(p.change.change_id for p in pending if p.seq in sending),
                               arrivals[-1].n if arrivals else 0))
        if sending:
            figures.kills_in_flight += 1
            applied = {change_id for change_id, *_ in remote.applications()}
            figures.applied_not_settled += sum(
                p.change.change_id in applied for p in pending if p.seq in sending)
    finally:
        journal.close()
        remote.close()


def one_run(directory: Path, rng: random.Random, figures: Figures, *, kills: int) -> None:
    """Fresh files; `kills` incarnations killed at random moments, then one that finishes; check."""
    seen = Seen()
    for _ in range(kills):
        child = _spawn(directory, rng.randrange(1 << 30), steps=100_000)
        time.sleep(rng.uniform(0.0, 0.3))
        killed = child.poll() is None
        if killed:
            os.kill(child.pid, signal.SIGKILL)
            figures.kills += 1
        child.wait(30)
        assert child.stdout is not None
        child.stdout.close()
        if killed:
            _note_kill(directory, figures, seen)
    final = _spawn(directory, rng.randrange(1 << 30), steps=rng.randrange(3, 12))
    assert final.stdout is not None
    final.stdout.read()
    final.stdout.close()
    if final.wait(60) != 0:
        figures.problems.append(f"{directory.name}: the last incarnation failed")
    _check(directory, figures, seen)
    figures.runs += 1


def _check(directory: Path, figures: Figures, seen: Seen) -> None:
    lines = [line.split() for line in (directory / "child.log").read_text().splitlines()]
    recorded = {words[1] for words in lines if words[0] == "recorded"}
    recorded |= {words[2] for words in lines if words[0] == "resolved" and words[2] != "dropped"}
    # A change the child was undoing or resolving when killed may be gone (or replaced).
    intents = Counter(words[1] for words in lines if words[0] in ("undoing", "resolving"))
    settled = Counter(words[1] for words in lines if words[0] in ("kept", "resolved"))
    may_be_gone = {change_id for change_id in intents if intents[change_id] > settled[change_id]}
    may_be_gone |= {words[1] for words in lines if words[0] == "resolved"}
    figures.recorded += sum(1 for words in lines if words[0] == "recorded")
    figures.resolved += sum(1 for words in lines if words[0] == "resolved")
    seqs = dict(seen.seqs)
    seqs.update((words[1], int(words[2])) for words in lines if words[0] == "recorded")
    seqs.update((words[2], int(words[3])) for words in lines
                if words[0] == "resolved" and words[2] != "dropped")
    replaced = [(words[1], words[2]) for words in lines if words[0] == "resolved" and words[2] != "dropped"]

    journal = Journal.open(directory / "journal.sqlite3")
    remote = _remote_config()(directory / "remote.sqlite3", clock=SystemClock())
    try:
        pending = {p.change.change_id for p in journal.pending()}
        applications = Counter(change_id for change_id, by, _, _ in remote.applications() if by == CHILD_USER)
        for check, outcome in (("journal", journal.integrity()), ("remote", remote.integrity())):
            if outcome != "ok":
                figures.problems.append(f"{directory.name}: {check} integrity: {outcome}")
        for change_id, count in applications.items():
            if count > 1:
                figures.problems.append(f"{directory.name}: {change_id} applied {count} times")
        for change_id in recorded:
            if change_id in pending and applications[change_id]:
                figures.problems.append(f"{directory.name}: {change_id} applied but still pending")
            if change_id in may_be_gone:
                continue
            if change_id not in pending and not applications[change_id]:
                figures.problems.append(f"{directory.name}: {change_id} was recorded and is lost")
        # Changes the log does not name: killed after the journal recorded them and before the
        # log line (or a resolve cut short). Fine, as long as each was applied at most once.
        figures.unlogged += len((set(applications) | pending) - recorded - may_be_gone)
        figures.undone += sum(1 for change_id in may_be_gone
                              if change_id not in pending and not applications[change_id])
        figures.applied += sum(applications[change_id] for change_id in recorded)
        figures.still_pending += len(pending & recorded)
        seqs.update((p.change.change_id, p.seq) for p in journal.pending())
        _check_arrivals(directory.name, remote.arrivals(), seen.kills, seqs, replaced, figures)
    finally:
        journal.close()
        remote.close()


def _check_arrivals(name: str, arrivals: list[Arrival], kills: list[Kill], seqs: dict[str, int],
                    replaced: list[tuple[str, str]], figures: Figures) -> None:
    """What the sync sent, call by call (the remote applying an id once would hide the rest)."""
    figures.arrivals += len(arrivals)
    # Sent again only by the next incarnation, for the change the journal had in flight when the
    # child was killed: each repeat needs its own kill, between the id's previous arrival and
    # this one, at which that id was in flight.
    repeats = [arrival for arrival in arrivals if arrival.repeat]
    figures.resent += len(repeats)
    figures.resent_applied += sum(arrival.already_applied for arrival in repeats)
    if len(repeats) > len(kills):
        figures.problems.append(f"{name}: {len(repeats)} changes sent again after {len(kills)} kills")
    previous: dict[str, int] = {}
    for arrival in arrivals:
        if arrival.repeat:
            since = previous[arrival.change_id]
            if not any(arrival.change_id in kill.in_flight and since <= kill.arrived < arrival.n
                       for kill in kills):
                figures.problems.append(
                    f"{name}: {arrival.change_id} sent again (arrivals {since} and {arrival.n}) "
                    "with no kill while it was in flight in between")
        previous[arrival.change_id] = arrival.n
    # Change n+1 never sent before n settled: first arrivals follow the journal's seq (a change
    # resolved after a conflict keeps the seq of the one it replaces, and comes after it).
    first = {arrival.change_id: arrival.n for arrival in arrivals if not arrival.repeat}
    unknown = [change_id for change_id in first if change_id not in seqs]
    if unknown:
        figures.problems.append(f"{name}: {', '.join(unknown[:3])} reached the remote, never in the journal")
    order = [(seqs[change_id], change_id) for change_id in first if change_id in seqs]
    for (seq, change_id), (later_seq, later_id) in itertools.pairwise(order):
        if later_seq < seq:
            figures.problems.append(f"{name}: {later_id} (seq {later_seq}) first arrived after "
                                    f"{change_id} (seq {seq})")
            break
    else:
        figures.in_order += len(order)
    for old, new in replaced:
        if new in first and not first.get(old, first[new]) < first[new]:
            figures.problems.append(f"{name}: {new} arrived before {old}, the conflicted change it replaces")


def run(runs: int, seed: int, *, kills: int, base: Path) -> Figures:
    rng = random.Random(seed)
    figures = Figures()
    for number in range(runs):
        directory = base / f"run-{number:04d}"
        directory.mkdir()
        one_run(directory, rng, figures, kills=kills)
    return figures


def test_kill_9_at_random_moments_loses_no_edit_and_applies_none_twice(tmp_path: Path) -> None:
    started = time.monotonic()
    figures = run(3, seed=2026, kills=5, base=tmp_path)
    print(figures.line())
    assert figures.problems == []
    assert figures.kills >= 13, figures.line()  # the kills landed while the child was working
    assert figures.recorded > 50 and figures.applied > 20, figures.line()
    assert figures.in_order > 20, figures.line()  # the order of what was sent was checked
    assert time.monotonic() - started < 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--kills", type=int, default=1, help="kills per run before the last incarnation")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--steps", type=int, default=0, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child is not None:
        asyncio.run(_child(arguments.child, arguments.seed, arguments.steps))
        return
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="journal-faults-") as base:
        figures = run(arguments.runs, arguments.seed, kills=arguments.kills, base=Path(base))
    print(f"seed={arguments.seed} {figures.line()} in {time.monotonic() - started:.1f} s")
    sys.exit(1 if figures.problems else 0)


if __name__ == "__main__":
    main()
