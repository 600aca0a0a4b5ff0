"""Start-up benchmark: `omnidesk --smoke-test` on a big desk against a bare PySide6 window.

Each run is a fresh process (a cold interpreter and Qt), timed from spawn to the line it prints
once its window has been painted (the desk: loaded with the store's data; the bare window:
empty), and to its exit, with the peak resident memory of that process. Prints the figures, the
baseline measured in the same run, and the ratio. Targets (issues #2, #12): at most 1.5x the
bare window's start-up, at most 200 MB RSS.

    .venv/bin/python bench/startup.py [--contacts 10000] [--messages 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
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
print("start-up: painted", flush=True)
"""


@dataclass(frozen=True)
class TimedRun:
    painted_s: float  # from spawn to the "start-up:" line
    exited_s: float  # from spawn to exit
    rss_mb: float
    out: str


def timed_run(command: list[str], env: dict[str, str]) -> TimedRun:
    """One process: when it said its window was painted, when it exited, its peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               text=True)
    assert process.stdout is not None and process.stderr is not None
    painted = None
    lines = []
    for line in process.stdout:
        if painted is None and line.startswith("start-up:"):
            painted = time.perf_counter() - started
        lines.append(line)
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0 or painted is None:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err}")
    return TimedRun(painted, elapsed, usage.ru_maxrss / 1024, "".join(lines))


def app_environment() -> dict[str, str]:
    """The environment of a timed process: offscreen, and as an installed app starts, with its
    modules' bytecode cached (a shell that sets PYTHONDONTWRITEBYTECODE would make every run
    compile them all again)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


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
    env = app_environment()
    database = data_dir / "omnidesk.sqlite3"
    print(f"desk: {options.contacts:,} contacts, {options.messages:,} messages, "
          f"{database.stat().st_size / 1e6:.0f} MB database")

    bare: list[TimedRun] = []
    desk: list[TimedRun] = []
    reported: list[float] = []
    for _ in range(options.runs):
        bare.append(timed_run([sys.executable, "-c", BARE_WINDOW], env))
        run = timed_run([sys.executable, "-m", "ui.launch", "--smoke-test", "--data-dir", str(data_dir)], env)
        desk.append(run)
        said = next(line for line in run.out.splitlines() if line.startswith("start-up:"))
        reported.append(float(said.split()[1]))

    def median_ms(seconds: list[float]) -> float:
        return statistics.median(seconds) * 1000

    bare_ms, desk_ms = median_ms([r.painted_s for r in bare]), median_ms([r.painted_s for r in desk])
    bare_exit, desk_exit = median_ms([r.exited_s for r in bare]), median_ms([r.exited_s for r in desk])
    print(f"runs: {options.runs} of each, median wall time from spawn to the painted window "
          "(and to exit)")
    print(f"bare PySide6 window : {bare_ms:7.0f} ms  ({bare_exit:5.0f} ms to exit)"
          f"   peak RSS {max(r.rss_mb for r in bare):6.1f} MB")
    print(f"omnidesk smoke test : {desk_ms:7.0f} ms  ({desk_exit:5.0f} ms to exit)"
          f"   peak RSS {max(r.rss_mb for r in desk):6.1f} MB"
          f"   (painted {statistics.median(reported):.0f} ms after its first line ran, as it reports)")
    print(f"ratio               : {desk_ms / bare_ms:7.2f}x  ({desk_exit / bare_exit:5.2f}x to exit)"
          "   (target <= 1.5x, RSS <= 200 MB)")

if __name__ == "__main__":
    main()
