"""The fake's messages: every chat's log, paging and word search, kept in this one place so a
change to what a message id is (or how pages are asked for) touches nothing else."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from app.domain import Attachment, AuthorKind, Message, MessagePage
from app.domain.message import MATCH_END, MATCH_START
from app.errors import InvalidInput

_WORD = re.compile(r"\w+", re.UNICODE)
# Words shown on each side of a match in a snippet.
_SNIPPET_WORDS = 6


def words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


def matches(text: str, wanted: list[str]) -> bool:
    """Every wanted word is a word of `text`; the last may be the start of one (as typed)."""
    if not wanted:
        return False
    have = words(text)
    *whole, last = wanted
    return all(word in have for word in whole) and any(word.startswith(last) for word in have)


def snippet(text: str, wanted: list[str]) -> str:
    """The words around the first match, the matching word between the snippet markers."""
    found = list(_WORD.finditer(text))
    hit = next((i for i, m in enumerate(found)
                if m.group(0).lower() in wanted[:-1] or m.group(0).lower().startswith(wanted[-1])), 0)
    first, last = max(0, hit - _SNIPPET_WORDS), min(len(found) - 1, hit + _SNIPPET_WORDS)
    start, end = found[first].start(), found[last].end()
    word = found[hit]
    return ("…" if first else "") + text[start:word.start()] + MATCH_START + word.group(0) + MATCH_END \
        + text[word.end():end] + ("…" if last < len(found) - 1 else "")


class MessageLog:
    """Messages by chat, in the order they were added. Ids are opaque strings (as a server's
    are); pages are cut by position, the cursor being the id of a page's first message."""

    def __init__(self) -> None:
        self._by_chat: dict[str, list[Message]] = defaultdict(list)
        self._added = 0

    def add(self, chat_id: str, *, author_kind: AuthorKind, author_id: str | None, author_name: str,
            text: str, at: datetime, attachment: Attachment | None = None) -> Message:
        self._added += 1
        message = Message(id=f"fake-msg-{self._added:06d}", chat_id=chat_id, author_kind=author_kind,
                          author_id=author_id, author_name=author_name, text=text, sent_at=at,
                          attachment=attachment)
        self._by_chat[chat_id].append(message)
        return message

    def of(self, chat_id: str) -> list[Message]:
        return list(self._by_chat.get(chat_id, ()))

    def page(self, chat_id: str, *, before: str | None, limit: int) -> MessagePage:
        """Up to `limit` messages before the message `before` (the newest when None), oldest
        first; InvalidInput for a cursor that is no message of this chat."""
        if limit < 1:
            raise InvalidInput("A page holds at least one message.", code="page-limit-invalid")
        log = self._by_chat.get(chat_id, [])
        end = len(log)
        if before is not None:
            end = next((i for i, m in enumerate(log) if m.id == before), -1)
            if end < 0:
                raise InvalidInput("Those older messages cannot be found: open the chat again.",
                                   code="page-cursor-unknown")
        start = max(0, end - limit)
        found = log[start:end]
        return MessagePage(found, found[0].id if start > 0 and found else None)

    def last(self, chat_id: str) -> Message | None:
        log = self._by_chat.get(chat_id)
        return log[-1] if log else None

    def count(self, chat_id: str) -> int:
        return len(self._by_chat.get(chat_id, ()))

    def matching(self, chat_ids: Iterable[str], wanted: list[str]) -> list[Message]:
        """Messages of these chats that match every wanted word, newest first."""
        found = [m for chat_id in chat_ids for m in self._by_chat.get(chat_id, ())
                 if matches(m.text, wanted)]
        arrival = {m.id: n for n, m in enumerate(m for log in self._by_chat.values() for m in log)}
        return sorted(found, key=lambda m: arrival[m.id], reverse=True)
