"""Start when I log in: the XDG autostart entry is written, read and removed as the
specification and the desktops' own tools expect, and starts this same Omnidesk."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.appinfo import APP_ID
from app.autostart import Autostart, entry_text, exec_value, launch_command


def _values(text: str) -> dict[str, str]:
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:])


def test_off_by_default_then_written_and_removed(tmp_path: Path) -> None:
    autostart = Autostart.for_user(["/opt/omnidesk/omnidesk"], {"XDG_CONFIG_HOME": str(tmp_path)})
    assert autostart.path == tmp_path / "autostart" / f"{APP_ID}.desktop"
    assert not autostart.is_enabled()
    autostart.enable()
    assert autostart.is_enabled()
    values = _values(autostart.path.read_text(encoding="utf-8"))
    assert values["Type"] == "Application"
    assert values["Exec"] == "/opt/omnidesk/omnidesk"
    assert values["TryExec"] == "/opt/omnidesk/omnidesk"
    assert values["Icon"] == APP_ID
    assert list(autostart.path.parent.iterdir()) == [autostart.path]  # no partial file left
    autostart.disable()
    assert not autostart.path.exists() and not autostart.is_enabled()
    autostart.disable()  # already off: nothing to do, no error


def test_a_relative_config_home_is_ignored_as_the_specification_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    autostart = Autostart.for_user(["omnidesk"], {"XDG_CONFIG_HOME": "relative/config"})
    assert autostart.path == tmp_path / ".config" / "autostart" / f"{APP_ID}.desktop"


@pytest.mark.parametrize("switch", ["X-GNOME-Autostart-enabled=false", "Hidden=true"])
def test_an_entry_turned_off_by_the_desktop_reads_as_off_and_enabling_restores_it(
    tmp_path: Path, switch: str
) -> None:
    autostart = Autostart.for_user(["omnidesk"], {"XDG_CONFIG_HOME": str(tmp_path)})
    autostart.enable()
    text = autostart.path.read_text(encoding="utf-8").replace("X-GNOME-Autostart-enabled=true\n", "")
    autostart.path.write_text(text + switch + "\n", encoding="utf-8")
    assert not autostart.is_enabled()
    autostart.enable()
    assert autostart.is_enabled()


def test_exec_quotes_what_the_specification_reserves() -> None:
    command = ["/home/ana/My Apps/omnidesk", "--data-dir", '/srv/100% "desk"$1\\x']
    assert exec_value(command) == (
        '"/home/ana/My Apps/omnidesk" --data-dir "/srv/100%% \\\\"desk\\\\"\\\\$1\\\\\\\\x"'
    )
    assert exec_value(["/usr/bin/omnidesk", "--as", "ana"]) == "/usr/bin/omnidesk --as ana"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_the_entry_is_a_valid_desktop_file(tmp_path: Path) -> None:
    entry = tmp_path / f"{APP_ID}.desktop"
    entry.write_text(entry_text(["/home/ana/My Apps/omnidesk", "--data-dir", "/srv/100% desk"]),
                     encoding="utf-8")
    checked = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True,
                             check=False)
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout


def test_the_command_starts_this_same_omnidesk(tmp_path: Path) -> None:
    assert launch_command(program="/opt/omnidesk/omnidesk", executable="/opt/omnidesk/omnidesk",
                          frozen=True) == ["/opt/omnidesk/omnidesk"]
    script = launch_command(program=".venv/bin/omnidesk", executable="/usr/bin/python3", frozen=False)
    assert script == [os.path.abspath(".venv/bin/omnidesk")]
    module = launch_command(program="/src/ui/launch.py", executable="/usr/bin/python3", frozen=False)
    assert module == ["/usr/bin/python3", "-m", "ui.launch"]
    chosen = launch_command(program="/usr/bin/omnidesk", executable="/usr/bin/python3", frozen=False,
                            data_dir=tmp_path / "desk")
    assert chosen == ["/usr/bin/omnidesk", "--data-dir", str(tmp_path / "desk")]
