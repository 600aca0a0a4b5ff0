"""Start-up benchmark: `omnidesk --smoke-test` on a big desk against a bare PySide6 window.

Each run is a fresh process (a cold interpreter and Qt), timed from spawn to exit, with the peak
resident memory of that process. Prints the figures, the baseline measured in the same run, and
the ratio. Targets (issue #2): at most 1.5x the bare window's start-up, at most 200 MB RSS.

    .venv/bin/python bench/startup.py [--contacts 10000] [--messages 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".data"

BARE_WINDOW = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
window.grab()
"""


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB, and stdout of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               text=True)
    assert process.stdout is not None and process.stderr is not None
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err}")
    return elapsed, usage.ru_maxrss / 1024, out


def _ensure_data(contacts: int, messages: int) -> Path:
    data_dir = CACHE / f"{contacts}-{messages}"
    if not (data_dir / "omnidesk.sqlite3").exists():
        print(f"building the benchmark desk in {data_dir} (once)…", flush=True)
        subprocess.run([sys.executable, "-m", "ui.launch", "demo-data", "--data-dir", str(data_dir),
                        "--contacts", str(contacts), "--messages", str(messages)],
                       check=True, cwd=ROOT)
    return data_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    data_dir = _ensure_data(options.contacts, options.messages)
    # As an installed app starts: with its modules' bytecode cached (a shell that sets
    # PYTHONDONTWRITEBYTECODE would make every run compile them all again).
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    database = data_dir / "omnidesk.sqlite3"
    print(f"desk: {options.contacts:,} contacts, {options.messages:,} messages, "
          f"{database.stat().st_size / 1e6:.0f} MB database")

    bare: list[tuple[float, float]] = []
    desk: list[tuple[float, float]] = []
    reported: list[float] = []
    for _ in range(options.runs):
        seconds, rss, _ = _run([sys.executable, "-c", BARE_WINDOW], env)
        bare.append((seconds, rss))
        seconds, rss, out = _run([sys.executable, "-m", "ui.launch", "--smoke-test",
                                  "--data-dir", str(data_dir)], env)
        desk.append((seconds, rss))
        reported.append(float(out.strip().splitlines()[-1].split()[1]))

    bare_ms = statistics.median(s for s, _ in bare) * 1000
    desk_ms = statistics.median(s for s, _ in desk) * 1000
    print(f"runs: {options.runs} of each, median wall time from spawn to exit")
    print(f"bare PySide6 window : {bare_ms:7.0f} ms   peak RSS {max(r for _, r in bare):6.1f} MB")
    print(f"omnidesk smoke test : {desk_ms:7.0f} ms   peak RSS {max(r for _, r in desk):6.1f} MB"
          f"   (window loaded after {statistics.median(reported):.0f} ms, as it reports)")
    print(f"ratio               : {desk_ms / bare_ms:7.2f}x   (target <= 1.5x, RSS <= 200 MB)")


if __name__ == "__main__":
    main()
