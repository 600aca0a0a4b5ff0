"""Where the Livechat widget's files are: installed by ./dev from the npm package
@rocket.chat/livechat into .widget/ (never committed)."""

from __future__ import annotations

import os
from pathlib import Path

WIDGET_VERSION = "1.13.3"
_ROOT = Path(__file__).resolve().parents[2]


def widget_dir() -> Path | None:
    """The widget's build folder, if installed (OMNIDESK_WIDGET_DIR overrides)."""
    chosen = os.environ.get("OMNIDESK_WIDGET_DIR")
    folder = Path(chosen) if chosen else _ROOT / ".widget" / f"livechat-{WIDGET_VERSION}"
    return folder if (folder / "index.html").is_file() else None
