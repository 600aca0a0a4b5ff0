"""What a user typed, checked before any backend acts on it; each failure says what to fix.

Who may do what is not decided here: that is app.policy."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.canned import SHORTCUT
from app.domain.message import MAX_MESSAGE_CHARS
from app.errors import InvalidInput
from app.words import PhraseBook


class Validation(PhraseBook):
    """What is wrong with what a user typed, and how to fix it."""


MAX_TAG_CHARS = 64
MAX_COMMENT_CHARS = 2_000


def message_text(text: str) -> str:
    """The text to send, or InvalidInput saying what is wrong with it."""
    if not text.strip():
        raise InvalidInput(Validation.tr("The message is empty: type something before sending."),
                           code="message-empty")
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidInput(
            Validation.tr("The message is {length} characters long; the limit is {limit}. "
                          "Shorten it or send it in parts.").format(
                                  length=len(text), limit=MAX_MESSAGE_CHARS),
            code="message-too-long",
        )
    return text


def caption_text(text: str) -> str:
    """A file's caption (it may be empty), or InvalidInput when it is too long."""
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidInput(
            Validation.tr("The caption is {length} characters long; the limit is {limit}.").format(
                length=len(text), limit=MAX_MESSAGE_CHARS),
            code="message-too-long",
        )
    return text


def canned_shortcut(shortcut: str) -> str:
    cleaned = shortcut.strip().removeprefix("!")
    if not SHORTCUT.match(cleaned):
        raise InvalidInput(
            Validation.tr("A shortcut is 1 to 40 letters, digits, - or _ (typed after !), such as !refund."),
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
            raise InvalidInput(Validation.tr("The tag '{tag}…' is longer than {limit} characters.").format(
                tag=tag[:20], limit=MAX_TAG_CHARS),
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
            Validation.tr("Unknown tag(s): {tags}. Choose from the organisation's tags.", None,
                          len(unknown)).format(tags=", ".join(unknown)),
            code="tag-unknown",
        )


MAX_TOPIC_CHARS = 200


def topic_text(topic: str) -> str:
    topic = " ".join(topic.split())
    if len(topic) > MAX_TOPIC_CHARS:
        raise InvalidInput(Validation.tr("The topic is longer than {limit} characters.").format(
            limit=MAX_TOPIC_CHARS), code="topic-too-long")
    return topic


def comment_text(comment: str) -> str:
    comment = comment.strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise InvalidInput(Validation.tr("The comment is longer than {limit} characters.").format(
            limit=MAX_COMMENT_CHARS),
                           code="comment-too-long")
    return comment
