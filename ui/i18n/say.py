"""app/'s phrases said in the desk's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from app.errors import OmnideskError
from app.words import Phrase, PhraseArg


def say(phrase: Phrase | str) -> str:
    """`phrase` translated, with its values put in (nested phrases translated too, numbers
    written as the language writes them). A plain string is said as it is."""
    if isinstance(phrase, str):
        return phrase
    text = QCoreApplication.translate(phrase.context, phrase.text, phrase.disambiguation,
                                      -1 if phrase.count is None else phrase.count)
    if not phrase.args:
        return text
    return text.format(**{name: _value(value) for name, value in phrase.args})


def _value(value: PhraseArg) -> str:
    if isinstance(value, Phrase):
        return say(value)
    if isinstance(value, int):
        return QLocale().toString(value)
    return value


def say_error(error: OmnideskError) -> str:
    """What to show for `error`: its phrase in the user's language, else its message."""
    return say(error.phrase) if error.phrase is not None else error.message
