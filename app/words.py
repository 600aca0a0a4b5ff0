"""Sentences that app/ says to people, kept translatable without Qt.

app/ never imports Qt, yet its refusals, validation problems and the system messages of a chat's
history are read by people who may not read English. So app/ does not hand out finished strings:
it hands out a `Phrase`, the English source sentence with the context Qt Linguist files it under
and the values to put in it. ui/ says the phrase in the language the user chose (`ui.i18n.say`);
`str(phrase)` is the English sentence, for logs, the command line and tests.

A phrase is written as `SomeBook.tr("text", disambiguation, count)` where `SomeBook` subclasses
`PhraseBook`: that spelling is the one Qt's lupdate extracts from Python (the class name becomes the
context, and a count makes a message with plural forms), the same as `self.tr` in ui/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Union

# What a phrase's {fields} take: names and other text as they are, counts, and other phrases
# (said in the same language as the phrase holding them).
PhraseArg = Union[str, int, "Phrase"]


@dataclass(frozen=True, slots=True)
class Phrase:
    context: str
    # The English source: `{field}`s for the values in `args`; "%n" for `count` when it has one,
    # with English plurals spelled "(s)" ("%n minute(s)").
    text: str
    disambiguation: str | None = None
    count: int | None = None
    args: tuple[tuple[str, PhraseArg], ...] = ()

    def format(self, **args: PhraseArg) -> Phrase:
        """This phrase with values for its {fields}."""
        return replace(self, args=(*self.args, *args.items()))

    def __str__(self) -> str:
        return english(self)


class PhraseBook:
    """Subclass it once per subject: the subclass's name is the context translators see."""

    @classmethod
    def tr(cls, text: str, disambiguation: str | None = None, n: int | None = None) -> Phrase:
        return Phrase(cls.__name__, text, disambiguation, n)


_PLURAL = re.compile(r"\((s|es)\)")


def english_forms(text: str) -> tuple[str, str]:
    """The singular and plural of a text with a count: "%n minute(s)" -> "%n minute", "%n minutes"."""
    return _PLURAL.sub("", text), _PLURAL.sub(r"\1", text)


def english_plural(text: str, count: int) -> str:
    """`text` said for `count`: "%n minute(s)" -> "1 minute", "2 minutes"."""
    singular, plural = english_forms(text)
    return (singular if count == 1 else plural).replace("%Ln", f"{count:,}").replace("%n", str(count))


def english(phrase: Phrase) -> str:
    """The phrase in English, with its values put in (numbers with thousands separators)."""
    text = phrase.text if phrase.count is None else english_plural(phrase.text, phrase.count)
    return text.format(**{name: _english_value(value) for name, value in phrase.args})


def _english_value(value: PhraseArg) -> str:
    if isinstance(value, Phrase):
        return english(value)
    if isinstance(value, int):
        return f"{value:,}"
    return value


