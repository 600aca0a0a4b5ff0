"""The files the desktop reads about Omnidesk (menu entry, AppStream metainfo, icons) agree with
the app: its id, command, window class, licence and version; and the validators accept them."""

from __future__ import annotations

import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from app.appinfo import APP_ID, APP_NAME, COMMAND, LICENCE
from resources import APP_ICON_SIZES, APP_ICON_SVG, ICONS, app_icon_png

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "resources" / "desktop" / f"{APP_ID}.desktop"
METAINFO = ROOT / "resources" / "desktop" / f"{APP_ID}.metainfo.xml"


def _entry() -> dict[str, str]:
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def test_the_menu_entry_starts_the_command_and_groups_its_windows() -> None:
    entry = _entry()
    assert entry["Type"] == "Application" and entry["Name"] == "Omnidesk"
    assert entry["Exec"] == COMMAND
    assert entry["Icon"] == APP_ID
    # X11 groups a window under the launcher whose StartupWMClass is its WM_CLASS class, which
    # Qt takes from the application name ui.launch sets.
    assert entry["StartupWMClass"] == APP_NAME
    assert {"Network", "Chat"} <= set(entry["Categories"].rstrip(";").split(";"))
    assert "helpdesk" in entry["Keywords"].split(";") and entry["Terminal"] == "false"


def test_the_metainfo_describes_the_same_application_and_this_version() -> None:
    component = ElementTree.parse(METAINFO).getroot()
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == f"{APP_ID}.desktop"
    assert component.findtext("provides/binary") == COMMAND
    assert component.findtext("project_license") == LICENCE
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    # A new version needs its release note here: software centres show it.
    assert component.find("releases/release").get("version") == version  # type: ignore[union-attr]


def test_every_icon_size_is_drawn_at_its_size() -> None:
    for size in APP_ICON_SIZES:
        header = app_icon_png(size).read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == (size, size)
    for drawing in (APP_ICON_SVG, ICONS / "omnidesk-16.svg"):
        assert ElementTree.parse(drawing).getroot().get("viewBox") is not None


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_file_validate_accepts_the_menu_entry() -> None:
    checked = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True,
                             check=False)
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_appstreamcli_accepts_the_metainfo() -> None:
    checked = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout
    assert "W:" not in checked.stdout and "E:" not in checked.stdout
