"""The desk-wide search: a field in the window's toolbar, and under it, as you type, the messages
of every chat you may see that hold the words (Backend.search, which the policy scopes).

Searches run after a pause in typing, never on the GUI thread; an answer to an earlier query is
dropped. The results drop down over the window (a child widget, not a popup window, so focus and
typing stay in the field): Up and Down choose, Enter opens, Escape closes. Opening a hit keeps
the query, so the next hit is one Ctrl+K away.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import SearchHit
from ui.accessible import named
from ui.bridge.tasks import TaskRunner
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.models.search_hits import SearchHitsModel
from ui.plain import plain_label

Search = Callable[..., Coroutine[Any, Any, list[SearchHit]]]  # Backend.search(text, limit=…)

# A pause in typing this long starts a search (the contact panel's search waits as long).
SEARCH_DELAY_MS = 200
# Hits asked for at once, and at most: "Show more" asks for a page more each time. Beyond a few
# hundred, better words find the message sooner than scrolling does.
PAGE = 50
MOST = 500

EMPTY_STATE = QT_TRANSLATE_NOOP("search.field", "Search every conversation you can see: words from a "
                                "message, a name, an order number…\n↑ ↓ choose · Enter opens · Esc closes")

_STYLE = """
QFrame#deskSearchResults {
    background: palette(base); border: 1px solid palette(mid); border-radius: 6px;
}
QLabel#deskSearchStatus { color: palette(placeholder-text); padding: 4px 6px; }
QListView#deskSearchHits { border: none; }
"""


class DeskSearch(QObject):
    """The field, its results and the searching. `host` is the window the results drop over."""

    hit_chosen = Signal(object, str)  # SearchHit, the query it was found with
    dismissed = Signal()  # Escape: the user is done searching

    def __init__(self, search: Search, runner: TaskRunner, now: Callable[[], datetime],
                 host: QWidget) -> None:
        super().__init__(host)
        self._search = search
        self._runner = runner
        self._host = host
        # Searches asked for, numbered: only the answer to the latest is shown.
        self._asked = 0
        self._limit = PAGE
        self._open_first_when_answered = False
        # The query whose answer is shown ('' when none is).
        self.answered = ""

        self.field = QLineEdit()
        self.field.setObjectName("deskSearch")
        self.field.setPlaceholderText(self.tr("Search conversations  (Ctrl+K)"))
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName(self.tr("Search every conversation"))
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance("M" * 18))
        # Wide enough for a sentence; on a wide screen the gap before it takes the rest.
        self.field.setMaximumWidth(self.field.fontMetrics().horizontalAdvance("M" * 36))
        self.field.installEventFilter(self)
        self.field.textChanged.connect(self._on_field_text_changed)

        self.results = QFrame(host)
        self.results.setObjectName("deskSearchResults")
        self.results.setStyleSheet(_STYLE)
        self.status = plain_label(translate("search.field", EMPTY_STATE), wrap=True)
        self.status.setObjectName("deskSearchStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.model = SearchHitsModel(now)
        self.list = QListView()
        self.list.setObjectName("deskSearchHits")
        named(self.list, self.tr("Messages found"))
        self.list.setModel(self.model)
        # The hits' delegate is made with the first hits: a window starts without it.
        self._delegate_clock: Callable[[], datetime] | None = now
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Typing stays in the field: clicking a hit must not take the focus from it.
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.clicked.connect(self._on_list_clicked)
        self.more = QPushButton(self.tr("Show more"))
        self.more.setObjectName("deskSearchMore")
        self.more.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.more.clicked.connect(self._on_more_clicked)
        layout = QVBoxLayout(self.results)
        self._results_layout = layout
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.more)
        self.results.hide()
        self.more.hide()
        self.list.hide()
        host.installEventFilter(self)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._ask)

    # -- what the window calls -------------------------------------------------------------

    def focus(self) -> None:
        """Ctrl+K: into the field, its text selected, the results shown."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self._show_results()

    def close_results(self) -> None:
        self.results.hide()

    # -- searching -------------------------------------------------------------------------

    def _on_field_text_changed(self, text: str) -> None:
        self._limit = PAGE
        self._open_first_when_answered = False
        if not text.strip():
            self._timer.stop()
            self._asked += 1  # an answer still on its way is for a query no longer there
            self.answered = ""
            self.model.clear()
            self._show_state()
        else:
            self._timer.start()
        if self.field.hasFocus():
            self._show_results()

    def _ask(self) -> None:
        self._timer.stop()
        query = self.field.text()
        if not query.strip():
            return
        self._asked += 1
        number, limit = self._asked, self._limit

        def answered(hits: list[SearchHit]) -> None:
            if number == self._asked:
                self._on_answer(query, limit, hits)

        self._runner.run(self._search(query, limit=limit), what=self.tr(
                "Search the conversations"), on_done=answered)

    def _on_answer(self, query: str, limit: int, hits: list[SearchHit]) -> None:
        self.answered = query
        if hits and self._delegate_clock is not None:
            from ui.search.hit_delegate import SearchHitDelegate  # noqa: PLC0415

            self.list.setItemDelegate(SearchHitDelegate(self._delegate_clock, self.list))
            self._delegate_clock = None
        self.model.show(hits)
        if hits and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.model.index(0))
        self.more.setVisible(len(hits) >= limit and limit < MOST)
        self._show_state()
        if self.results.isVisible():
            self._place()
        if self._open_first_when_answered:
            self._open_first_when_answered = False
            self._choose(self.list.currentIndex())

    def _on_more_clicked(self) -> None:
        self._limit = min(self._limit + PAGE, MOST)
        self._ask()

    def _show_state(self) -> None:
        count = self.model.rowCount()
        query = self.field.text().strip()
        if not query:
            text = translate("search.field", EMPTY_STATE)
        elif self.answered != self.field.text():
            text = self.tr("Searching…") if not count else self.status.text()
        elif not count:
            text = self.tr("No message matches “{query}”. Every word must be in the message (the last one "
                           "may be the start of a word).").format(query=query)
        elif self.more.isVisible():
            text = self.tr("The {count} best matches").format(count=count)
        else:
            text = self.tr("%n message(s)", None, count)
        self.status.setText(text)
        self.list.setVisible(count > 0)

    # -- choosing --------------------------------------------------------------------------

    def _on_list_clicked(self, index: QModelIndex) -> None:
        self._choose(index)

    def _choose(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        hit = self.model.hit_at(index.row())
        self.results.hide()
        self.hit_chosen.emit(hit, self.answered)

    def _step(self, rows: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        current = self.list.currentIndex()
        row = 0 if not current.isValid() else max(0, min(count - 1, current.row() + rows))
        self.list.setCurrentIndex(self.model.index(row))
        self.list.scrollTo(self.model.index(row))

    def _on_enter(self) -> None:
        if self._timer.isActive() or self.answered != self.field.text():
            # Typed faster than the pause: search now, open the best hit when it comes.
            self._open_first_when_answered = bool(self.field.text().strip())
            self.list.setCurrentIndex(QModelIndex())
            self._ask()
            return
        current = self.list.currentIndex()
        self._choose(current if current.isValid() else self.model.index(0))

    # -- the drop-down ---------------------------------------------------------------------

    def _show_results(self) -> None:
        self._show_state()
        self._place()
        self.results.show()
        self.results.raise_()

    def _place(self) -> None:
        """Under the field, its right edge with the field's, as wide as a hit reads well and as
        tall as its hits need, within the window."""
        host = self._host
        below = self.field.mapTo(host, QPoint(0, self.field.height() + 2))
        width = min(max(self.field.width(), self.field.fontMetrics().horizontalAdvance("M") * 36),
                    host.width() - 16)
        right = below.x() + self.field.width()
        left = max(8, min(right - width, host.width() - width - 8))
        row = self.list.sizeHintForRow(0) if self.model.rowCount() else 0
        margins = self._results_layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        wanted = (self.status.heightForWidth(inner) + row * min(self.model.rowCount(), 8)
                  + (self.more.sizeHint().height() if self.more.isVisible() else 0)
                  + margins.top() + margins.bottom() + 8)
        height = max(40, min(wanted, host.height() - below.y() - 12))
        self.results.setGeometry(left, below.y(), width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._host and kind == QEvent.Type.Resize and self.results.isVisible():
            self._place()
        elif watched is self.field:
            if kind == QEvent.Type.FocusIn:
                self._show_results()
            elif kind == QEvent.Type.FocusOut:
                self.results.hide()
            elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._on_key(event)
        return super().eventFilter(watched, event)

    def _on_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            if not self.results.isVisible():
                self._show_results()
            self._step({Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5,
                        Qt.Key.Key_PageUp: -5}[Qt.Key(key)])
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_enter()
            return True
        if key == Qt.Key.Key_Escape:
            self.results.hide()
            # Back to where the user was: the window decides (the focus chain's next widget).
            self.field.clearFocus()
            self.dismissed.emit()
            return True
        return False
