"""What a website visitor adds about themselves or their chat beyond messages: custom fields
from the site (Rocket.Chat's `livechat/custom.field(s)`), a survey after the chat
(`livechat/room.survey`), and the words a transcript request carries (`livechat/transcript`).
Everything here is the visitor's own text: plain, capped, never markup."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from app.domain import Chat
from app.domain.message import MAX_MESSAGE_CHARS
from app.store import messages, website_visitors

# Rocket.Chat's survey (the `survey` of `livechat/config`): these questions, answered 1 to 5,
# and free words as `additionalFeedback`. ("agentResposiveness" is spelt as Rocket.Chat spells it.)
SURVEY_ITEMS = ("satisfaction", "agentKnowledge", "agentResposiveness", "agentFriendliness")
SURVEY_VALUES = ("1", "2", "3", "4", "5")
SURVEY_FEEDBACK = "additionalFeedback"
_SURVEY_WORDS = {"satisfaction": "satisfaction", "agentKnowledge": "knowledge",
                 "agentResposiveness": "responsiveness", "agentFriendliness": "friendliness"}

MAX_FIELD_VALUE_CHARS = 1_000
MAX_FEEDBACK_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One custom field the site sets: Rocket.Chat's {key, value, overwrite}."""

    key: str
    value: str
    overwrite: bool = True


def set_custom_fields(connection: sqlite3.Connection, visitor_id: str, values: Sequence[FieldValue],
                      defined: Collection[str]) -> None:
    """Keep the values of the fields the admin defined (Rocket.Chat keeps those of its custom
    fields of scope visitor, and ignores the rest); without `overwrite`, a value already there
    stays."""
    fields = website_visitors.custom_fields(connection, visitor_id)
    for item in values:
        if item.key not in defined or (not item.overwrite and fields.get(item.key)):
            continue
        fields[item.key] = " ".join(item.value.split())[:MAX_FIELD_VALUE_CHARS]
    website_visitors.set_custom_fields(connection, visitor_id, fields)


def survey_answers(data: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The answers Rocket.Chat keeps of a survey: known questions with a 1-5 value, and the
    free feedback; the rest is dropped. Empty when nothing was kept ("invalid-data")."""
    kept: dict[str, str] = {}
    for name, value in data:
        if (name in SURVEY_ITEMS and value in SURVEY_VALUES) or name == SURVEY_FEEDBACK:
            kept[name] = value
    return kept


def survey_text(answers: dict[str, str]) -> str:
    """The survey as staff read it on the chat."""
    rated = [f"{_SURVEY_WORDS[name]} {value}/5" for name, value in answers.items() if name in SURVEY_ITEMS]
    text = "The visitor answered the survey"
    text += ": " + ", ".join(rated) + "." if rated else "."
    feedback = " ".join(answers.get(SURVEY_FEEDBACK, "").split())[:MAX_FEEDBACK_CHARS]
    return text + (f" Their words: “{feedback}”" if feedback else "")


def transcript_request(connection: sqlite3.Connection, chat: Chat, email: str) -> str:
    """What the queued email asks: send the chat's transcript to `email`, with the transcript
    (what the visitor saw of it, oldest first), cut to fit one message."""
    head = (f"Please send the transcript of this website chat ({chat.created_at:%Y-%m-%d %H:%M} UTC) "
            f"to {email}.\n\n")
    lines: list[str] = []
    offset = 0
    while True:
        found, _ = messages.visitor_page(connection, chat.id, offset=offset, limit=500)
        if not found:
            break
        lines.extend(f"[{m.sent_at:%H:%M}] {m.author_name}: {m.text}" for m in found)
        offset += len(found)
    body = "\n".join(reversed(lines)) or "(no messages)"
    text = head + body
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"
