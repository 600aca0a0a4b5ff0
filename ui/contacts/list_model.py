"""Every contact the user may see, as a virtual list: the view asks for rows, pages come later.

`rowCount` is how many contacts match (100,000 is fine): a row not loaded yet reads "…" and asks
for its page of `PAGE_SIZE`; the page is fetched off the GUI thread and announced with
dataChanged. Only the pages the view asked for most recently are fetched (a fast scroll through
the list asks for many it has already left), at most `MAX_IN_FLIGHT` at a time, and at most
`CACHED_PAGES` are kept (least recently read dropped first). A view asking for page after page
(a fling) is served where it rests (`FLYING_MS`); rows near a page's edge ask for the next page
ahead (`PREFETCH_ROWS`), after those on screen. What a row shows is made once, when first painted.

Each query (search, sort) and each refresh is a generation: an answer for an earlier one is
dropped. A new query keeps showing the old rows until its first page is here, then resets the
model at once (no flash of an empty list); a refresh (something changed) keeps the row count,
scroll position and selection, re-reads the pages being looked at and adjusts the count.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar

from PySide6 import QtGui
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont

from app.domain import ContactPage, ContactQuery, ContactRow, ContactSort
from ui.bridge.tasks import TaskRunner
from ui.contacts.when import exactly, how_long_ago
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.i18n.labels import channel_label
from ui.models.roles import IdRole, ValueRole
from ui.monitor.colours import Level, swatch

Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
# 40 pages: 8,000 rows, far more than a screen, little memory.
CACHED_PAGES = 40
# Fetches running at once for the current query; further pages wait their turn.
MAX_IN_FLIGHT = 2
# Pages asked for and not fetched yet: only the latest few (where the view is now) are kept.
MAX_WANTED = 4
# Rows this near a page's edge ask for the page beyond (about two screens).
PREFETCH_ROWS = 60
# A page wished for this soon after another (frames apart) is asked for once the view rests this long: a fling
# through the list wished for a page every frame, and read most of them.
FLYING_MS = 30
# A refresh re-reads this many of the most recently read pages (those on screen).
REFRESHED_PAGES = 3
PLACEHOLDER = "…"

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole
_ANSWERED = frozenset((_DISPLAY, _TOOLTIP, _ALIGN, _BACKGROUND, _FOREGROUND, _FONT, IdRole, ValueRole))
_LOOKS = frozenset((_ALIGN, _BACKGROUND, _FOREGROUND, _FONT))

def unknown_explained() -> str:
    return translate("contacts.list_model", "Unknown contact: created automatically from a visitor; "
                     "nobody has verified a channel or edited it yet.")


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class ContactListModel(QAbstractTableModel):
    NAME, CHANNELS, LAST_CHAT, MANAGER, CONFLICTS = range(5)
    HEADERS = (QT_TRANSLATE_NOOP("ContactListModel", "Name"),
               QT_TRANSLATE_NOOP("ContactListModel", "Channels"),
               QT_TRANSLATE_NOOP("ContactListModel", "Last chat"),
               QT_TRANSLATE_NOOP("ContactListModel", "Manager"),
               QT_TRANSLATE_NOOP("ContactListModel", "Conflicts"))
    # The columns a header click sorts by, and the order a first click gives.
    SORTS: ClassVar[Mapping[int, ContactSort]] = {NAME: ContactSort.NAME,
                                                  LAST_CHAT: ContactSort.LAST_CHAT}
    FIRST_ORDER: ClassVar[Mapping[int, Qt.SortOrder]] = {
        NAME: Qt.SortOrder.AscendingOrder, LAST_CHAT: Qt.SortOrder.DescendingOrder}

    # The current query's first page arrived (the count and the first rows are current).
    loaded = Signal()
    # A page arrived (rows may have been filled in where there were placeholders).
    page_arrived = Signal()

    def __init__(self, fetch: Callable[[ContactQuery], Awaitable[ContactPage]], runner: TaskRunner,
                 now: Callable[[], datetime]) -> None:
        super().__init__()
        self._fetch = fetch
        self._runner = runner
        self._now = now
        self._query = ContactQuery(limit=PAGE_SIZE)
        self._total = 0
        self._pages: OrderedDict[int, tuple[ContactRow, ...]] = OrderedDict()
        # What each loaded row shows, made when first painted (a paint asks for every cell on
        # screen again), per page; made again when the minute changes ('12 min ago').
        self._texts: dict[int, list[tuple[str, ...] | None]] = {}
        self._texts_minute: object = None
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._in_flight: set[int] = set()  # pages of the current generation being fetched
        self._generation = 0
        # A new query's first page is awaited: the old rows stay shown, nothing else is fetched.
        self._replacing = False
        self._ask_timer = QTimer(self)
        self._ask_timer.setSingleShot(True)
        self._ask_timer.timeout.connect(self._ask)
        self._last_wish = 0.0  # time.monotonic() of the last page wished for
        self.is_loaded = False
        self.pages_fetched = 0  # what tests and measurements count

    # -- the query -------------------------------------------------------------------------

    @property
    def query(self) -> ContactQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    @property
    def is_settled(self) -> bool:
        """The rows are the current query's (no new query awaits its first page)."""
        return not self._replacing

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    def set_query(self, text: str, sort: ContactSort, descending: bool) -> None:
        """Show the contacts matching `text`, sorted so; the old rows stay until the first page
        of these is here."""
        self._generation += 1
        self._query = ContactQuery(text=text, sort=sort, descending=descending, limit=PAGE_SIZE)
        self._wanted.clear()
        self._in_flight.clear()
        self._replacing = True
        self._start(0)

    def refresh(self) -> None:
        """Read again what is shown (contacts changed): the count, the pages on screen; the rest
        is read again when scrolled to."""
        if self._replacing:
            self.set_query(self._query.text, self._query.sort, self._query.descending)
            return
        self._generation += 1
        self._wanted.clear()
        self._in_flight.clear()
        recent = list(self._pages)[-REFRESHED_PAGES:]
        # Pages not re-read now are stale: dropped, so they are read again when scrolled to.
        for number in list(self._pages):
            if number not in recent:
                del self._pages[number]
                self._texts.pop(number, None)
        for number in reversed(recent or [0]):
            self._start(number)

    # -- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == _DISPLAY:
            return self.tr(self.HEADERS[section])
        if role == Qt.ItemDataRole.InitialSortOrderRole and section in self.FIRST_ORDER:
            return self.FIRST_ORDER[section]
        if role == _ALIGN and section == self.CONFLICTS:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Painting a cell asks for about eight roles: those never answered go at once, and only
        # the display role of a row not loaded asks for its page (once is enough).
        if not index.isValid():
            return None
        if role == _DISPLAY:
            return self.text(index.row(), index.column())
        if role not in _ANSWERED:
            return None
        column = index.column()
        if role in _LOOKS and column != self.CONFLICTS:
            return None  # only the conflicts column has a look of its own
        contact = self._row(index.row(), fetch=False)
        if contact is None:
            return None
        if role == _TOOLTIP:
            tip = self._tooltip(contact, column)
            # Names are visitor text: escaped, never read as markup.
            return None if tip is None else QtGui.Qt.convertFromPlainText(tip)
        if role == IdRole:
            return contact.id
        if role == ValueRole:
            return contact
        return self._conflicts_look(contact, role)

    def text(self, row: int, column: int) -> str | None:
        """What the cell shows ("…" in the name of a row not loaded yet, which asks for its page)."""
        texts = self.texts(row)
        if texts is None:
            return PLACEHOLDER if column == self.NAME and 0 <= row < self._total else None
        return texts[column]

    def texts(self, row: int) -> tuple[str, ...] | None:
        """What the row shows, column by column; None while its page loads (reading asks for it)."""
        contact = self._row(row)
        if contact is None:
            return None
        minute = self._now().replace(second=0, microsecond=0)
        if minute != self._texts_minute:
            self._texts_minute = minute
            self._texts.clear()
        number, offset = divmod(row, PAGE_SIZE)
        made = self._texts.get(number)
        if made is None:
            made = self._texts[number] = [None] * len(self._pages[number])
        texts = made[offset]
        if texts is None:
            texts = made[offset] = tuple(self._display(contact, column)
                                         for column in range(len(self.HEADERS)))
        return texts

    def _display(self, contact: ContactRow, column: int) -> str:
        if column == self.NAME:
            return contact.name or self.tr("(no name)")
        if column == self.CHANNELS:
            return "  ".join(channel_label(channel) + (" ✓" if verified else "")
                             for channel, verified in contact.channels)
        if column == self.LAST_CHAT:
            return how_long_ago(contact.last_chat_at, self._now()) if contact.last_chat_at else "—"
        if column == self.MANAGER:
            return contact.manager_name or "—"
        return str(contact.conflicts) if contact.conflicts else ""

    def _tooltip(self, contact: ContactRow, column: int) -> str | None:
        if column == self.NAME:
            return f"{contact.name}\n{unknown_explained()}" if contact.unknown else contact.name
        if column == self.CHANNELS:
            verified_words = (self.tr("not verified"), self.tr("verified"))
            return "\n".join(f"{channel_label(channel)}: {verified_words[verified]}"
                             for channel, verified in contact.channels) or self.tr("No channel")
        if column == self.LAST_CHAT:
            return exactly(contact.last_chat_at) or self.tr("No chat yet")
        if column == self.CONFLICTS and contact.conflicts:
            return self.tr("%n differing value(s): open the contact to choose which to keep",
                           None, contact.conflicts)
        return None

    def _conflicts_look(self, contact: ContactRow, role: int) -> Any:
        if role == _ALIGN:
            return Qt.AlignmentFlag.AlignCenter
        if not contact.conflicts:
            return None
        if role in (_BACKGROUND, _FOREGROUND):
            colours = swatch(Level.SOON)
            assert colours is not None
            return colours.background if role == _BACKGROUND else colours.text
        if role == _FONT:
            return bold_font()
        return None

    # -- reading rows ----------------------------------------------------------------------

    def contact_at(self, row: int) -> ContactRow | None:
        """The row's contact, None while its page is loading (reading asks for it)."""
        return self._row(row)

    def row_of(self, contact_id: str) -> int | None:
        """The row of `contact_id` among the pages loaded; None when not loaded (or not there)."""
        for number, rows in self._pages.items():
            for offset, contact in enumerate(rows):
                if contact.id == contact_id:
                    return number * PAGE_SIZE + offset
        return None

    def has_rows(self, first: int, last: int) -> bool:
        """Whether rows `first` to `last` are loaded (asks for nothing): what is on screen is real."""
        last = min(last, self._total - 1)
        if last < first:
            return True
        return all(number in self._pages
                   for number in range(max(0, first) // PAGE_SIZE, last // PAGE_SIZE + 1))

    def _row(self, row: int, *, fetch: bool = True) -> ContactRow | None:
        if not 0 <= row < self._total:
            return None
        number, offset = divmod(row, PAGE_SIZE)
        rows = self._pages.get(number)
        if rows is None:
            if fetch:
                self._want(number)
            return None
        self._pages.move_to_end(number)
        if fetch:
            # Near a page's edge the next page is asked for already: paging on finds it here.
            if offset >= PAGE_SIZE - PREFETCH_ROWS and (number + 1) * PAGE_SIZE < self._total:
                self._prefetch(number + 1)
            elif offset < PREFETCH_ROWS and number > 0:
                self._prefetch(number - 1)
        return rows[offset] if offset < len(rows) else None

    def _prefetch(self, number: int) -> None:
        """Ask for a page the view is near, after those it shows (and never the view's rest)."""
        if self._replacing or number in self._pages or number in self._in_flight \
                or number in self._wanted:
            return
        self._wanted[number] = None
        self._wanted.move_to_end(number, last=False)  # asked last, dropped first
        while len(self._wanted) > MAX_WANTED:
            self._wanted.popitem(last=False)
        if not self._ask_timer.isActive():
            self._ask_timer.start(0)

    # -- fetching pages --------------------------------------------------------------------

    def _want(self, number: int) -> None:
        if self._replacing or number in self._in_flight:
            return
        if self._wanted and next(reversed(self._wanted)) == number:
            return  # the latest wish already: every cell of a page's rows asks
        self._wanted[number] = None
        self._wanted.move_to_end(number)
        while len(self._wanted) > MAX_WANTED:
            self._wanted.popitem(last=False)
        # Not from inside data(): the view is painting; fetch once it is done (with the other
        # pages this paint wishes for). A view wishing for page after page, frame after frame
        # (a fling, a dragged thumb), is served once it rests there.
        if self._ask_timer.isActive() and self._ask_timer.interval() == 0:
            return
        wished = time.monotonic()
        flying = wished - self._last_wish < FLYING_MS / 1000
        self._last_wish = wished
        self._ask_timer.start(FLYING_MS if flying else 0)

    def _ask(self) -> None:
        while len(self._in_flight) < MAX_IN_FLIGHT and self._wanted:
            number, _ = self._wanted.popitem(last=True)  # the latest first: where the view is now
            if number not in self._pages:
                self._start(number)

    def _start(self, number: int) -> None:
        generation = self._generation
        self._in_flight.add(number)
        query = replace(self._query, offset=number * PAGE_SIZE, limit=PAGE_SIZE)
        self._runner.run(self._load(generation, number, query), what=self.tr("Load the contacts"))

    async def _load(self, generation: int, number: int, query: ContactQuery) -> None:
        try:
            page = await self._fetch(query)
        finally:
            if generation == self._generation:
                self._in_flight.discard(number)
                if self._wanted and not self._ask_timer.isActive():  # else it comes soon
                    self._ask_timer.start(0)
        if generation == self._generation:  # else the query changed meanwhile: dropped
            self.pages_fetched += 1
            self._accept(number, page)

    def _accept(self, number: int, page: ContactPage) -> None:
        if self._replacing:
            self.beginResetModel()
            self._pages = OrderedDict({number: page.rows})
            self._texts.clear()
            self._total = page.total
            self._replacing = False
            self.endResetModel()
            self.is_loaded = True
            self.loaded.emit()
            self.page_arrived.emit()
            return
        if page.total != self._total:
            self._resize(page.total)
        self._pages[number] = page.rows
        self._texts.pop(number, None)
        self._pages.move_to_end(number)
        while len(self._pages) > CACHED_PAGES:
            dropped, _ = self._pages.popitem(last=False)
            self._texts.pop(dropped, None)
        first = number * PAGE_SIZE
        last = min(first + PAGE_SIZE, self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
        self.page_arrived.emit()

    def _resize(self, total: int) -> None:
        """The count changed (a refresh): rows added or taken at the end, the rest stays put."""
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        else:
            self.beginRemoveRows(QModelIndex(), total, self._total - 1)
            self._total = total
            for number in [n for n in self._pages if n * PAGE_SIZE >= total]:
                del self._pages[number]
                self._texts.pop(number, None)
            self.endRemoveRows()
        self.loaded.emit()
