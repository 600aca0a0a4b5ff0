"""Contact Center benchmark: the contact list of a 100,000-contact desk, as an admin, a monitor
and an agent page, search and scroll it through `contacts_page`.

The desk is the sample organisation (app.demo) with 100,000 contacts (1-3 channels each, a
share verified), then every contact given 1-8 closed chats of history in bulk, in random
departments served by that department's agents (so many contacts have chats across
departments), a few with a contact manager, a conflict, or created by hand by the agent. It is
built once (about a minute) and cached under bench/.data, keyed by the schema (a change to any
migration rebuilds it); every run measures a copy of it, so nothing measured leaks into the cache.

Figures, for Sam (admin, sees every contact), Maya (monitor of Support and Billing) and Ana (agent
in Support and Billing), through the embedded backend (its reader thread included):
- open: the first page of 200 sorted by name, cold (database just opened, its file evicted from
  the OS page cache) and warm;
- type: search-as-you-type, one `contacts_page(text=prefix)` per keystroke over names, email and
  phone fragments from the data, and the common-word worst case ('example', 'widget visitor',
  matching most contacts) also on its own line;
- scroll: pages of 200 at sequential offsets across the whole list, and random jumps;
- open by last chat, newest first (the other order a person picks).
Each beside a baseline on the same file in the same run: the raw `SELECT id, name FROM contacts
ORDER BY sort_name, id LIMIT 200 OFFSET n` for pages, and a raw LIKE scan counting the contacts
that hold the same words for keystrokes; with the ratio. Each figure is the median of --runs.

With --ui (or --only-ui), the real Contact Center window too (ui.contacts.window), 1280x800
offscreen on the qasync loop over the embedded backend, as each of them (about 10 minutes):
- open: from the window's creation to its first real rows painted;
- search: 50 fragments of names, emails and phones typed with QTest at about 8 keys a second
  over the last search (Ctrl+A), from the last key to the query's first rows painted, p50/p95;
  and how late a 5 ms timer fires meanwhile (the event loop's stalls), p99 and max;
- page down (the Page Down key, 100 times), jump (the scroll bar set anywhere, 50 times), fling
  (the thumb dragged across 10-50% of the list in half a second, 10 times): until every row on
  screen is real (no "…"), also counted from the page's arrival ('from data'); and the event
  loop's lag while scrolling, p99 and max.
Beside a baseline measured in the same run: a QTableView of the same columns and size over the
same number of rows of text in memory, searched in memory after the same pause.

    PYTHONPATH=. .venv/bin/python bench/contacts.py [--quick] [--runs 3] [--json results.json]
    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python bench/contacts.py --only-ui
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.backends.embedded import EmbeddedBackend, EmbeddedEngine
from app.clock import ManualClock
from app.contacts.text import fold
from app.demo import SampleSize, build_sample_organisation
from app.domain import ContactPage, ContactQuery, ContactSort
from app.store import Database, chats
from app.store.migrations import MIGRATIONS
from app.store.rows import to_ms
from ui.bridge.lag import LagProbe
from ui.contacts.list_model import ContactListModel
from ui.contacts.window import SEARCH_DELAY_MS, ContactCenterWindow
from ui.lifetime import dispose

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".data"
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
PAGE = 200
ROLES = (("admin", "sam"), ("monitor", "maya"), ("agent", "ana"))
# Bump when the desk built below changes, so cached files are rebuilt.
DESK_VERSION = 2
# Who serves each department in the sample (app.demo.generator's staff).
STAFFED = {
    "dep-support": ("u-ana", "u-bo", "u-chen", "u-gabe"),
    "dep-billing": ("u-ana", "u-dara"),
    "dep-sales": ("u-emil", "u-fatima", "u-tomas"),
    "dep-onboarding": ("u-chen", "u-fatima", "u-hiro"),
}
# Chats of history per contact: most wrote once or twice, a few keep coming back.
CHATS_PER_CONTACT = (1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 8)
RAW_PAGE = "SELECT id, name FROM contacts ORDER BY sort_name, id LIMIT ? OFFSET ?"
RAW_LIKE = "SELECT count(*) FROM contacts WHERE "


# -- the desk ------------------------------------------------------------------------------

def _schema_tag() -> str:
    """The schema version and a digest of every migration: the unreleased last migration may
    still change without its number changing."""
    digest = hashlib.sha256("\x00".join(s for m in MIGRATIONS for s in m).encode()).hexdigest()
    return f"v{len(MIGRATIONS)}-{digest[:10]}-d{DESK_VERSION}"


def _add_history(connection: sqlite3.Connection, rng: random.Random) -> int:
    """Closed chats for every contact, in bulk (the generator writes a transcript for each chat,
    too slow for 100,000 contacts' history; the contact list reads chats, not messages)."""
    departments = sorted(STAFFED)
    visitors: dict[str, list[str]] = {}
    for visitor_id, contact_id in connection.execute(
            "SELECT id, contact_id FROM visitors ORDER BY contact_id, id"):
        visitors.setdefault(contact_id, []).append(visitor_id)
    created = dict(connection.execute("SELECT id, created_at FROM contacts"))
    rows: list[tuple[str, str, str, str | None, str, int, int, int, str, str]] = []
    now = to_ms(NOW)
    number = 0
    for contact_id in sorted(visitors):
        for _ in range(rng.choice(CHATS_PER_CONTACT)):
            department = rng.choice(departments)
            # A contact made within the last hour (the sample's newest) still wrote before it.
            started = rng.randrange(min(created[contact_id], now - 7_200_000), now - 3_600_000)
            ended = started + rng.randrange(120_000, 3_600_000)
            rows.append((f"chat-bench-{number:07d}", rng.choice(visitors[contact_id]), contact_id,
                         department, rng.choice(STAFFED[department]), started, ended,
                         ended + 60_000, "", "[]"))
            number += 1
    chats.insert_closed_many(connection, rows)
    return number


def _add_details(connection: sqlite3.Connection, rng: random.Random) -> None:
    """Contact managers, conflicts and contacts an agent created by hand (no chat yet)."""
    ids = [row[0] for row in connection.execute("SELECT id FROM contacts ORDER BY id")]
    agents = sorted({agent for staff in STAFFED.values() for agent in staff})
    connection.executemany("UPDATE contacts SET manager_id = ? WHERE id = ?",
                           [(rng.choice(agents), i) for i in rng.sample(ids, len(ids) // 30)])
    connection.executemany(
        "INSERT INTO contact_conflicts (contact_id, field, value, at, source) "
        "VALUES (?, 'name', ?, ?, 'bench')",
        [(i, f"Other name {n}", to_ms(NOW)) for n, i in enumerate(rng.sample(ids, len(ids) // 100))])
    connection.executemany(
        "INSERT INTO contacts (id, name, created_at, created_by) VALUES (?, ?, ?, 'u-ana')",
        [(f"contact-by-hand-{n:03d}", f"Hand Made {n}", to_ms(NOW) - n * 60_000) for n in range(40)])


def _build(path: Path, contacts: int, messages: int) -> None:
    database = Database.open(path)
    try:
        summary = database.write_now(lambda c: build_sample_organisation(
            c, size=SampleSize(contacts=contacts, messages=messages), seed=7, now=NOW))
        rng = random.Random(11)
        history = database.write_now(lambda c: _add_history(c, rng))
        database.write_now(lambda c: _add_details(c, rng))
    finally:
        database.close()
    print(f"  {summary.contacts:,} contacts, {summary.visitors:,} visitors, "
          f"{summary.chats + history:,} chats, {summary.messages:,} messages")


def ensure_desk(contacts: int, messages: int) -> Path:
    directory = CACHE / f"contacts-{contacts}-{messages}-{_schema_tag()}"
    path = directory / "omnidesk.sqlite3"
    if not path.exists():
        print(f"building the benchmark desk in {directory} (once)…", flush=True)
        started = time.perf_counter()
        building = directory / "building"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        _build(building / "omnidesk.sqlite3", contacts, messages)
        (building / "omnidesk.sqlite3").rename(path)
        shutil.rmtree(building)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


# -- measuring -----------------------------------------------------------------------------

def _evict(path: Path) -> None:
    """Drop the file's pages from the OS cache, as after a reboot (clean pages only)."""
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            fd = os.open(file, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _timed(work: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await work()
    return _ms(started)


def _raw_timed(connection: sqlite3.Connection, sql: str, parameters: tuple[object, ...]) -> float:
    started = time.perf_counter()
    connection.execute(sql, parameters).fetchall()
    return _ms(started)


def _like(text: str) -> tuple[str, tuple[object, ...]]:
    """The raw LIKE scan of the baseline: every folded word somewhere in search_text."""
    found = fold(text).split()
    if not found:
        return RAW_LIKE + "1", ()
    return (RAW_LIKE + " AND ".join("search_text LIKE '%' || ? || '%'" for _ in found),
            tuple(found))


@dataclass(frozen=True, slots=True)
class Typing:
    """What people type: names, email and phone fragments, and the common-word worst case."""

    terms: tuple[str, ...]
    common: tuple[str, ...]

    def keystrokes(self, terms: tuple[str, ...]) -> list[str]:
        return [term[:n] for term in terms for n in range(1, len(term) + 1)]


def _typing(path: Path, rng: random.Random) -> Typing:
    """Terms from contacts all three roles see (the agent served them), so every search finds."""
    connection = sqlite3.connect(path)
    try:
        seen = [row for row in connection.execute(
            "SELECT k.name, k.emails, k.phones FROM contacts k WHERE k.id IN "
            "(SELECT contact_id FROM chats WHERE served_by = 'u-ana' "
            " AND department_id IN ('dep-support', 'dep-billing')) ORDER BY k.id")]
    finally:
        connection.close()
    picked = rng.sample(seen, 400)
    names = [name for name, _, _ in picked[:10]]
    emails = [json.loads(e)[0].split("@")[0] for _, e, _ in picked if json.loads(e)][:5]
    phones = [json.loads(p)[0][-6:] for _, _, p in picked if json.loads(p)][:3]
    return Typing(terms=(*names, *emails, *phones), common=("example", "widget visitor"))


@dataclass
class Figures:
    """Per role, per figure: (omnidesk ms, baseline ms)."""

    values: dict[tuple[str, str], tuple[float, float]]

    def put(self, role: str, figure: str, value: float, baseline: float) -> None:
        self.values[(role, figure)] = (value, baseline)


async def _open_cold(path: Path, username: str) -> tuple[float, float]:
    """The first page on a database just opened with its file out of the OS cache, and the raw
    query likewise."""
    database = Database.open(path)
    engine = EmbeddedEngine(database, ManualClock(NOW), run_timers=False)
    try:
        backend = await engine.sign_in(username)
        _evict(path)
        cold = await _timed(lambda: backend.contacts_page(ContactQuery(limit=PAGE)))
    finally:
        await engine.aclose()
        database.close()
    connection = sqlite3.connect(path)
    try:
        connection.execute("SELECT 1 FROM sqlite_schema LIMIT 1").fetchall()
        _evict(path)
        raw = _raw_timed(connection, RAW_PAGE, (PAGE, 0))
    finally:
        connection.close()
    return cold, raw


def _sample(items: list[T], most: int | None) -> list[T]:
    """All of them, or at most `most` evenly spaced among them."""
    return items if most is None or len(items) <= most else items[::len(items) // most + 1]


async def _measure_role(backend: EmbeddedBackend, raw: sqlite3.Connection, role: str,
                        typing: Typing, rng: random.Random, figures: Figures,
                        most: int | None) -> dict[str, int]:
    first = ContactQuery(limit=PAGE)
    await backend.contacts_page(first)
    warm = [await _timed(lambda: backend.contacts_page(first)) for _ in range(20)]
    raw_warm = [_raw_timed(raw, RAW_PAGE, (PAGE, 0)) for _ in range(20)]
    figures.put(role, "open warm p50", statistics.median(warm), statistics.median(raw_warm))

    newest = ContactQuery(sort=ContactSort.LAST_CHAT, descending=True, limit=PAGE)
    by_chat = [await _timed(lambda: backend.contacts_page(newest)) for _ in range(10)]
    figures.put(role, "open by last chat p50", statistics.median(by_chat),
                statistics.median(raw_warm))

    keystrokes = 0
    for label, terms in (("type", (*typing.terms, *typing.common)), ("type common", typing.common)):
        keys = _sample(typing.keystrokes(terms), most)
        keystrokes = keystrokes or len(keys)
        ours = [await _timed(partial(backend.contacts_page, ContactQuery(text=key, limit=PAGE)))
                for key in keys]
        theirs = [_raw_timed(raw, *_like(key)) for key in keys]
        figures.put(role, f"{label} p50", statistics.median(ours), statistics.median(theirs))
        figures.put(role, f"{label} p95", _percentile(ours, 0.95), _percentile(theirs, 0.95))

    total = (await backend.contacts_page(first)).total
    offsets = list(range(0, total, PAGE))
    jumps = _sample([rng.randrange(total) for _ in range(min(200, len(offsets)))], most)
    offsets = _sample(offsets, most)
    for label, chosen in (("scroll", offsets), ("jump", jumps)):
        ours = [await _timed(partial(backend.contacts_page, ContactQuery(offset=offset, limit=PAGE)))
                for offset in chosen]
        theirs = [_raw_timed(raw, RAW_PAGE, (PAGE, offset)) for offset in chosen]
        figures.put(role, f"{label} p50", statistics.median(ours), statistics.median(theirs))
        figures.put(role, f"{label} p99", _percentile(ours, 0.99), _percentile(theirs, 0.99))
    return {"contacts": total, "keystrokes": keystrokes, "pages": len(offsets), "jumps": len(jumps)}


async def _run(path: Path, typing: Typing, seed: int,
               most: int | None) -> tuple[Figures, dict[str, dict[str, int]]]:
    figures = Figures({})
    counts: dict[str, dict[str, int]] = {}
    for role, username in ROLES:
        colds = [await _open_cold(path, username) for _ in range(3)]
        figures.put(role, "open cold", statistics.median(c for c, _ in colds),
                    statistics.median(r for _, r in colds))
    database = Database.open(path)
    engine = EmbeddedEngine(database, ManualClock(NOW), run_timers=False)
    raw = sqlite3.connect(path)
    try:
        for role, username in ROLES:
            backend = await engine.sign_in(username)
            counts[role] = await _measure_role(backend, raw, role, typing, random.Random(seed),
                                               figures, most)
    finally:
        raw.close()
        await engine.aclose()
        database.close()
    return figures, counts


# -- the Contact Center window (--ui) ------------------------------------------------------

UI_WIDTH, UI_HEIGHT = 1280, 800
# A person types about 8 keys a second, not evenly: some gaps outlast the search pause.
KEY_GAP_S = (0.085, 0.165)
PAGE_DOWN_GAP_S = 0.05  # a held Page Down key repeats about 20 times a second
FLING_STEPS = 30  # a thumb dragged for half a second, one position a frame
FLING_FRAME_S = 1 / 60
REAL_TIMEOUT_S = 20.0


class _TimedBackend:
    """The backend as the window sees it, noting when each page arrives (the data is here) and
    how many pages were asked for."""

    def __init__(self, backend: EmbeddedBackend) -> None:
        self._backend = backend
        self.arrived_at = 0.0
        self.asked = 0

    def __getattr__(self, name: str) -> Any:  # everything else, as the backend answers it
        return getattr(self._backend, name)

    async def contacts_page(self, query: ContactQuery) -> ContactPage:
        self.asked += 1
        page = await self._backend.contacts_page(query)
        self.arrived_at = time.perf_counter()
        return page


class _Screen(QObject):
    """Watches a list view's paints: `real()` waits for the first paint, after now, at which
    `condition` holds and every row on screen is real, and answers when that paint was done."""

    def __init__(self, view: QTableView, rows_real: Callable[[int, int], bool]) -> None:
        super().__init__(view)
        self._view = view
        self._rows_real = rows_real
        self._condition: Callable[[], bool] = lambda: True
        self._what = ""
        self._done: asyncio.Future[float] | None = None
        self._stamping = False
        view.viewport().installEventFilter(self)

    def on_screen_real(self) -> bool:
        view = self._view
        rows = view.model().rowCount()
        if not rows:
            return True
        first = max(0, view.rowAt(0))
        last = view.rowAt(view.viewport().height() - 1)
        return self._rows_real(first, rows - 1 if last < 0 else last)

    def expect(self, what: str, condition: Callable[[], bool] = lambda: True) -> None:
        """Call before the action: the paints from now on are watched."""
        self._what = what
        self._condition = condition
        self._done = asyncio.get_running_loop().create_future()

    async def real(self) -> float:
        assert self._done is not None
        try:
            return await asyncio.wait_for(self._done, REAL_TIMEOUT_S)
        except TimeoutError:
            raise SystemExit(f"timed out waiting for {self._what}: real rows on screen "
                             f"{self.on_screen_real()}, condition {self._condition()}") from None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.Paint and self._done is not None and not self._done.done()
                and not self._stamping and self._condition() and self.on_screen_real()):
            self._stamping = True
            QTimer.singleShot(0, self._painted)  # runs once this paint is done
        return False

    def _painted(self) -> None:
        self._stamping = False
        if self._done is not None and not self._done.done():
            self._done.set_result(time.perf_counter())


class _PlainModel(QAbstractTableModel):
    """The baseline: the same columns over rows of text in memory."""

    def __init__(self, rows: Sequence[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows
        self.text = ""

    def show(self, text: str, rows: Sequence[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.text, self.rows = text, rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(ContactListModel.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ContactListModel.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None


class _Baseline(QWidget):
    """A search box over a QTableView of the plain model, the contact list's size: typing
    filters the 100,000 rows in memory after the same pause as the Contact Center's."""

    def __init__(self, rows: Sequence[tuple[str, ...]], search_text: list[str]) -> None:
        super().__init__()
        self._all, self._search_text = rows, search_text
        self.model = _PlainModel(rows)
        self.search = QLineEdit()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        header = self.table.verticalHeader()
        header.hide()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._filter)
        self.search.textChanged.connect(lambda _text: self._timer.start())

    def _filter(self) -> None:
        text = self.search.text().strip()
        found = fold(text).split()
        self.model.show(text, [row for row, searched in zip(self._all, self._search_text, strict=True)
                               if all(word in searched for word in found)])


def _baseline_rows(path: Path) -> tuple[list[tuple[str, str, str, str, str]], list[str]]:
    """Every contact as the list shows it (name order), and its search text."""
    connection = sqlite3.connect(path)
    try:
        found = connection.execute(
            "SELECT name, search_text, last_chat_at, manager_id, "
            " (SELECT count(*) FROM contact_conflicts f WHERE f.contact_id = k.id) "
            "FROM contacts k ORDER BY sort_name, id").fetchall()
    finally:
        connection.close()
    rows = [(name or "(no name)", "Web chat ✓  Email", "12 Nov" if last else "—", manager or "—",
             str(conflicts) if conflicts else "") for name, _, last, manager, conflicts in found]
    return rows, [text or "" for _, text, _, _, _ in found]


def _searches(typing: Typing, rng: random.Random, count: int) -> list[str]:
    """What people type in the search box: the start of a name, of an email, a phone's end."""
    terms = [*typing.terms]
    while len(terms) < count:
        terms.extend(typing.terms)
    chosen = []
    for term in terms[:count]:
        cut = rng.randint(min(4, len(term)), min(len(term), 10))
        chosen.append(term[:cut].strip() or term)
    return chosen


@dataclass
class _Lists:
    """One list on screen, the real one or the baseline: what is measured goes through here."""

    view: QTableView
    search: QLineEdit
    screen: _Screen
    settled: Callable[[str], bool]  # the list shows the query `text`
    pages_asked: Callable[[], int]
    arrived_at: Callable[[], float]


async def _type(lists: _Lists, searches: list[str], rng: random.Random,
                ) -> tuple[list[float], list[float]]:
    """Each search typed at a person's pace over what was there: ms from the last key to the list
    showing the search's first rows; and the event loop's lags meanwhile."""
    spans: list[float] = []
    probe = LagProbe(5)
    probe.start()
    lists.search.setFocus()
    for text in searches:
        QTest.keyClick(lists.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        for key in text[:-1]:
            QTest.keyClicks(lists.search, key)
            await asyncio.sleep(rng.uniform(*KEY_GAP_S))
        final = (lists.search.text() + text[-1]).strip()
        lists.screen.expect(f"the search {final!r}", partial(lists.settled, final))
        started = time.perf_counter()
        QTest.keyClicks(lists.search, text[-1])
        spans.append((await lists.screen.real() - started) * 1000)
        await asyncio.sleep(0.3)  # reads what was found
    probe.stop()
    return spans, list(probe.lags_ms)


async def _until_real(lists: _Lists, what: str, action: Callable[[], None]) -> tuple[float, float]:
    """ms from `action` until every row on screen is real, and from the data's arrival (the last
    page that arrived meanwhile) when a page was needed."""
    lists.screen.expect(what)
    started = time.perf_counter()
    action()
    done = await lists.screen.real()
    return (done - started) * 1000, (done - max(started, lists.arrived_at())) * 1000


def _elsewhere(value: int, maximum: int, rng: random.Random) -> int:
    """A random position of the scroll bar, not this one."""
    chosen = rng.randrange(maximum)
    return chosen if chosen < value else chosen + 1


@dataclass
class _Scrolled:
    page_down: list[float]
    page_down_after_data: list[float]
    jumps: list[float]
    jumps_after_data: list[float]
    flings: list[float]
    pages_per_fling: list[int]
    lags: list[float]


async def _scroll(lists: _Lists, pages: int, jumps: int, flings: int,
                  rng: random.Random) -> _Scrolled:
    view, bar = lists.view, lists.view.verticalScrollBar()
    scrolled = _Scrolled([], [], [], [], [], [], [])
    view.setFocus()
    await _until_real(lists, "scrolled a row", lambda: bar.setValue(1))
    view.setCurrentIndex(view.model().index(0, 0))
    await _until_real(lists, "back to the top", lambda: bar.setValue(0))
    probe = LagProbe(5)
    probe.start()
    for _ in range(pages):
        if bar.value() >= bar.maximum():
            break
        started = time.perf_counter()
        until, after = await _until_real(
            lists, "page down", lambda: QTest.keyClick(view, Qt.Key.Key_PageDown))
        scrolled.page_down.append(until)
        scrolled.page_down_after_data.append(after)
        await asyncio.sleep(max(0.0, PAGE_DOWN_GAP_S - (time.perf_counter() - started)))
    for _ in range(jumps):
        until, after = await _until_real(
            lists, "a jump", lambda: bar.setValue(_elsewhere(bar.value(), bar.maximum(), rng)))
        scrolled.jumps.append(until)
        scrolled.jumps_after_data.append(after)
        await asyncio.sleep(0.1)
    for _ in range(flings):
        start = rng.randrange(bar.maximum() // 2)
        span = rng.randrange(bar.maximum() // 10, bar.maximum() // 2) + 1
        asked = lists.pages_asked()
        bar.setSliderDown(True)
        for step in range(1, FLING_STEPS):
            bar.setValue(start + span * step // FLING_STEPS)
            await asyncio.sleep(FLING_FRAME_S)
        end = start + span

        def let_go(end: int = end) -> None:  # the last move, and the thumb let go
            bar.setValue(end)
            bar.setSliderDown(False)

        until, _ = await _until_real(lists, "a fling", let_go)
        scrolled.flings.append(until)
        scrolled.pages_per_fling.append(lists.pages_asked() - asked)
        await asyncio.sleep(0.2)
    probe.stop()
    scrolled.lags = list(probe.lags_ms)
    return scrolled


UI_FIGURES = ("open", "search p50", "search p95", "typing lag p99", "typing lag max",
              "page down p50", "page down p99", "page down p99 from data", "jump p50", "jump p99",
              "jump p99 from data", "fling settle p50", "fling settle max", "scroll lag p99",
              "scroll lag max")


def _put_ui(figures: Figures, role: str, ours: tuple[float, list[float], list[float], _Scrolled],
            base: tuple[float, list[float], list[float], _Scrolled]) -> None:
    p = _percentile
    (opened, searched, typing_lags, scrolled), (base_opened, base_searched, base_lags, plain) = ours, base
    for label, value, baseline in (
            ("open", opened, base_opened),
            ("search p50", p(searched, 0.5), p(base_searched, 0.5)),
            ("search p95", p(searched, 0.95), p(base_searched, 0.95)),
            ("typing lag p99", p(typing_lags, 0.99), p(base_lags, 0.99)),
            ("typing lag max", max(typing_lags), max(base_lags)),
            ("page down p50", p(scrolled.page_down, 0.5), p(plain.page_down, 0.5)),
            ("page down p99", p(scrolled.page_down, 0.99), p(plain.page_down, 0.99)),
            ("page down p99 from data", p(scrolled.page_down_after_data, 0.99),
             p(plain.page_down, 0.99)),
            ("jump p50", p(scrolled.jumps, 0.5), p(plain.jumps, 0.5)),
            ("jump p99", p(scrolled.jumps, 0.99), p(plain.jumps, 0.99)),
            ("jump p99 from data", p(scrolled.jumps_after_data, 0.99), p(plain.jumps, 0.99)),
            ("fling settle p50", p(scrolled.flings, 0.5), p(plain.flings, 0.5)),
            ("fling settle max", max(scrolled.flings), max(plain.flings)),
            ("scroll lag p99", p(scrolled.lags, 0.99), p(plain.lags, 0.99)),
            ("scroll lag max", max(scrolled.lags), max(plain.lags))):
        figures.put(role, label, value, baseline)


async def _open_window(engine: EmbeddedEngine, username: str, settings: Path,
                       ) -> tuple[ContactCenterWindow, _Lists, float]:
    """The Contact Center as `username`, 1280x800; ms from its creation to its first rows painted."""
    backend = _TimedBackend(await engine.sign_in(username))
    names = {d.id: d.name for d in await backend.departments()}
    me = await backend.me()
    clock = ManualClock(NOW)
    started = time.perf_counter()
    window = ContactCenterWindow(backend, me, clock, names,
                                 QSettings(str(settings), QSettings.Format.IniFormat))
    window.resize(UI_WIDTH, UI_HEIGHT)
    model = window.model
    lists = _Lists(window.table, window.search, _Screen(window.table, model.has_rows),
                   settled=lambda text: model.is_settled and model.query.text == text,
                   pages_asked=lambda: backend.asked, arrived_at=lambda: backend.arrived_at)
    lists.screen.expect("the window open", lambda: model.is_loaded)
    window.show()
    window.start()
    opened = (await lists.screen.real() - started) * 1000
    return window, lists, opened


async def _open_baseline(rows: Sequence[tuple[str, ...]], search_text: list[str], size: QSize,
                         ) -> tuple[_Baseline, _Lists, float]:
    started = time.perf_counter()
    baseline = _Baseline(rows, search_text)
    model = baseline.model
    lists = _Lists(baseline.table, baseline.search, _Screen(baseline.table, lambda a, b: True),
                   settled=lambda text: model.text == text, pages_asked=lambda: 0,
                   arrived_at=lambda: 0.0)
    baseline.resize(size)
    lists.screen.expect("the baseline open")
    baseline.show()
    opened = (await lists.screen.real() - started) * 1000
    return baseline, lists, opened


@dataclass(frozen=True, slots=True)
class UiPlan:
    searches: int
    page_downs: int
    jumps: int
    flings: int


async def _measure_ui(lists: _Lists, opened: float, searches: list[str], plan: UiPlan,
                      seed: int) -> tuple[float, list[float], list[float], _Scrolled]:
    rng = random.Random(seed)
    searched, lags = await _type(lists, searches, rng)
    QTest.keyClick(lists.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    lists.screen.expect("the search cleared", lambda: lists.settled(""))
    QTest.keyClick(lists.search, Qt.Key.Key_Delete)
    await lists.screen.real()
    scrolled = await _scroll(lists, plan.page_downs, plan.jumps, plan.flings, rng)
    return opened, searched, lags, scrolled


async def _run_ui(path: Path, typing: Typing, plan: UiPlan) -> tuple[Figures, dict[str, str]]:
    figures = Figures({})
    notes: dict[str, str] = {}
    searches = _searches(typing, random.Random(5), plan.searches)
    rows, search_text = _baseline_rows(path)
    database = Database.open(path)
    engine = EmbeddedEngine(database, ManualClock(NOW), run_timers=False)
    base: tuple[float, list[float], list[float], _Scrolled] | None = None
    try:
        with tempfile.TemporaryDirectory() as directory:
            for role, username in ROLES:
                window, lists, opened = await _open_window(engine, username,
                                                           Path(directory) / "settings.ini")
                try:
                    if base is None:
                        baseline, plain, base_opened = await _open_baseline(
                            rows, search_text, window.table.size() + QSize(0, window.search.height()))
                        base = await _measure_ui(plain, base_opened, searches, plan, seed=1)
                        baseline.close()
                        dispose(baseline)
                    asked = lists.pages_asked()
                    ours = await _measure_ui(lists, opened, searches, plan, seed=1)
                    scrolled = ours[3]
                    notes[role] = (f"{window.model.total:,} contacts, {len(ours[1])} searches, "
                                   f"{len(scrolled.page_down)} page downs, {len(scrolled.jumps)} "
                                   f"jumps, {len(scrolled.flings)} flings asking "
                                   f"{statistics.mean(scrolled.pages_per_fling):.1f} pages each; "
                                   f"{lists.pages_asked() - asked} pages asked in all")
                    _put_ui(figures, role, ours, base)
                finally:
                    await window.shutdown()
                    window.close()
                    dispose(window)
    finally:
        await engine.aclose()
        database.close()
    return figures, notes


def _print_table(figures: Figures, names: tuple[str, ...]) -> None:
    print(f"{'figure':24}" + "".join(f"{role + ' ms':>12}{'base':>8}{'x':>7}" for role, _ in ROLES))
    for figure in names:
        line = f"{figure:24}"
        for role, _ in ROLES:
            value, baseline = figures.values[(role, figure)]
            line += f"{value:12.2f}{baseline:8.2f}{value / baseline if baseline else 0:7.1f}"
        print(line)


FIGURES = ("open cold", "open warm p50", "open by last chat p50", "type p50", "type p95",
           "type common p50", "type common p95", "scroll p50", "scroll p99", "jump p50", "jump p99")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 contacts instead of 100,000")
    parser.add_argument("--runs", type=int, default=3, help="figures are the median of these")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--most", type=int, metavar="N",
                        help="at most N keystrokes, pages and jumps per figure (for slow code)")
    parser.add_argument("--ui", action="store_true",
                        help="also measure the Contact Center window (about 5 minutes more)")
    parser.add_argument("--only-ui", action="store_true",
                        help="the Contact Center window only, not the backend's pages")
    parser.add_argument("--searches", type=int, default=50, help="searches typed per role (--ui)")
    options = parser.parse_args()
    contacts, messages = (10_000, 20_000) if options.quick else (100_000, 200_000)
    cached = ensure_desk(contacts, messages)
    runs: list[Figures] = []
    ui: tuple[Figures, dict[str, str]] | None = None
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "omnidesk.sqlite3"
        shutil.copyfile(cached, path)
        megabytes = path.stat().st_size / 1e6
        typing = _typing(path, random.Random(3))
        for run in range(0 if options.only_ui else options.runs):
            started = time.perf_counter()
            figures, counts = asyncio.run(_run(path, typing, seed=run, most=options.most))
            runs.append(figures)
            print(f"run {run + 1}/{options.runs}: {time.perf_counter() - started:.0f} s", flush=True)
        if options.ui or options.only_ui:
            started = time.perf_counter()
            app = QApplication.instance() or QApplication([])
            assert isinstance(app, QApplication)
            app.setQuitOnLastWindowClosed(False)
            plan = UiPlan(searches=options.searches, page_downs=100, jumps=50, flings=10)
            ui = qasync.run(_run_ui(path, typing, plan))
            print(f"the window: {time.perf_counter() - started:.0f} s", flush=True)
    print(f"desk: {contacts:,} contacts; {megabytes:.0f} MB; SQLite {sqlite3.sqlite_version}; "
          f"median of {len(runs)} runs; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    results: list[dict[str, object]] = []
    if runs:
        median = Figures({key: (statistics.median(r.values[key][0] for r in runs),
                                statistics.median(r.values[key][1] for r in runs))
                          for key in runs[0].values})
        for role, _ in ROLES:
            seen = counts[role]
            print(f"{role}: sees {seen['contacts']:,} contacts; {seen['keystrokes']} keystrokes, "
                  f"{seen['pages']} sequential pages, {seen['jumps']} jumps")
        print("baselines: pages = raw SELECT id, name FROM contacts ORDER BY sort_name, id LIMIT "
              "200 OFFSET n; type = raw count(*) WHERE search_text LIKE each word")
        _print_table(median, FIGURES)
        results += [{"role": role, "figure": figure, "ms": value, "baseline_ms": baseline}
                    for (role, figure), (value, baseline) in median.values.items()]
    if ui is not None:
        shown, notes = ui
        print(f"\nthe Contact Center window, {UI_WIDTH}x{UI_HEIGHT} offscreen on the qasync loop, "
              "over the embedded backend:")
        for role, _ in ROLES:
            print(f"{role}: {notes[role]}")
        print(f"baseline: a QTableView of the same columns and size over {contacts:,} rows of text "
              f"in memory, searched in memory after the same {SEARCH_DELAY_MS} ms pause. open = "
              "creation to first real rows painted; search = last key (about 8 keys/s) to the "
              "query's rows painted; page down / jump / fling = until every row on screen is "
              "real, 'from data' from the page's arrival; lag = how late a 5 ms timer fires")
        _print_table(shown, UI_FIGURES)
        results += [{"role": role, "figure": f"ui {figure}", "ms": value, "baseline_ms": baseline}
                    for (role, figure), (value, baseline) in shown.values.items()]
    if options.json:
        options.json.write_text(json.dumps({
            "contacts": contacts, "runs": options.runs, "sqlite": sqlite3.sqlite_version,
            "roles": counts if runs else {}, "ui": ui[1] if ui is not None else {},
            "figures": results,
        }, indent=2) + "\n")


if __name__ == "__main__":
    main()
