"""The composer's emoji picker: a compact grid by category, the ones used lately first, found by
name as you type. The keyboard works throughout: type to find, arrows to move, Enter to insert,
Escape to close."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSettings,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLineEdit,
    QListView,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from ui.accessible import named
from ui.emoji.catalog import Emoji, EmojiCatalog
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.models.roles import ValueRole
from ui.plain import plain_label

Index = QModelIndex | QPersistentModelIndex

RECENT = QT_TRANSLATE_NOOP("emoji.picker", "Recent")
_MARGIN = 6
# Kept across restarts, newest first.
_RECENT_KEY = "emoji/recent"
MOST_RECENT = 24
# Each category's tab shows one of its emoji; the name is in its tooltip.
# (The category names are the catalog's, in English; marked here so each tab's tooltip is said
# in the user's language.)
_TAB_FACES = {RECENT: "🕘",
              QT_TRANSLATE_NOOP("emoji.picker", "Smileys"): "😀",
              QT_TRANSLATE_NOOP("emoji.picker", "People"): "👋",
              QT_TRANSLATE_NOOP("emoji.picker", "Nature"): "🐶",
              QT_TRANSLATE_NOOP("emoji.picker", "Food"): "🍔",
              QT_TRANSLATE_NOOP("emoji.picker", "Activities"): "⚽",
              QT_TRANSLATE_NOOP("emoji.picker", "Objects"): "💡",
              QT_TRANSLATE_NOOP("emoji.picker", "Symbols"): "✅"}
_NAVIGATION = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right,
               Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class RecentEmoji:
    """The emoji this user inserted lately, newest first (in the app's settings)."""

    def __init__(self, settings: QSettings, catalog: EmojiCatalog) -> None:
        self._settings = settings
        self._catalog = catalog

    def emoji(self) -> list[Emoji]:
        kept = self._settings.value(_RECENT_KEY, [])
        # An INI file gives one value back as a string, several as a list.
        characters = [kept] if isinstance(kept, str) else kept if isinstance(kept, list) else []
        return [e for c in characters if (e := self._catalog.of(str(c))) is not None]

    def used(self, emoji: Emoji) -> None:
        characters = [emoji.character] + [e.character for e in self.emoji() if e != emoji]
        self._settings.setValue(_RECENT_KEY, characters[:MOST_RECENT])


class EmojiModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._emoji: list[Emoji] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._emoji)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._emoji):
            return None
        emoji = self._emoji[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return emoji.character
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f":{emoji.shortname}:"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == ValueRole:
            return emoji
        return None

    def show(self, emoji: list[Emoji]) -> None:
        self.beginResetModel()
        self._emoji = list(emoji)
        self.endResetModel()

    def emoji_at(self, row: int) -> Emoji:
        return self._emoji[row]


class EmojiPicker(QFrame):
    chosen = Signal(object)  # Emoji

    def __init__(self, catalog: EmojiCatalog, recent: RecentEmoji, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("emojiPicker")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._catalog = catalog
        self._recent = recent
        self.search = QLineEdit()
        self.search.setObjectName("emojiSearch")
        named(self.search, self.tr("Find an emoji by name"))
        self.search.setPlaceholderText(self.tr("Find an emoji by name"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.tabs = QTabBar()
        self.tabs.setObjectName("emojiCategories")
        named(self.tabs, self.tr("Emoji categories"))
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        tab_font = self.tabs.font()
        tab_font.setPointSizeF(tab_font.pointSizeF() * 1.3)
        self.tabs.setFont(tab_font)
        self.model = EmojiModel()
        self.grid = QListView()
        self.grid.setObjectName("emojiGrid")
        named(self.grid, self.tr("Emoji"), self.tr("Enter inserts the chosen emoji"))
        self.grid.setModel(self.model)
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setUniformItemSizes(True)
        self.grid.setWrapping(True)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the search
        font = self.grid.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.grid.setFont(font)
        cell = self.grid.fontMetrics().height() + 10
        self.grid.setGridSize(QSize(cell, cell))
        self.grid.clicked.connect(self._on_grid_clicked)
        self.name = plain_label()
        self.name.setObjectName("emojiName")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.tabs)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.name)
        self.resize(cell * 9 + 32, cell * 6 + 110)
        self._categories: list[str] = []
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.grid.selectionModel().currentChanged.connect(self._on_grid_current_changed)

    def _fill_tabs(self) -> None:
        """One tab per category, the recent ones first when there are any."""
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        self._categories = ([RECENT] if self._recent.emoji() else []) + self._catalog.categories
        for category in self._categories:
            tab = self.tabs.addTab(_TAB_FACES.get(category, category[:1]))
            self.tabs.setTabToolTip(tab, translate("emoji.picker", category))
        self.tabs.setCurrentIndex(0)
        self.tabs.blockSignals(False)
        # Every tab in sight, never behind scroll arrows.
        room = self.tabs.sizeHint().width() + 2 * _MARGIN + 8
        if self.width() < room:
            self.resize(room, self.height())

    def open_at(self, anchor: QWidget, search: str = "") -> None:
        """Show the picker above `anchor` (below when there is no room), searching `search`."""
        self._fill_tabs()
        self.search.blockSignals(True)
        self.search.setText(search)
        self.search.blockSignals(False)
        self._on_search_text_changed(search)
        top_left = anchor.mapToGlobal(QPoint(anchor.width() - self.width(), -self.height() - 4))
        screen = anchor.screen().availableGeometry()
        if top_left.y() < screen.top():
            top_left.setY(anchor.mapToGlobal(QPoint(0, anchor.height() + 4)).y())
        top_left.setX(max(screen.left(), min(top_left.x(), screen.right() - self.width())))
        self.move(top_left)
        self.show()
        self.search.setFocus(Qt.FocusReason.PopupFocusReason)

    def _show_category(self, tab: int) -> None:
        if not 0 <= tab < len(self._categories):
            return
        category = self._categories[tab]
        shown = self._recent.emoji() if category == RECENT else self._catalog.in_category(category)
        self._show(shown)

    def _show(self, emoji: list[Emoji]) -> None:
        self.model.show(emoji)
        if emoji:
            self.grid.setCurrentIndex(self.model.index(0))
        else:
            self.name.setText(self.tr("No emoji has that name."))

    def _on_tabs_current_changed(self, tab: int) -> None:
        if self.search.text():
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
        self._show_category(tab)

    def _on_search_text_changed(self, text: str) -> None:
        if text.strip():
            self._show(self._catalog.find(text))
        else:
            self._show_category(self.tabs.currentIndex())

    def _on_grid_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            emoji = self.model.emoji_at(current.row())
            self.name.setText(f"{emoji.character}  :{emoji.shortname}:")

    def _on_grid_clicked(self, index: QModelIndex) -> None:
        self._choose(index)

    def _choose(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        emoji = self.model.emoji_at(index.row())
        self._recent.used(emoji)
        self.hide()
        self.chosen.emit(emoji)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in _NAVIGATION:
                QApplication.sendEvent(self.grid, event)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.grid.currentIndex())
                return True
        return super().eventFilter(watched, event)
