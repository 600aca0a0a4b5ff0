"""Extracts the marked texts of app/ and ui/ into the translation sources (.ts) and compiles them
(.qm), with the lupdate and lrelease that ship inside PySide6: `./dev i18n`.

- omnidesk_<language>.ts: every text, for Qt Linguist (`pyside6-linguist`) or any .ts editor.
  Texts that changed or appeared are left "unfinished"; tests/ui/test_i18n.py fails until each
  has its translation.
- omnidesk_en.ts: only the texts with a count ("%n minute(s)"), whose English singular and plural
  this script writes itself from the "(s)" spelling.

Sources are stored without line numbers, so moving code does not touch the .ts files. The .qm
files are committed next to them: the app runs without any tool, and a test checks that they
match their .ts.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import PySide6

from app.words import english_forms

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
TOOLS = Path(PySide6.__file__).resolve().parent
# The languages besides English (whose file is only plural forms).
LANGUAGES = ("pt_BR",)


def sources() -> list[str]:
    return sorted(str(path.relative_to(PROJECT)) for folder in ("app", "ui")
                  for path in (PROJECT / folder).rglob("*.py"))


def ts_file(language: str) -> Path:
    return HERE / f"omnidesk_{language}.ts"


def labels_source(folder: Path) -> str:
    """A Python file marking app/'s labels (ui.i18n.labels), which app/ keeps as plain strings."""
    from ui.i18n.labels import label_sources  # noqa: PLC0415  (imports Qt)

    path = folder / "app_labels.py"
    lines = (f"QT_TRANSLATE_NOOP({json.dumps(context)}, {json.dumps(text, ensure_ascii=False)})\n"
             for context, text in label_sources())
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


def extract(language: str, *, plural_only: bool = False, ts: Path | None = None) -> None:
    """Update `ts` (the language's .ts by default) with the texts marked in app/ and ui/."""
    command = [str(TOOLS / "lupdate"), "-silent", "-no-obsolete", "-locations", "none",
               "-source-language", "en", "-target-language", language]
    if plural_only:
        command.append("-pluralonly")
    with tempfile.TemporaryDirectory() as folder:
        target = ts or ts_file(language)
        subprocess.run([*command, *sources(), labels_source(Path(folder)), "-ts", str(target)],
                       cwd=PROJECT, check=True)


def write_english_plurals() -> int:
    """Fill the English plural forms ("1 minute", "%n minutes"); returns how many were filled."""
    path = ts_file("en")
    tree = ElementTree.parse(path)
    filled = 0
    for message in tree.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") != "unfinished":
            continue
        for form, text in zip(translation.findall("numerusform"), english_forms(source), strict=True):
            form.text = text
        del translation.attrib["type"]
        filled += 1
    if filled:
        ElementTree.indent(tree, space="    ")
        _write(tree, path)
    return filled


def _write(tree: ElementTree.ElementTree[ElementTree.Element], path: Path) -> None:
    body = ElementTree.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                    encoding="utf-8")


def compile_all() -> None:
    for language in ("en", *LANGUAGES):
        compile_ts(ts_file(language), qm_file(language))


def qm_file(language: str) -> Path:
    return HERE / f"omnidesk_{language}.qm"


def compile_ts(ts: Path, qm: Path) -> None:
    subprocess.run([str(TOOLS / "lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def unfinished(language: str, ts: Path | None = None) -> list[str]:
    """The source texts of `language` still waiting for a translation."""
    tree = ElementTree.parse(ts or ts_file(language))
    return [message.findtext("source") or "" for message in tree.iter("message")
            if (message.find("translation") is not None
                and message.find("translation").get("type") == "unfinished")]  # type: ignore[union-attr]


def main() -> int:
    extract("en", plural_only=True)
    write_english_plurals()
    for language in LANGUAGES:
        extract(language)
    compile_all()
    for language in LANGUAGES:
        waiting = unfinished(language)
        if waiting:
            print(f"{ts_file(language).name}: {len(waiting)} text(s) to translate, e.g. {waiting[0]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
