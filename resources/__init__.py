"""Files the app ships with (sounds, the emoji the desk offers), found next to this package."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent
CHIME = ROOT / "sounds" / "chime.wav"
EMOJI = ROOT / "emoji.tsv"
