"""What Omnidesk is to the desktop and to its users: its id, its names, its version, its licence
and the libraries it runs on, in one place for the window, the About dialog, `--version`, the
autostart entry and the package.

The version and the libraries come from the installed distribution's metadata (pyproject.toml in a
checkout; the bundle carries the same metadata), so nothing here needs updating by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.metadata import PackageMetadata

# The reverse-DNS id: the .desktop file's and the AppStream component's name, the icon's name
# and the Wayland app id. Changing it orphans users' autostart entries: keep it.
APP_ID = "org.omnidesk.Omnidesk"
# The application name Qt is given: the class of the X11 WM_CLASS, which the .desktop file's
# StartupWMClass names so the desktop groups the window under its launcher.
APP_NAME = "Omnidesk"
COMMAND = "omnidesk"
DISTRIBUTION = "omnidesk"
LICENCE = "MIT"


@dataclass(frozen=True, slots=True)
class Library:
    name: str
    version: str | None  # None: declared but not installed here
    licence: str


def version() -> str:
    """Omnidesk's version, or "unknown" when run from sources that were never installed."""
    return _version_of(DISTRIBUTION) or "unknown"


def libraries() -> list[Library]:
    """The libraries Omnidesk declares it needs, as installed here, sorted by name."""
    from importlib import metadata  # noqa: PLC0415  (~80 ms: only the About dialog asks)

    try:
        required = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        required = []
    names = {_requirement_name(line) for line in required if "extra ==" not in line}
    found = []
    for name in sorted(names, key=str.lower):
        try:
            details = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            found.append(Library(name, None, ""))
            continue
        found.append(Library(_field(details, "Name") or name, _field(details, "Version"),
                             licence_of(details)))
    return found


def licence_of(details: PackageMetadata) -> str:
    """A distribution's licence in a few words: its SPDX expression, a short License field, or
    the last words of its licence classifier (some put the whole licence text in License)."""
    expression = _field(details, "License-Expression")
    if expression:
        return expression
    field = _field(details, "License")
    if field and "\n" not in field and len(field) <= 60:
        return field
    classifiers = [c for c in details.get_all("Classifier") or [] if c.startswith("License ::")]
    return classifiers[-1].split(" :: ")[-1] if classifiers else ""


def _field(details: PackageMetadata, name: str) -> str:
    values = details.get_all(name) or []
    return str(values[0]).strip() if values else ""


def _requirement_name(line: str) -> str:
    return re.split(r"[\s;<>=!~\[(]", line.strip(), maxsplit=1)[0]


def _version_of(name: str) -> str | None:
    from importlib import metadata  # noqa: PLC0415

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
