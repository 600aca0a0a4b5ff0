"""The real `omnidesk` process: the smoke test, and clear refusals of unusable data dirs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _omnidesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "ui.launch", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120, check=False)


def test_smoke_test_builds_the_sample_on_first_run_and_reports_start_up(tmp_path: Path) -> None:
    result = _omnidesk("--smoke-test", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("start-up: ") and last.endswith(" ms")
    assert int(last.split()[1]) > 0
    again = _omnidesk("--smoke-test", "--data-dir", str(tmp_path), "--as", "bo")
    assert again.returncode == 0, again.stderr
    assert "for Bo Lindqvist" in again.stdout


def test_a_corrupt_database_is_named_and_left_alone(tmp_path: Path) -> None:
    database = tmp_path / "omnidesk.sqlite3"
    database.write_bytes(b"this is not a database at all" * 100)
    before = database.read_bytes()
    result = _omnidesk("--smoke-test", "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert "is damaged or is not a database" in result.stderr and "Traceback" not in result.stderr
    assert database.read_bytes() == before


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    assert _omnidesk("--smoke-test", "--data-dir", str(tmp_path)).returncode == 0
    with sqlite3.connect(tmp_path / "omnidesk.sqlite3") as connection:
        connection.execute("PRAGMA user_version = 42")
    connection.close()
    result = _omnidesk("--smoke-test", "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert "written by a newer Omnidesk (schema version 42" in result.stderr


def test_an_unknown_person_is_named(tmp_path: Path) -> None:
    result = _omnidesk("--smoke-test", "--data-dir", str(tmp_path), "--as", "zed")
    assert result.returncode == 1
    assert "Nobody called 'zed'" in result.stderr and "Traceback" not in result.stderr


def test_without_a_display_the_app_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "ui.launch", "--data-dir", str(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
                            check=False)
    assert result.returncode == 1
    assert "no display found" in result.stderr


def test_smoke_test_with_website_chat_on_a_free_port(tmp_path: Path) -> None:
    result = _omnidesk("--smoke-test", "--data-dir", str(tmp_path), "--intake", "127.0.0.1:0")
    assert result.returncode == 0, result.stderr


def test_a_bad_intake_address_is_a_usage_error(tmp_path: Path) -> None:
    result = _omnidesk("--smoke-test", "--data-dir", str(tmp_path), "--intake", "localhost:http")
    assert result.returncode == 2 and "expected HOST:PORT" in result.stderr
