"""Files the app ships with (sounds), found next to this package."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent
CHIME = ROOT / "sounds" / "chime.wav"
