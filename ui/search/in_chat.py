"""A chat opened from a search: the messages loaded reach back to the one found, which is brought
into view with the searched words marked. The desk's conversation and the monitor's transcript
both open chats so."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QAbstractItemView, QListView

from app.domain import Message, MessagePage
from ui.models.messages import MessageModel
from ui.workspace.message_delegate import MessageDelegate, matches_in, search_words

# How far back a chat is read for a message found in it: pages of its size. A hit further back
# than this opens at the oldest message read (the page before loads on scrolling up, as ever).
MAX_PAGES_BACK = 20


class MessagePages(Protocol):
    async def messages(self, chat_id: str, *, before: str | None = None, limit: int = 500) -> MessagePage: ...


async def read_back_to(backend: MessagePages, chat_id: str, first: MessagePage, message_id: str | None,
                       *, limit: int) -> MessagePage:
    """`first` (the chat's newest page) with the pages before it, up to the one holding
    `message_id`; `first` itself when that message is in it or none is wanted."""
    if message_id is None:
        return first
    found: list[Message] = list(first.messages)
    older = first.older
    for _ in range(MAX_PAGES_BACK):
        if older is None or any(m.id == message_id for m in found):
            break
        page = await backend.messages(chat_id, before=older, limit=limit)
        found[0:0] = page.messages
        older = page.older
    return MessagePage(messages=found, older=older)


def bring_match_into_view(view: QListView, model: MessageModel, delegate: MessageDelegate, text: str,
                          message_id: str | None = None) -> int | None:
    """Mark the words of `text` in the messages holding them all and bring the message
    `message_id` (else the first such message) to the middle of the view; an empty `text`
    marks nothing. Returns the row brought into view, if any."""
    words = search_words(text)
    delegate.highlight = words
    view.viewport().update()
    if not words:
        return None
    row = model.row_of(message_id) if message_id is not None else None
    if row is None:
        row = next((r for r in range(model.rowCount()) if matches_in(model.message_at(r).text, words)), None)
    if row is None:
        return None
    # Not the newest message, this one: lay every row out now (a batched layout would place it
    # later) and show it in the middle.
    mode = view.layoutMode()
    view.setLayoutMode(QListView.LayoutMode.SinglePass)
    view.doItemsLayout()
    view.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
    view.setLayoutMode(mode)
    return row
