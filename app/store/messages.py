"""Repository for messages and full-text search over them.

A message row has two ids: `uid` is the message's own id (`Message.id`, a string, unique), and
`id` is the integer rowid, the order in which messages arrived on this machine, by which pages
are cut and which the search index (messages_fts) shares.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from app.domain import Attachment, AuthorKind, ChatStatus, Message, MessagePage, SearchHit
from app.domain.message import MATCH_END as MATCH_END  # re-exported: the store writes them
from app.domain.message import MATCH_START as MATCH_START
from app.errors import InvalidInput, NotFound
from app.policy import Scope
from app.store import scope as visible
from app.store.rows import from_ms, to_ms

_MESSAGE_COLUMNS = (
    "m.uid, m.chat_id, m.author_kind, m.author_id, m.author_name, m.text, m.sent_at, m.kind, "
    "a.id, a.name, a.media_type, a.size, a.width, a.height, m.edited_at, m.edited_by, m.deleted_at, "
    # Written here and not yet taken by the server (a server desk's outbox; never on the embedded).
    "EXISTS (SELECT 1 FROM outbox o WHERE o.message_uid = m.uid AND o.refused = '')"
)
_COLUMN_COUNT = 18
# A message with its file, if it carries one.
_MESSAGES = "messages m LEFT JOIN attachments a ON a.message_id = m.id"

# List rows show the start of a chat's last message only; the full text stays in the conversation.
# The chats table keeps this much of it (the migration that added the column says 200 too).
PREVIEW_CHARS = 200
# An inquiry's preview in the queue: enough to judge it, short enough for a list row.
INQUIRY_PREVIEW_CHARS = 160

# Above every rowid: "before the end" of a chat.
_END = 2**63 - 1


_WORD = re.compile(r"\w+", re.UNICODE)

# What a row is (the `kind` column). Staff-only rows are kept with the chat's messages, as
# Rocket.Chat keeps its hidden system messages (`livechat_navigation_history`, `_hidden`) in the
# room; both have author_kind 'system' (a kind no visitor path ever shows):
# - NOTE: an internal note (AuthorKind.NOTE);
# - CONTEXT: what the visitor's browser told (a page visited, its user agent) as JSON; not part
#   of the conversation: pages, counts and search leave them out (`visitor_context`).
# FILE: a file sent in the chat, described by its `attachments` row.
TEXT, NOTE, CONTEXT, FILE = "text", "note", "context", "file"
# SQL: the row is part of the conversation (not a context row).
_IN_CONVERSATION = f"m.kind != '{CONTEXT}'"
# SQL: the row is something a person wrote: a visitor's or an agent's message (a file too), or a
# note; not the desk's own system lines nor context rows.
_SPOKEN = f"(m.author_kind != 'system' OR m.kind = '{NOTE}')"

# (id, chat_id, author_kind, author_id, author_name, text, sent_at_ms), as insert_many takes them.
MessageRow = tuple[str, str, str, str | None, str, str, int]


def arrival_id(number: int) -> str:
    """The id of the message that arrived `number`th: 17 digits, zero-padded, so these ids sort as
    the numbers do. Messages from before string ids got theirs this way (the migration), and the
    sample organisation numbers its messages so. Ids that Rocket.Chat makes (Meteor's Random.id)
    never contain a 0, and the desk's fresh ones are 32 hex digits: these never meet either."""
    return f"{number:017d}"


def _message(row: tuple) -> Message:  # type: ignore[type-arg]
    kind = AuthorKind.NOTE if row[7] == NOTE else AuthorKind(row[2])
    attachment = None
    if row[8] is not None:
        attachment = Attachment(id=row[8], name=row[9], media_type=row[10], size=row[11],
                                width=row[12], height=row[13])
    return Message(id=row[0], chat_id=row[1], author_kind=kind, author_id=row[3],
                   author_name=row[4], text=row[5], sent_at=from_ms(row[6]), attachment=attachment,
                   edited_at=None if row[14] is None else from_ms(row[14]), edited_by=row[15],
                   deleted_at=None if row[16] is None else from_ms(row[16]), pending=bool(row[17]))


def fts_query(text: str) -> str | None:
    """Turn what a user typed into a safe FTS5 query: every word must match, the last as a prefix.

    Each word is quoted, so FTS5 operators and punctuation in the input are never interpreted.
    Returns None when the text has no word to search for.
    """
    words = _WORD.findall(text)
    if not words:
        return None
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def page(
    connection: sqlite3.Connection, chat_id: str, *, before: str | None = None, limit: int = 500
) -> MessagePage:
    """Up to `limit` messages of the chat, oldest first: the newest ones, or those sent before the
    message `before` (a page's `older` cursor: the id of its first message). Ordered by the time
    they were sent, then by arrival here (a server's cache may receive an older message late).

    Raises InvalidInput when `before` is no message of this chat, or `limit` is below 1.
    """
    if limit < 1:
        raise InvalidInput("A page holds at least one message.", code="page-limit-invalid")
    below = (_END, _END)
    if before is not None:
        row = connection.execute(
            "SELECT sent_at, id FROM messages WHERE uid = ? AND chat_id = ?", (before, chat_id)
        ).fetchone()
        if row is None:
            raise InvalidInput("Those older messages cannot be found: open the chat again.",
                               code="page-cursor-unknown")
        below = (row[0], row[1])
    # One row more than asked says whether an older page exists.
    rows = connection.execute(
        f"SELECT {_MESSAGE_COLUMNS} FROM {_MESSAGES} "
        f"WHERE m.chat_id = ? AND (m.sent_at, m.id) < (?, ?) "
        f"AND {_IN_CONVERSATION} ORDER BY m.sent_at DESC, m.id DESC LIMIT ?",
        (chat_id, *below, limit + 1),
    ).fetchall()
    more = len(rows) > limit
    del rows[limit:]
    rows.reverse()
    found = [_message(row) for row in rows]
    return MessagePage(found, found[0].id if more else None)


def exists(connection: sqlite3.Connection, message_id: str) -> bool:
    row = connection.execute("SELECT EXISTS (SELECT 1 FROM messages WHERE uid = ?)", (message_id,)).fetchone()
    return bool(row[0])


def add_message(
    connection: sqlite3.Connection,
    chat_id: str,
    *,
    message_id: str,
    author_kind: AuthorKind,
    author_id: str | None,
    author_name: str,
    text: str,
    sent_at: datetime,
    attachment: Attachment | None = None,
) -> Message:
    """Store a message (with the file it carries, if any) and count it on its chat, which shows
    it as its last message.

    `message_id` is the id the sender or the engine chose; an id
    already taken fails the write (sqlite3.IntegrityError): check `exists` first to refuse it.
    A note carries no file.
    """
    if author_kind is AuthorKind.NOTE:
        if attachment is not None:
            raise InvalidInput("A note carries no file.", code="note-file")
        stored_kind, row_kind = AuthorKind.SYSTEM.value, NOTE
    else:
        stored_kind, row_kind = author_kind.value, TEXT if attachment is None else FILE
    cursor = connection.execute(
        "INSERT INTO messages (uid, chat_id, author_kind, author_id, author_name, text, sent_at, kind) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (message_id, chat_id, stored_kind, author_id, author_name, text, to_ms(sent_at), row_kind),
    )
    if attachment is not None:
        connection.execute(
            "INSERT INTO attachments (id, message_id, name, media_type, size, width, height) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (attachment.id, cursor.lastrowid, attachment.name, attachment.media_type,
             attachment.size, attachment.width, attachment.height),
        )
    message = Message(id=message_id, chat_id=chat_id, author_kind=author_kind, author_id=author_id,
                      author_name=author_name, text=text, sent_at=sent_at, attachment=attachment)
    connection.execute(
        "UPDATE chats SET last_message_at = ?, message_count = message_count + 1, last_message = ? "
        "WHERE id = ?",
        (to_ms(sent_at), message.summary[:PREVIEW_CHARS], chat_id),
    )
    return message


def attachment_by_id(connection: sqlite3.Connection, attachment_id: str) -> tuple[Attachment, Message]:
    """A stored file and the message that carries it; NotFound when there is none."""
    row = connection.execute(
        f"SELECT {_MESSAGE_COLUMNS} FROM {_MESSAGES} WHERE a.id = ?", (attachment_id,)
    ).fetchone()
    if row is None:
        raise NotFound("That file does not exist.", code="file-unknown")
    message = _message(row)
    assert message.attachment is not None
    return message.attachment, message


def message_by_id(connection: sqlite3.Connection, message_id: str) -> Message:
    """One message by its id; NotFound when there is none (or it is a context row)."""
    row = connection.execute(
        f"SELECT {_MESSAGE_COLUMNS} FROM {_MESSAGES} WHERE m.uid = ? AND {_IN_CONVERSATION}",
        (message_id,),
    ).fetchone()
    if row is None:
        raise NotFound("That message does not exist.", code="message-unknown")
    return _message(row)


def insert_many(connection: sqlite3.Connection, rows: Sequence[MessageRow]) -> None:
    """Bulk insert messages, in order of arrival, into existing chats. The chats' message counts
    and last messages follow; their `last_message_at` is left to the caller (bulk rows are
    history, often older than what the chat already has)."""
    connection.executemany(
        "INSERT INTO messages (uid, chat_id, author_kind, author_id, author_name, text, sent_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    counts = Counter(row[1] for row in rows)
    last_texts = {row[1]: row[5] for row in rows}  # a later row of the same chat wins
    connection.executemany(
        "UPDATE chats SET message_count = message_count + ?, last_message = ? WHERE id = ?",
        ((count, last_texts[chat_id][:PREVIEW_CHARS], chat_id) for chat_id, count in counts.items()),
    )


# The desk-wide search, in two steps. First the best matches' ids: each match is checked
# against its kind and the scope, through two narrow indexes (migration 17) that hold what the
# check reads, before it is ranked; nothing else is read for the hundreds of thousands of
# messages a common word matches. Then those few are joined with their chat, visitor and file
# and given their snippet (before, every match got them before the ranking, which cost more
# than the ranking itself). The results are the same: the same rows, conditions and order.
_BEST_MATCHES = (
    "SELECT m.id FROM messages_fts "
    "JOIN messages m INDEXED BY messages_search_facts ON m.id = messages_fts.rowid {chats}"
    f"WHERE messages_fts MATCH :query AND {_SPOKEN}{{visible}} "
    # Equally good matches: the newest first.
    "ORDER BY messages_fts.rank, m.id DESC LIMIT :limit"
)
# The chats the scope shows; every message's chat and visitor exist (foreign keys), so a scope
# that shows everything needs neither.
_IN_SCOPE = _BEST_MATCHES.format(chats="JOIN chats c INDEXED BY chats_search_scope ON c.id = m.chat_id ",
                                 visible=" AND " + visible.visible_chat("c"))
_EVERYWHERE = _BEST_MATCHES.format(chats="", visible="")
_HITS = (
    f"SELECT m.id, {_MESSAGE_COLUMNS}, v.name, "
    f"snippet(messages_fts, 0, '{MATCH_START}', '{MATCH_END}', '…', 12), c.status "
    "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
    "LEFT JOIN attachments a ON a.message_id = m.id "
    "JOIN chats c ON c.id = m.chat_id JOIN visitors v ON v.id = c.visitor_id "
    # One pass over the matches between the first and last found: a prefix query costs FTS5 a
    # merge of every word it expands to each time it starts, so not once per message (`+`
    # keeps the list from being handed to FTS5 as fifty lookups).
    "WHERE messages_fts MATCH :query AND messages_fts.rowid BETWEEN :first AND :last "
    "AND +messages_fts.rowid IN (SELECT value FROM json_each(:ids))"
)


def search(
    connection: sqlite3.Connection, query: str, *, scope: Scope, limit: int = 50
) -> list[SearchHit]:
    """Best matches first, among the visitors', agents' and notes' messages of the chats the
    scope shows (the desk's own system lines are not what anyone searches for)."""
    if scope.everything:
        found = connection.execute(_EVERYWHERE, {"query": query, "limit": limit})
    else:
        found = connection.execute(_IN_SCOPE, {"query": query, "limit": limit, **visible.parameters(scope)})
    ids = [row[0] for row in found]
    if not ids:
        return []
    rows = {row[0]: row[1:] for row in connection.execute(
        _HITS, {"query": query, "first": min(ids), "last": max(ids), "ids": json.dumps(ids)})}
    return [SearchHit(message=_message(row[:_COLUMN_COUNT]), visitor_name=row[_COLUMN_COUNT],
                      snippet=row[_COLUMN_COUNT + 1], chat_status=ChatStatus(row[_COLUMN_COUNT + 2]))
            for row in (rows[i] for i in ids if i in rows)]


def get(connection: sqlite3.Connection, chat_id: str, message_id: str) -> Message | None:
    """The message `message_id` of the chat `chat_id`; None when the chat has no such message."""
    row = connection.execute(
        f"SELECT {_MESSAGE_COLUMNS} FROM {_MESSAGES} WHERE m.uid = ? AND m.chat_id = ? "
        f"AND {_IN_CONVERSATION}", (message_id, chat_id)).fetchone()
    return None if row is None else _message(row)


def edit(connection: sqlite3.Connection, message_id: str, text: str, *, at: datetime, by: str) -> None:
    """Replace the message's text, marking it edited (the search index follows the text, the
    lists' previews too)."""
    connection.execute("UPDATE messages SET text = ?, edited_at = ?, edited_by = ? WHERE uid = ?",
                       (text, to_ms(at), by, message_id))
    _follow_in_previews(connection, message_id)


def delete(connection: sqlite3.Connection, message_id: str, *, at: datetime, by: str | None) -> None:
    """Remove the message's text and its file's row; the message's row stays, marked deleted,
    where the message was. The lists' previews show what is left. `by`: None when the server
    did not say who."""
    connection.execute("DELETE FROM attachments WHERE message_id = (SELECT id FROM messages WHERE uid = ?)",
                       (message_id,))
    connection.execute("UPDATE messages SET text = '', deleted_at = ?, edited_by = ? WHERE uid = ?",
                       (to_ms(at), by, message_id))
    _follow_in_previews(connection, message_id)


# SQL: the row is in the conversation and still there (not deleted).
_LIVE = f"m.chat_id = ? AND {_IN_CONVERSATION} AND m.deleted_at IS NULL"


def _follow_in_previews(connection: sqlite3.Connection, message_id: str) -> None:
    """After an edit or a deletion: the chat's list preview (its newest message) and its waiting
    inquiry's (the visitor's first words) show the message as it is now when it was the one they
    showed; a deleted one gives way to the message that now takes its place."""
    row = connection.execute("SELECT chat_id, id FROM messages WHERE uid = ?", (message_id,)).fetchone()
    if row is None:
        return
    chat_id, changed = str(row[0]), int(row[1])
    newest = connection.execute(
        f"SELECT m.id, {_MESSAGE_COLUMNS} FROM {_MESSAGES} WHERE {_LIVE} ORDER BY m.id DESC LIMIT 1",
        (chat_id,)).fetchone()
    if newest is None or changed >= newest[0]:
        preview = "" if newest is None else _message(newest[1:]).summary[:PREVIEW_CHARS]
        connection.execute("UPDATE chats SET last_message = ? WHERE id = ?", (preview, chat_id))
    first_words = connection.execute(
        f"SELECT m.id, {_MESSAGE_COLUMNS} FROM {_MESSAGES} WHERE {_LIVE} AND m.author_kind = 'visitor' "
        "ORDER BY m.id LIMIT 1", (chat_id,)).fetchone()
    if first_words is None or changed <= first_words[0]:
        preview = "" if first_words is None else _message(first_words[1:]).summary[:INQUIRY_PREVIEW_CHARS]
        connection.execute("UPDATE inquiries SET preview = ? WHERE chat_id = ?", (preview, chat_id))


# What a visitor sees of their chat: their own and the agents' messages (files too), not deleted ones.
_VISITOR_SEES = "m.chat_id = ? AND m.author_kind IN ('visitor', 'agent') AND m.deleted_at IS NULL"


def visitor_page(connection: sqlite3.Connection, chat_id: str, *, offset: int, limit: int,
                 before_ms: int | None = None) -> tuple[list[Message], int]:
    """Up to `limit` of the messages a visitor sees, newest first, skipping the `offset` newest
    (and, with `before_ms`, those sent at or after it); and how many there are in all."""
    before = _END if before_ms is None else before_ms
    rows = connection.execute(
        f"SELECT {_MESSAGE_COLUMNS} FROM {_MESSAGES} WHERE {_VISITOR_SEES} AND m.sent_at < ? "
        "ORDER BY m.id DESC LIMIT ? OFFSET ?", (chat_id, before, limit, offset)).fetchall()
    total = connection.execute(
        f"SELECT count(*) FROM messages m WHERE {_VISITOR_SEES} AND m.sent_at < ?", (chat_id, before)
    ).fetchone()[0]
    return [_message(row) for row in rows], int(total)


def add_context(
    connection: sqlite3.Connection, chat_id: str, *, message_id: str, facts: dict[str, str],
    sent_at: datetime,
) -> None:
    """Keep what the visitor's browser told about the chat (`facts`: 'page' with 'title' and
    'url', or 'user_agent'): a hidden row of the chat, not a message of the conversation (the
    chat's count and last message stay as they were)."""
    connection.execute(
        "INSERT INTO messages (uid, chat_id, author_kind, author_id, author_name, text, sent_at, kind) "
        "VALUES (?, ?, 'system', NULL, '', ?, ?, ?)",
        (message_id, chat_id, json.dumps(facts, ensure_ascii=False), to_ms(sent_at), CONTEXT),
    )


def context_rows(connection: sqlite3.Connection, chat_id: str) -> list[tuple[dict[str, str], datetime]]:
    """The chat's context rows (`add_context`), oldest first."""
    rows = connection.execute(
        "SELECT m.text, m.sent_at FROM messages m WHERE m.chat_id = ? AND m.kind = ? ORDER BY m.id",
        (chat_id, CONTEXT),
    ).fetchall()
    found: list[tuple[dict[str, str], datetime]] = []
    for text, sent_at in rows:
        facts = json.loads(text)
        if isinstance(facts, dict):
            found.append(({str(k): str(v) for k, v in facts.items()}, from_ms(sent_at)))
    return found
