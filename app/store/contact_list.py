"""The Contact Center's list: pages of the contacts a scope shows, searched and sorted in SQL.

A contact is visible (app.policy.scope) to an admin always; to anyone else through a chat of
theirs the scope shows (served, waiting in one's queue, in one's units), or when one created it
or manages it. Visible contacts are gathered from the chats' indexes (one's own chats, one's
departments), never by testing every contact.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict

from app.contacts.text import words
from app.domain import Channel, ContactPage, ContactQuery, ContactRow, ContactSort
from app.policy import Scope
from app.store.rows import from_ms_or_none
from app.store.scope import parameters as visible_parameters
from app.store.scope import visible_chat

MAX_WORDS = 8
MAX_PAGE = 1_000

_VISIBLE_IDS = """
    SELECT contact_id FROM chats WHERE served_by = :scope_user
    UNION SELECT contact_id FROM chats
        WHERE department_id IN (SELECT value FROM json_each(:scope_rooms))
    UNION SELECT contact_id FROM chats WHERE status = 'queued'
        AND (department_id IN (SELECT value FROM json_each(:scope_queue))
             OR (department_id IS NULL AND :scope_public = 1))
    UNION SELECT id FROM contacts WHERE created_by = :scope_user
    UNION SELECT id FROM contacts WHERE manager_id = :scope_user
"""

_ROW_SELECT = (
    "SELECT k.id, k.name, k.last_chat_at, coalesce(u.name, ''), k.unknown, "
    "  (SELECT count(*) FROM contact_conflicts f WHERE f.contact_id = k.id), "
    "  (SELECT group_concat(v.channel || ':' || v.verified, ',') FROM visitors v "
    "   WHERE v.contact_id = k.id) "
    "FROM contacts k LEFT JOIN users u ON u.id = k.manager_id"
)

_ORDER = {
    ContactSort.NAME: ("k.sort_name", "k.id"),
    ContactSort.LAST_CHAT: ("coalesce(k.last_chat_at, 0)", "k.id"),
    ContactSort.CREATED: ("k.created_at", "k.id"),
}
# The index that holds each order (named, so that SQLite never sorts every contact instead).
_ORDER_INDEX = {
    ContactSort.NAME: "contacts_by_name",
    ContactSort.LAST_CHAT: "contacts_by_last_chat",
    ContactSort.CREATED: "contacts_by_created",
}
# A search tests every contact's search text: read from this narrow index, in name order.
_SEARCH_INDEX = "contacts_search_by_name"
# A scope that sees at most this many contacts is searched and sorted among them alone; a wider
# one filters the list of all contacts, which costs the same however many it sees.
SMALL_SCOPE = 5_000
# Lists kept per user: the list scrolled, and the last few searches typed.
CACHED_LISTS = 4


# (scope, words, sort, descending)
_ListKey = tuple[Scope, tuple[str, ...], ContactSort, bool]


class ListCache:
    """One user's lists, each the ids of a query's contacts in order at one generation of the
    contact list (the table `contact_list_generation`, bumped by triggers on whatever changes
    which contacts a list holds or their order). Every page of a list scrolled is then a slice
    of it, its total is its length, and nothing is counted again while the generation stands.
    Shared by the reader threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lists: OrderedDict[_ListKey, tuple[int, tuple[str, ...]]] = OrderedDict()
        self._visible: dict[Scope, tuple[int, frozenset[str]]] = {}

    def list(self, key: _ListKey, generation: int) -> tuple[str, ...] | None:
        with self._lock:
            found = self._lists.get(key)
            if found is None or found[0] != generation:
                return None
            self._lists.move_to_end(key)
            return found[1]

    def keep_list(self, key: _ListKey, generation: int, ids: tuple[str, ...]) -> None:
        with self._lock:
            self._lists[key] = (generation, ids)
            self._lists.move_to_end(key)
            while len(self._lists) > CACHED_LISTS:
                self._lists.popitem(last=False)

    def visible(self, scope: Scope, generation: int) -> frozenset[str] | None:
        with self._lock:
            found = self._visible.get(scope)
            return found[1] if found is not None and found[0] == generation else None

    def keep_visible(self, scope: Scope, generation: int, ids: frozenset[str]) -> None:
        with self._lock:
            self._visible = {scope: (generation, ids)}


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _matching(found: list[str]) -> tuple[str, dict[str, object]]:
    """Every word somewhere in the search text (an empty condition for no words)."""
    conditions = [f"k.search_text LIKE '%' || :word{n} || '%' ESCAPE '\\'" for n in range(len(found))]
    return " AND ".join(conditions), {f"word{n}": _escape_like(w) for n, w in enumerate(found)}


def _order(query: ContactQuery) -> str:
    direction = "DESC" if query.descending else "ASC"
    return ", ".join(f"{term} {direction}" for term in _ORDER[query.sort])


def page(connection: sqlite3.Connection, query: ContactQuery, scope: Scope,
         cache: ListCache | None = None) -> ContactPage:
    """The page of `query` among the contacts `scope` sees; `cache` (one per user) lets the
    pages of one query share the list it computed while the contacts do not change."""
    found = words(query.text)[:MAX_WORDS]
    offset = max(0, query.offset)
    limit = max(0, min(query.limit, MAX_PAGE))
    if scope.everything and not found:
        # Every contact: the page is read straight off its index, and counting is one index scan.
        ids = [row[0] for row in connection.execute(
            f"SELECT k.id FROM contacts k INDEXED BY {_ORDER_INDEX[query.sort]} "
            f"ORDER BY {_order(query)} LIMIT :limit OFFSET :offset",
            {"limit": limit, "offset": offset})]
        total = connection.execute("SELECT count(*) FROM contacts").fetchone()[0]
    else:
        listed = _list(connection, query, found, scope, cache)
        ids, total = list(listed[offset:offset + limit]), len(listed)
    return ContactPage(rows=tuple(rows_for(connection, ids)), offset=offset, total=int(total))


def _list(connection: sqlite3.Connection, query: ContactQuery, found: list[str], scope: Scope,
          cache: ListCache | None) -> tuple[str, ...]:
    """The ids of every contact of the query, in its order."""
    # Read in the same transaction as the list: a list kept at this generation is this list.
    generation = int(connection.execute("SELECT n FROM contact_list_generation").fetchone()[0])
    key: _ListKey = (scope, tuple(found), query.sort, query.descending)
    listed = cache.list(key, generation) if cache is not None else None
    if listed is not None:
        return listed
    matching, parameters = _matching(found)
    visible = None if scope.everything else _visible_ids(connection, scope, generation, cache)
    if visible is not None and len(visible) <= SMALL_SCOPE:
        where = " AND ".join(filter(None, ["k.id IN (SELECT value FROM json_each(:visible))",
                                           matching]))
        listed = tuple(row[0] for row in connection.execute(
            f"SELECT k.id FROM contacts k WHERE {where} ORDER BY {_order(query)}",
            {**parameters, "visible": json.dumps(sorted(visible))}))
    else:
        # Searching reads the narrow index (text and sort keys), never the contacts' rows.
        index = _SEARCH_INDEX if found else _ORDER_INDEX[query.sort]
        rows = connection.execute(
            f"SELECT k.id FROM contacts k INDEXED BY {index}"
            + (f" WHERE {matching}" if matching else "") + f" ORDER BY {_order(query)}",
            parameters)
        listed = tuple(row[0] for row in rows) if visible is None else tuple(
            row[0] for row in rows if row[0] in visible)
    if cache is not None:
        cache.keep_list(key, generation, listed)
    return listed


def _visible_ids(connection: sqlite3.Connection, scope: Scope, generation: int,
                 cache: ListCache | None) -> frozenset[str]:
    visible = cache.visible(scope, generation) if cache is not None else None
    if visible is None:
        visible = frozenset(row[0] for row in connection.execute(
            _VISIBLE_IDS, visible_parameters(scope)))
        if cache is not None:
            cache.keep_visible(scope, generation, visible)
    return visible


# Channels in the order a row shows them; a page reads 200 rows' channels.
_CHANNEL_ORDER = {channel.value: (number, channel) for number, channel in enumerate(Channel)}


def _channels(summary: str | None) -> tuple[tuple[Channel, bool], ...]:
    verified: dict[str, bool] = {}
    for part in (summary or "").split(","):
        if not part:
            continue
        name, _, flag = part.partition(":")
        verified[name] = verified.get(name, False) or flag == "1"
    return tuple((_CHANNEL_ORDER[name][1], flag)
                 for name, flag in sorted(verified.items(), key=lambda item: _CHANNEL_ORDER[item[0]][0]))


def _row(row: tuple) -> ContactRow:  # type: ignore[type-arg]
    return ContactRow(id=row[0], name=row[1], last_chat_at=from_ms_or_none(row[2]),
                      manager_name=row[3], unknown=bool(row[4]), conflicts=int(row[5]),
                      channels=_channels(row[6]))


def is_visible(connection: sqlite3.Connection, contact_id: str, scope: Scope) -> bool:
    """One contact: through any chat of theirs the scope shows (app.store.scope's one rule, over
    the contact's own chats), or created or managed by the user."""
    if scope.everything:
        return True
    row = connection.execute(
        "SELECT EXISTS (SELECT 1 FROM chats c WHERE c.contact_id = :contact AND "
        + visible_chat("c") + ") OR EXISTS (SELECT 1 FROM contacts k WHERE k.id = :contact "
        "AND (k.created_by = :scope_user OR k.manager_id = :scope_user))",
        {"contact": contact_id, **visible_parameters(scope)},
    ).fetchone()
    return bool(row[0])


def rows_for(connection: sqlite3.Connection, contact_ids: list[str]) -> list[ContactRow]:
    """List rows of these contacts (duplicates found on save), in the order given."""
    found = {
        row[0]: _row(row)
        for row in connection.execute(
            _ROW_SELECT + " WHERE k.id IN (SELECT value FROM json_each(?))",
            (json.dumps(contact_ids),),
        )
    }
    return [found[i] for i in contact_ids if i in found]

