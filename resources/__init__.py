"""Files the app ships with (sounds, translations, the emoji the desk offers), found next to this package."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent
CHIME = ROOT / "sounds" / "chime.wav"
TRANSLATIONS = ROOT / "i18n"
EMOJI = ROOT / "emoji.tsv"
