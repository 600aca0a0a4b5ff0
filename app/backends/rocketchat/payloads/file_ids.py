"""Rocket.Chat's file ids written as the store writes attachment ids (32 lowercase hex digits, the
form app.store's attachments table checks), and back: the id stays Rocket.Chat's, only spelled
differently, so a file kept in the cache can always be asked of the server again.

Rocket.Chat's upload ids are either a Mongo ObjectId's hex (24 digits: what its models' insertOne
gives a new document) or Meteor's Random.id() (17 characters of 23456789ABCDEFGHJKLMNPQRSTWXYZ
abcdefghijkmnopqrstuvwxyz, older uploads). Written as:
- `a` + the length (2 hex digits) + the id, padded with zeroes: an id of at most 29 hex digits;
- `b` + 31 hex digits: any other id of at most 20 characters of [0-9A-Za-z_-], as a bijective
  base-64 number (no two ids give the same number).
Any other id cannot be kept (None): a file with such an id is shown without its file.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"^[0-9a-f]{1,29}$")
_TEXT = re.compile(r"^[0-9A-Za-z_-]{1,20}$")
_STORED = re.compile(r"^[ab][0-9a-f]{31}$")
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-"
_DIGIT = {character: value for value, character in enumerate(_ALPHABET, start=1)}
_BASE = len(_ALPHABET)


def stored_file_id(server_id: str) -> str | None:
    """`server_id` as 32 hex digits; None for an id that cannot be written so."""
    if _HEX.match(server_id):
        return f"a{len(server_id):02x}{server_id.ljust(29, '0')}"
    if _TEXT.match(server_id):
        value = 0
        for character in server_id:
            value = value * _BASE + _DIGIT[character]
        return f"b{value:031x}"
    return None


def server_file_id(stored: str) -> str:
    """The Rocket.Chat id `stored_file_id` wrote; ValueError for anything it did not write."""
    if not _STORED.match(stored):
        raise ValueError("not a stored Rocket.Chat file id")
    if stored[0] == "a":
        length = int(stored[1:3], 16)
        if not 1 <= length <= 29:
            raise ValueError("not a stored Rocket.Chat file id")
        return stored[3:3 + length]
    value = int(stored[1:], 16)
    characters = []
    while value > 0:
        value -= 1
        characters.append(_ALPHABET[value % _BASE])
        value //= _BASE
    if not characters:
        raise ValueError("not a stored Rocket.Chat file id")
    return "".join(reversed(characters))
