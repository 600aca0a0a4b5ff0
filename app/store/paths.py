"""Where Omnidesk keeps its data."""

from __future__ import annotations

from pathlib import Path

DATABASE_FILE = "omnidesk.sqlite3"
ATTACHMENTS_DIR = "attachments"


def default_data_dir() -> Path:
    """The user's data directory for Omnidesk (XDG on Linux, the native place elsewhere)."""
    import platformdirs  # noqa: PLC0415  (only when no --data-dir is given: it costs start-up)

    return Path(platformdirs.user_data_dir("omnidesk", appauthor=False))


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILE


def attachments_dir(data_dir: Path) -> Path:
    """Where files sent in chats are kept (app.store.files), beside the database."""
    return data_dir / ATTACHMENTS_DIR
