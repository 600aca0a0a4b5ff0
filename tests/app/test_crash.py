"""A crash in the middle of a write loses nothing that was saved and leaves no half-change."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from app.store import Database

_WRITER = """
import sys, time
from pathlib import Path
from app.store import Database
db = Database.open(Path(sys.argv[1]))
def write(connection):
    for number in range(200_000):
        connection.execute("INSERT INTO contacts (id, name, created_at) VALUES (?, 'Half-written', 0)",
                           (f"crash-{number}",))
    # Every row written, more than the page cache holds (so pages have spilled into the WAL),
    # and nothing committed: the test kills the process now, the same state on any machine.
    print("written, not committed", flush=True)
    time.sleep(60)
db.write_now(write)
"""


def test_killing_the_process_mid_write_keeps_the_database_whole(tmp_path: Path) -> None:
    path = tmp_path / "omnidesk.sqlite3"
    db = Database.open(path)
    db.write_now(lambda c: c.execute(
        "INSERT INTO contacts (id, name, created_at) VALUES ('kept', 'Saved before', 0)"))
    db.close()
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE,
                              text=True, cwd=Path(__file__).resolve().parents[2])
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "written, not committed"
    wal_bytes = (tmp_path / "omnidesk.sqlite3-wal").stat().st_size
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(10)
    writer.stdout.close()
    assert wal_bytes > 1_000_000, wal_bytes  # the half-change reached the disk, to be undone
    reopened = Database.open(path)
    try:
        assert reopened.read_now(lambda c: c.execute("PRAGMA integrity_check").fetchone()[0]) == "ok"
        names = reopened.read_now(lambda c: c.execute("SELECT id FROM contacts ORDER BY id").fetchall())
        assert names == [("kept",)]
    finally:
        reopened.close()
