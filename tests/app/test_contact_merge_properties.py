"""Merging any set of contacts loses no chat, channel, message, address, name, manager or custom
field value (kept as the contact's or as a conflicting value), and merging again changes
nothing; a process killed mid-merge leaves the old state or the new one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.store import Database, contacts
from app.store.contact_merge import merge_into
from tests.app.contact_sets import (
    NOW,
    ChannelSpec,
    ContactSpec,
    assert_nothing_lost,
    contact_specs,
    snapshot,
    table_dump,
    write_contacts,
)

ACTOR = ("u-1", "U-1")
merges = st.lists(st.tuples(st.integers(0, 5), st.lists(st.integers(0, 5), max_size=4)),
                  min_size=1, max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=contact_specs, plan=merges)
def test_any_merge_keeps_everything_and_merging_again_changes_nothing(
    specs: list[ContactSpec], plan: list[tuple[int, list[int]]]
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        database = Database.open(Path(directory) / "merge.sqlite3")
        try:
            database.write_now(lambda c: write_contacts(c, specs))
            before = database.read_now(snapshot)
            count = len(specs)
            for into, sources in plan:
                merge = partial(merge_into, into_id=f"k{into % count}",
                                source_ids=[f"k{i % count}" for i in sources], at=NOW, actor=ACTOR,
                                why="test")
                database.write_now(merge)
                database.read_now(partial(assert_nothing_lost, before=before))
                settled = database.read_now(table_dump)
                again = database.write_now(merge)
                assert again == []
                assert database.read_now(table_dump) == settled
        finally:
            database.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=contact_specs)
def test_verified_channels_decide_who_is_merged_by_verification(specs: list[ContactSpec]) -> None:
    """Rocket.Chat's findSimilarVerifiedContacts: exactly the other contacts holding the channel
    verified by the same field and value."""
    with tempfile.TemporaryDirectory() as directory:
        database = Database.open(Path(directory) / "similar.sqlite3")
        try:
            database.write_now(lambda c: write_contacts(c, specs))
            for address in ("a@example.com", "+442079460958"):
                field = "email" if "@" in address else "phone"
                holders = {f"k{n}" for n, spec in enumerate(specs)
                           if any(ch.verified and ch.address == address for ch in spec.channels)}
                found = database.read_now(partial(contacts.contacts_with_verified, field=field,
                                                  value=address, excluding="k0"))
                assert set(found) == holders - {"k0"}
        finally:
            database.close()


# -- a process killed mid-merge ----------------------------------------------------------------

def _merge_forever(path: str, seed: int) -> None:
    """Run by the child: merge random pairs until killed."""
    import random

    database = Database.open(Path(path))
    rng = random.Random(seed)
    print("ready", flush=True)
    while True:
        ids = database.read_now(lambda c: [r[0] for r in c.execute("SELECT id FROM contacts")])
        if len(ids) < 2:
            return
        into, *sources = rng.sample(ids, min(len(ids), rng.randint(2, 4)))
        database.write_now(partial(merge_into, into_id=into, source_ids=sources, at=NOW,
                                   actor=ACTOR, why="crash test"))


def test_killing_the_process_mid_merge_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    specs = [ContactSpec(f"Person {n}", (ChannelSpec(f"p{n}@example.com", n % 3 == 0),), 2,
                         "gold" if n % 2 else "", None) for n in range(400)]
    for round_number in range(4):
        path = tmp_path / f"crash-{round_number}.sqlite3"
        database = Database.open(path)
        database.write_now(lambda c: write_contacts(c, specs))
        before = database.read_now(snapshot)
        database.close()
        with subprocess.Popen(
            [sys.executable, "-c", "import sys; from tests.app.test_contact_merge_properties import "
             "_merge_forever as run; run(sys.argv[1], int(sys.argv[2]))", str(path), str(round_number)],
            stdout=subprocess.PIPE, cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        ) as child:
            assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
            time.sleep(0.05 + 0.07 * round_number)
            assert child.poll() is None, "the merges ended before the kill: give them more contacts"
            child.send_signal(signal.SIGKILL)
            child.wait()
        database = Database.open(path)
        try:
            assert database.read_now(lambda c: c.execute("PRAGMA integrity_check").fetchone()[0]) == "ok"
            database.read_now(partial(assert_nothing_lost, before=before))
            # Each merge deletes contacts and leaves as many aliases, in one transaction.
            remaining, aliases = database.read_now(lambda c: (
                c.execute("SELECT count(*) FROM contacts").fetchone()[0],
                c.execute("SELECT count(*) FROM contact_aliases").fetchone()[0]))
            assert remaining + aliases == len(specs) and aliases > 0, (remaining, aliases)
        finally:
            database.close()
