"""Files the app ships with (sounds, translations, the emoji the desk offers, its icon), found
next to this package."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent
CHIME = ROOT / "sounds" / "chime.wav"
TRANSLATIONS = ROOT / "i18n"
EMOJI = ROOT / "emoji.tsv"
ICONS = ROOT / "icons"
# The sizes of the icon's PNGs: the freedesktop icon theme's usual ones, 16 (menus) to 512.
APP_ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
APP_ICON_SVG = ICONS / "omnidesk.svg"


def app_icon_png(size: int) -> Path:
    return ICONS / f"omnidesk-{size}.png"
