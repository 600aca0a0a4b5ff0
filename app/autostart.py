"""Start when I log in: the user's XDG autostart entry for Omnidesk.

The entry is a desktop file in `$XDG_CONFIG_HOME/autostart` (freedesktop's Desktop Application
Autostart Specification), read by every desktop that follows it. The file is the one source of
truth: there is no setting beside it, so what a desktop's own "Startup applications" tool does to
it (GNOME writes `X-GNOME-Autostart-enabled=false`, others `Hidden=true`) is what Omnidesk shows.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.appinfo import APP_ID, APP_NAME, COMMAND

# Characters that make an argument of a desktop file's Exec key need double quotes, and those
# that must then be escaped inside them (the Desktop Entry Specification, "The Exec key").
_NEEDS_QUOTES = frozenset(' \t\n"\'\\><~|&;$*?#()`')
_ESCAPED_IN_QUOTES = frozenset('"`$\\')


@dataclass(frozen=True, slots=True)
class Autostart:
    """The autostart entry of this user, and the command it starts Omnidesk with."""

    path: Path
    command: tuple[str, ...]

    @classmethod
    def for_user(cls, command: Sequence[str], environ: Mapping[str, str] | None = None) -> Autostart:
        environ = os.environ if environ is None else environ
        config_home = environ.get("XDG_CONFIG_HOME", "")
        # The specification says to ignore a relative XDG_CONFIG_HOME.
        base = Path(config_home) if os.path.isabs(config_home) else Path.home() / ".config"
        return cls(base / "autostart" / f"{APP_ID}.desktop", tuple(command))

    def is_enabled(self) -> bool:
        """Whether the desktop will start Omnidesk at log-in (off when there is no entry); reads
        the entry each time, as the desktop's own tools may change it."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:  # no entry, or none the desktop could read either
            return False
        values = _entry_values(text)
        return (values.get("Hidden", "false") != "true"
                and values.get("X-GNOME-Autostart-enabled", "true") != "false")

    def enable(self) -> None:
        """Write the entry (replacing one that was turned off); raises OSError."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.partial")
        partial.write_text(entry_text(self.command), encoding="utf-8")
        partial.replace(self.path)

    def disable(self) -> None:
        """Remove the entry; raises OSError."""
        self.path.unlink(missing_ok=True)


def entry_text(command: Sequence[str]) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Start Omnidesk when you log in\n"
        # Once Omnidesk is uninstalled, desktops skip an entry whose TryExec is gone.
        f"TryExec={_string_value(command[0])}\n"
        f"Exec={exec_value(command)}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def exec_value(command: Sequence[str]) -> str:
    """The Exec value that runs exactly these arguments: quoted where the specification asks,
    `%` doubled (field codes), and backslashes escaped once more as every string value is."""
    return " ".join(_exec_argument(argument) for argument in command)


def launch_command(*, program: str, executable: str, frozen: bool,
                   data_dir: Path | None = None) -> list[str]:
    """The command that starts this same Omnidesk: the bundle's executable, or the `omnidesk`
    script that was run, or this Python running the launcher module; with the data directory
    when the user chose one."""
    if frozen:
        command = [executable]
    elif Path(program).name == COMMAND:
        command = [os.path.abspath(program)]
    else:
        command = [executable, "-m", "ui.launch"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir.expanduser().resolve())]
    return command


def _string_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def _exec_argument(argument: str) -> str:
    text = argument.replace("%", "%%")
    if argument and not _NEEDS_QUOTES.intersection(argument):
        return text
    quoted = "".join(f"\\{char}" if char in _ESCAPED_IN_QUOTES else char for char in text)
    return '"' + quoted.replace("\\", "\\\\") + '"'


def _entry_values(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    group = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values.setdefault(key.strip(), value.strip().lower())
    return values
