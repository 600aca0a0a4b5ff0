"""The desk in the user's language: Qt Linguist translations (resources/i18n/), the language chosen,
and app/'s phrases said in it.

Texts of ui/ are marked where they are written: `self.tr("...")` in a QObject (the class is the
context), `translate("context", "...")` elsewhere, `SomeClass.tr("%n ...", None, count)` for a
count outside an instance (lupdate reads only these spellings; see resources/i18n/update.py), and
`QT_TRANSLATE_NOOP("context", "...")` for a module's or class's constant, translated with the same
context where it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

# The spelling lupdate extracts outside classes: translate("context", "source text").
translate = QCoreApplication.translate


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # (the name lupdate reads)
    """`text`, marked for translation in `context`: translated later, where it is shown."""
    return text
