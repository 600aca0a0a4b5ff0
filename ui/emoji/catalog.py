"""The emoji the desk offers (resources/emoji.tsv), found by name, and Rocket.Chat's `:shortname:`
shown as the emoji it names.

Rocket.Chat keeps a message's text as typed (":smile:" stays ":smile:") and every client draws
the shortnames as emoji, the Livechat widget too (its shortnameToUnicode, with the names of
JoyPixels). The desk does the same: text is sent as typed, and messages are shown with the
shortnames it knows drawn as their emoji. The names here are the widget's, so a shortname the desk
draws is one the visitor sees drawn too. No Qt here: plain text in, plain text out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from resources import EMOJI

# What the widget replaces (its shortnamePattern; its table has lower-case names only).
SHORTNAME = re.compile(r":([-+_a-z0-9]+):")


@dataclass(frozen=True, slots=True)
class Emoji:
    character: str
    shortname: str  # Rocket.Chat's name, without the colons
    aliases: tuple[str, ...]  # other names the widget draws it for
    category: str
    keywords: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.shortname, *self.aliases)


class EmojiCatalog:
    def __init__(self, emoji: Iterable[Emoji]) -> None:
        self.emoji = list(emoji)
        self._by_name = {name: e for e in self.emoji for name in reversed(e.names)}
        self._by_character = {e.character: e for e in self.emoji}
        self.categories = list(dict.fromkeys(e.category for e in self.emoji))

    @classmethod
    def read(cls, path: Path) -> EmojiCatalog:
        found = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            character, shortname, aliases, category, keywords = line.split("\t")
            found.append(Emoji(character, shortname, tuple(aliases.split()), category,
                               tuple(keywords.lower().split())))
        return cls(found)

    def named(self, name: str) -> Emoji | None:
        """The emoji called `name` (a shortname or another of its names, without colons)."""
        return self._by_name.get(name)

    def of(self, character: str) -> Emoji | None:
        return self._by_character.get(character)

    def in_category(self, category: str) -> list[Emoji]:
        return [e for e in self.emoji if e.category == category]

    def find(self, text: str) -> list[Emoji]:
        """The emoji whose name starts with `text` (colons and case aside), then those with a
        name or a word containing it; each once, in the picker's order within each group."""
        wanted = text.strip().strip(":").lower()
        if not wanted:
            return list(self.emoji)
        starting = [e for e in self.emoji if any(n.startswith(wanted) for n in e.names)]
        seen = {e.character for e in starting}
        containing = [e for e in self.emoji if e.character not in seen
                      and any(wanted in word for word in (*e.names, *e.keywords))]
        return starting + containing

    def with_emoji(self, text: str) -> str:
        """`text` with each `:shortname:` this catalog knows drawn as its emoji; the rest as is."""
        if ":" not in text:
            return text

        def replace(match: re.Match[str]) -> str:
            emoji = self._by_name.get(match.group(1))
            return emoji.character if emoji is not None else match.group(0)

        return SHORTNAME.sub(replace, text)


@cache
def catalog() -> EmojiCatalog:
    """The desk's emoji, read once."""
    return EmojiCatalog.read(EMOJI)
