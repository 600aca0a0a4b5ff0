"""Messages exchanged in a chat, and what a search returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.attachment import Attachment
from app.domain.chat import ChatStatus

# Rocket.Chat's default Message_MaxAllowedSize is 5,000 characters; email bodies run longer,
# so the desk accepts up to 64 KiB of text and refuses more with a message saying so.
MAX_MESSAGE_CHARS = 65_536


class AuthorKind(StrEnum):
    VISITOR = "visitor"
    AGENT = "agent"
    SYSTEM = "system"
    # An internal note: written by the serving agent, a monitor of the chat's unit or an admin,
    # read by staff only; never sent to the visitor (beyond Rocket.Chat, whose livechat rooms
    # have no private messages: RocketChat/feature-requests#145).
    NOTE = "note"

    @property
    def staff_only(self) -> bool:
        """Whether a visitor must never see messages of this kind."""
        return self in (AuthorKind.SYSTEM, AuthorKind.NOTE)


@dataclass(frozen=True, slots=True)
class Message:
    # Unique among all messages, chosen when the message is sent (by the sender or the desk),
    # like Rocket.Chat's `_id`. Opaque: a chat's messages are listed in the order they arrived,
    # which their ids do not tell.
    id: str
    chat_id: str
    author_kind: AuthorKind
    author_id: str | None
    author_name: str
    # A file message's text is its caption, often empty (Rocket.Chat's `msg: ''`).
    text: str
    sent_at: datetime
    # The file a file message carries (Rocket.Chat's `file`); None for every other message.
    attachment: Attachment | None = None
    # The visitor changed the text (Rocket.Chat's editedAt, editedBy); staff see that it was.
    edited_at: datetime | None = None
    edited_by: str | None = None
    # The visitor deleted the message: its text is gone, the row marks where it was.
    deleted_at: datetime | None = None
    # Written while the server could not be reached: kept on this computer and sent, with this
    # id, when the link is back (a remote backend's outbox); False once the server has it.
    pending: bool = False

    @property
    def summary(self) -> str:
        """One line for lists and notices: the text, or for a file its name."""
        if self.attachment is not None and not self.text.strip():
            return f"📎 {self.attachment.name}"
        return self.text


@dataclass(frozen=True, slots=True)
class MessagePage:
    """One page of a chat's messages, as `Backend.messages` returns it."""

    messages: list[Message]  # oldest first
    older: str | None  # opaque cursor for the page before this one; None when this page starts the chat


# A snippet's match markers: private-use characters that visitor text cannot meaningfully
# contain, so a match is shown without ever reading the text as markup.
MATCH_START = "\ue000"
MATCH_END = "\ue001"


@dataclass(frozen=True, slots=True)
class SearchHit:
    message: Message
    visitor_name: str
    # The matched text around the hit, with the match between the markers; plain text.
    snippet: str
    # Where the hit's chat stands now (waiting, open, on hold, closed): a desk lists it.
    chat_status: ChatStatus

    def marked_snippet(self) -> tuple[str, list[tuple[int, int]]]:
        """The snippet without its markers, and the (start, length) of each match in it."""
        text: list[str] = []
        spans: list[tuple[int, int]] = []
        length, start = 0, None
        for character in self.snippet:
            if character == MATCH_START:
                start = length
            elif character == MATCH_END:
                if start is not None and length > start:
                    spans.append((start, length - start))
                start = None
            else:
                text.append(character)
                length += 1
        return "".join(text), spans
