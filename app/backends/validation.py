"""What a user typed, checked before any backend acts on it; each failure says what to fix.

Who may do what is not decided here: that is app.policy."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.canned import SHORTCUT
from app.domain.message import MAX_MESSAGE_CHARS
from app.errors import InvalidInput

MAX_TAG_CHARS = 64
MAX_COMMENT_CHARS = 2_000


def message_text(text: str) -> str:
    """The text to send, or InvalidInput saying what is wrong with it."""
    if not text.strip():
        raise InvalidInput("The message is empty: type something before sending.", code="message-empty")
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidInput(
            f"The message is {len(text):,} characters long; the limit is {MAX_MESSAGE_CHARS:,}. "
            "Shorten it or send it in parts.",
            code="message-too-long",
        )
    return text


def caption_text(text: str) -> str:
    """A file's caption (it may be empty), or InvalidInput when it is too long."""
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidInput(
            f"The caption is {len(text):,} characters long; the limit is {MAX_MESSAGE_CHARS:,}.",
            code="message-too-long",
        )
    return text


def canned_shortcut(shortcut: str) -> str:
    cleaned = shortcut.strip().removeprefix("!")
    if not SHORTCUT.match(cleaned):
        raise InvalidInput(
            "A shortcut is 1 to 40 letters, digits, - or _ (typed after !), such as !refund.",
            code="canned-shortcut-invalid",
        )
    return cleaned


def close_tags(tags: Sequence[str]) -> tuple[str, ...]:
    cleaned: list[str] = []
    for raw in tags:
        tag = raw.strip()
        if not tag:
            continue
        if len(tag) > MAX_TAG_CHARS:
            raise InvalidInput(f"The tag '{tag[:20]}…' is longer than {MAX_TAG_CHARS} characters.",
                               code="tag-too-long")
        if tag not in cleaned:
            cleaned.append(tag)
    return tuple(cleaned)


def require_known_tags(tags: Sequence[str], managed: Sequence[str]) -> None:
    """With a managed tag list, only its tags may be used (any tag when the list is empty)."""
    if not managed:
        return
    known = {tag.lower() for tag in managed}
    unknown = [tag for tag in tags if tag.lower() not in known]
    if unknown:
        raise InvalidInput(
            f"Unknown tag{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            "Choose from the organisation's tags.",
            code="tag-unknown",
        )


MAX_TOPIC_CHARS = 200


def topic_text(topic: str) -> str:
    topic = " ".join(topic.split())
    if len(topic) > MAX_TOPIC_CHARS:
        raise InvalidInput(f"The topic is longer than {MAX_TOPIC_CHARS} characters.", code="topic-too-long")
    return topic


def comment_text(comment: str) -> str:
    comment = comment.strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise InvalidInput(f"The comment is longer than {MAX_COMMENT_CHARS:,} characters.",
                           code="comment-too-long")
    return comment
