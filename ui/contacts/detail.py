"""One contact, beside the list: who they are, their channels, values that disagree, every chat
across channels (searchable, each readable), and the contact's own history.

A widget only: what is asked of the backend is the window's (signals out, `show_*` in). Every
text a visitor or agent typed is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.contacts.fields import display_phone, readable_address
from app.domain import Chat, ChatSummary, ConflictingValue, Contact, ContactChannel, ContactEvent, Message
from app.domain.contact import CUSTOM_FIELD_PREFIX, MANAGER_FIELD, NAME_FIELD
from app.policy import Action
from ui.accessible import named
from ui.contacts.list_model import unknown_explained
from ui.contacts.models import ContactLogModel, verification
from ui.contacts.when import day
from ui.format import day_and_time
from ui.i18n import translate
from ui.i18n.labels import channel_label, conflict_label
from ui.models.history import HistoryModel
from ui.models.messages import MessageModel
from ui.monitor.colours import Level, is_dark, swatch
from ui.monitor.transcript import TranscriptPanel
from ui.plain import plain_label

_SEARCH_DELAY_MS = 200
PROFILE_TAB, CHATS_TAB, HISTORY_TAB = range(3)


def small_table(model: ContactLogModel | HistoryModel, name: str, label: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    named(view, label)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view


def _value_label(text: str = "") -> QLabel:
    label = plain_label(text, wrap=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _heading(text: str) -> QLabel:
    label = plain_label(text)
    label.setObjectName("panelTitle")
    return label


def _badge(text: str, name: str) -> QLabel:
    badge = plain_label(text)
    badge.setObjectName(name)
    return badge


class ChannelsList(QWidget):
    """Each channel on two lines: what and where (and the visitor's own name on it), then
    whether and how it was verified. Long addresses wrap instead of being cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactChannels")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(2)
        self.lines: list[str] = []  # what each channel reads as, for tests and accessibility

    def show_channels(self, channels: tuple[ContactChannel, ...]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.lines = []
        row = 0
        for channel in channels:
            kind = plain_label(channel_label(channel.channel))
            kind.setObjectName("channelKind")
            address = _value_label(readable_address(channel.address) or "—")
            who = plain_label(channel.visitor_name, wrap=True)
            who.setObjectName("fieldName")
            verified = plain_label(verification(channel), wrap=True)
            verified.setObjectName("channelVerified" if channel.verified else "fieldName")
            self._grid.addWidget(kind, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(address, row, 1)
            self._grid.addWidget(who, row, 2, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(verified, row + 1, 1, 1, 2)
            spacer = QWidget()
            spacer.setFixedHeight(6)
            self._grid.addWidget(spacer, row + 2, 0)
            self.lines.append(f"{channel_label(channel.channel)} · {channel.address} · "
                              f"{channel.visitor_name} · {verification(channel)}")
            row += 3
        if not channels:
            self._grid.addWidget(plain_label(self.tr(
                    "No channel yet: this contact was created by hand.")), 0, 0)
        self._grid.setColumnStretch(1, 3)
        self._grid.setColumnStretch(2, 2)


class ConflictsBox(QFrame):
    """Each field whose values disagree: the current value and each other one, where it came
    from and when, each with "Use this"."""

    use_requested = Signal(str, str)  # field, value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = plain_label()
        self.title.setObjectName("conflictsTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.explanation = plain_label(self.tr("These values came from channels or contacts merged into "
                                       "this one. Choose the one to keep."), wrap=True)
        self.outcome = plain_label(wrap=True)
        self.outcome.setObjectName("conflictsOutcome")
        self.outcome.hide()
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 4, 0, 0)
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addWidget(self._grid_host)
        layout.addWidget(self.outcome)
        self.buttons: list[QPushButton] = []
        self.follow_palette()

    def follow_palette(self) -> None:
        colours = swatch(Level.SOON)
        assert colours is not None
        # A tint of the warning colour: the section stands out on the light and the dark theme.
        background = colours.background.name()
        border = colours.text.name() if is_dark() else "#e0b252"
        self.setStyleSheet(f"#conflicts {{ background: {background}; border: 1px solid {border}; "
                           f"border-radius: 6px; }} #conflicts QLabel {{ color: {colours.text.name()}; "
                           "background: transparent; }")

    def show_conflicts(self, contact: Contact, agent_names: Mapping[str, str], can_settle: bool) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = []
        self.outcome.hide()
        fields: dict[str, list[ConflictingValue]] = {}
        for conflict in contact.conflicts:
            fields.setdefault(conflict.field, []).append(conflict)
        count = len(fields)
        self.title.setText(self.tr("⚠ %n field(s) with conflicting values", None, count))
        row = 0
        for field, conflicts in fields.items():
            label = plain_label(conflict_label(conflicts[0]))
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            self._grid.addWidget(label, row, 0, 1, 3)
            row += 1
            current = _current_value(contact, field)
            choices = [(current, _shown(field, current, agent_names, contact), self.tr("Current value"))]
            choices += [(c.value, _shown(field, c.value, agent_names, contact),
                         self.tr("From {source} · {day_and_time}").format(
                                 source=c.source, day_and_time=day_and_time(c.at))) for c in conflicts]
            for value, shown, origin in choices:
                self._grid.addWidget(_value_label(shown), row, 0)
                self._grid.addWidget(plain_label(origin, wrap=True), row, 1)
                button = QPushButton(self.tr("Use this"))
                button.setObjectName("useThisButton")
                named(button, self.tr("Use this"), self.tr("Keep “{value}”").format(value=shown))
                button.setProperty("conflictField", field)
                button.setProperty("conflictValue", value)
                button.setVisible(can_settle)
                button.clicked.connect(self._requester(field, value))
                self._grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignRight)
                self.buttons.append(button)
                row += 1
        self._grid.setColumnStretch(0, 2)
        self._grid.setColumnStretch(1, 3)

    def _requester(self, field: str, value: str) -> Callable[[], None]:
        return lambda: self._on_use(field, value)

    def _on_use(self, field: str, value: str) -> None:
        for button in self.buttons:
            button.setEnabled(False)  # one choice at a time; the contact comes back re-shown
        self.use_requested.emit(field, value)

    def show_refusal(self, message: str) -> None:
        for button in self.buttons:
            button.setEnabled(True)
        self.outcome.setText(message)
        self.outcome.show()


def _current_value(contact: Contact, field: str) -> str:
    if field == NAME_FIELD:
        return contact.name
    if field == MANAGER_FIELD:
        return contact.manager_id or ""
    return contact.custom_field(field.removeprefix(CUSTOM_FIELD_PREFIX))


def _shown(field: str, value: str, agent_names: Mapping[str, str], contact: Contact) -> str:
    if field == MANAGER_FIELD:
        if not value:
            return translate("contacts.detail", "Nobody")
        if value == contact.manager_id and contact.manager_name:
            return contact.manager_name
        return agent_names.get(value, translate("contacts.detail", "An agent who left"))
    return value or translate("contacts.detail", "(empty)")


class ContactDetail(QWidget):
    edit_requested = Signal()
    resolve_requested = Signal(str, str)  # field, value
    chats_search_changed = Signal(str)
    chat_opened = Signal(str)  # chat id

    def __init__(self, department_names: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactDetail")
        self.contact: Contact | None = None
        self.agent_names: dict[str, str] = {}

        self.name = plain_label()
        self.name.setObjectName("contactName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.45)
        self.name.setFont(font)
        self.unknown_badge = _badge(self.tr("Unknown"), "unknownBadge")
        self.unknown_badge.setToolTip(unknown_explained())
        self.verified_badge = _badge(self.tr("✓ Verified"), "verifiedBadge")
        self.conflicts_badge = _badge("", "conflictsBadge")
        self.summary = plain_label(wrap=True)
        self.summary.setObjectName("contactSummary")
        self.unknown_note = plain_label(unknown_explained(), wrap=True)
        self.unknown_note.setObjectName("unknownNote")
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setObjectName("editContactButton")
        self.edit_button.setToolTip(self.tr("Change the name, emails, phones, manager or custom fields"))
        self.edit_button.clicked.connect(self.edit_requested.emit)

        # -- profile
        self.conflicts = ConflictsBox()
        self.conflicts.use_requested.connect(self.resolve_requested.emit)
        self.emails = _value_label()
        self.phones = _value_label()
        self.manager = _value_label()
        self.created = _value_label()
        self.last_chat = _value_label()
        self._details = QFormLayout()
        self._details.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self._details.setHorizontalSpacing(16)
        self._details.setVerticalSpacing(6)
        for label, value in ((self.tr("Emails"), self.emails), (self.tr("Phones"), self.phones),
                             (self.tr("Contact manager"), self.manager), (self.tr("Created"), self.created),
                             (self.tr("Last chat"), self.last_chat)):
            self._details.addRow(self._field_name(label), value)
        self._fixed_detail_rows = self._details.rowCount()
        self.channels = ChannelsList()
        profile = QWidget()
        profile_layout = QVBoxLayout(profile)
        profile_layout.setContentsMargins(4, 8, 12, 8)
        profile_layout.setSpacing(8)
        profile_layout.addWidget(self.conflicts)
        profile_layout.addWidget(_heading(self.tr("Details")))
        profile_layout.addLayout(self._details)
        profile_layout.addWidget(_heading(self.tr("Channels")))
        profile_layout.addWidget(self.channels)
        profile_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(profile)

        # -- chats
        self.history_model = HistoryModel()
        self.chats_search = QLineEdit()
        named(self.chats_search, self.tr("Search this contact's chats"))
        self.chats_search.setObjectName("contactChatsSearch")
        self.chats_search.setPlaceholderText(self.tr("Search every chat of this contact"))
        self.chats_search.setClearButtonEnabled(True)
        self.chats = small_table(self.history_model, "contactChats", self.tr("Chats of this contact"))
        self.chats.activated.connect(self._on_chats_activated)
        self.chats.clicked.connect(self._on_chats_activated)
        self.chats_empty = plain_label(wrap=True)
        self.chats_empty.setObjectName("chatsEmpty")
        self.chats_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chats_stack = QStackedWidget()
        self.chats_stack.addWidget(self.chats)
        self.chats_stack.addWidget(self.chats_empty)
        self.messages_model = MessageModel()
        self.transcript = TranscriptPanel(self.messages_model, dict(department_names))
        self.transcript.dismissed.connect(self.close_transcript)
        self.transcript.hide()
        self.transcript_note = plain_label(wrap=True)
        self.transcript_note.setObjectName("transcriptNote")
        self.transcript_note.hide()
        chats_split = QSplitter(Qt.Orientation.Vertical)
        chats_split.addWidget(self.chats_stack)
        chats_split.addWidget(self.transcript)
        chats_split.setStretchFactor(0, 2)
        chats_split.setStretchFactor(1, 3)
        chats = QWidget()
        chats_layout = QVBoxLayout(chats)
        chats_layout.setContentsMargins(4, 8, 4, 4)
        chats_layout.addWidget(self.chats_search)
        chats_layout.addWidget(self.transcript_note)
        chats_layout.addWidget(chats_split, 1)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(_SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.chats_search.textChanged.connect(self._on_chats_search_edited)

        # -- history
        self.log_model = ContactLogModel()
        self.log = small_table(self.log_model, "contactLog", self.tr("History of this contact"))
        self.log.horizontalHeader().setSectionResizeMode(ContactLogModel.WHAT, QHeaderView.ResizeMode.Stretch)
        self.log.setWordWrap(True)
        self.log.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(4, 8, 4, 4)
        history_layout.addWidget(self.log)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("contactTabs")
        self.tabs.addTab(scroll, self.tr("Profile"))
        self.tabs.addTab(chats, self.tr("Chats"))
        self.tabs.addTab(history, self.tr("History"))

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.name, 0)
        for badge in (self.unknown_badge, self.verified_badge, self.conflicts_badge):
            top.addWidget(badge, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(4)
        content_layout.addLayout(top)
        content_layout.addWidget(self.summary)
        content_layout.addWidget(self.unknown_note)
        content_layout.addWidget(self.tabs, 1)
        self.empty = plain_label(self.tr("Choose a contact on the left to see their profile, channels, "
                                 "chats and history."), wrap=True)
        self.empty.setObjectName("detailEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 4, 4)
        layout.addWidget(self.pages)
        self.follow_palette()
        self.show_contact(None, frozenset())

    @staticmethod
    def _field_name(text: str) -> QLabel:
        label = plain_label(text)
        label.setObjectName("fieldName")
        return label

    # -- showing ---------------------------------------------------------------------------

    def follow_palette(self) -> None:
        colours = swatch(Level.SOON)
        assert colours is not None
        palette = QtGui.QGuiApplication.palette()
        muted = palette.color(QtGui.QPalette.ColorRole.PlaceholderText).name()
        green_bg, green_fg = ("#1f4d2b", "#b9f0c6") if is_dark() else ("#dff3e4", "#1e5e2f")
        pill = "border-radius: 9px; padding: 2px 8px; font-weight: 600;"
        self.setStyleSheet(
            f"QLabel#unknownBadge {{ {pill} border: 1px solid {muted}; color: {muted}; }}"
            f"QLabel#verifiedBadge {{ {pill} background: {green_bg}; color: {green_fg}; }}"
            f"QLabel#conflictsBadge {{ {pill} background: {colours.background.name()}; "
            f"color: {colours.text.name()}; }}"
            f"QLabel#fieldName, QLabel#contactSummary, QLabel#unknownNote, QLabel#detailEmpty, "
            f"QLabel#chatsEmpty {{ color: {muted}; }}"
            f"QLabel#channelVerified {{ color: {green_fg if is_dark() else '#1e6b34'}; }}"
            "QLabel#channelKind { font-weight: 600; }"
        )
        self.conflicts.follow_palette()

    def show_contact(self, contact: Contact | None, can: frozenset[Action]) -> None:
        """Show `contact` (None: nothing chosen) with what `can` allows."""
        changed = contact is None or self.contact is None or contact.id != self.contact.id
        self.contact = contact
        if contact is None:
            self.pages.setCurrentWidget(self.empty)
            self.channels.show_channels(())
            self.history_model.reset([])
            self.log_model.reset([])
            self.close_transcript()
            return
        if changed:
            self.chats_search.blockSignals(True)
            self.chats_search.clear()
            self.chats_search.blockSignals(False)
            self.close_transcript()
        self.pages.setCurrentWidget(self.content)
        self.name.setText(contact.name or self.tr("(no name)"))
        self.unknown_badge.setVisible(contact.unknown)
        self.unknown_note.setVisible(contact.unknown)
        self.verified_badge.setVisible(contact.verified)
        fields = len({c.field for c in contact.conflicts})
        self.conflicts_badge.setText(self.tr("⚠ %n conflict(s)", None, fields))
        self.conflicts_badge.setVisible(bool(contact.conflicts))
        channels = len(contact.channels)
        self.summary.setText(" · ".join(filter(None, (
            self.tr("%n channel(s)", None, channels),
            self.tr("managed by {manager}").format(manager=contact.manager_name)
            if contact.manager_name else "",
            self.tr("created {day}").format(day=day(contact.created_at))))))
        self.edit_button.setVisible(Action.EDIT_CONTACT in can)
        self.conflicts.setVisible(bool(contact.conflicts))
        if contact.conflicts:
            self.conflicts.show_conflicts(contact, self.agent_names, Action.EDIT_CONTACT in can)
        self.emails.setText("\n".join(contact.emails) or "—")
        self.phones.setText("\n".join(display_phone(p) for p in contact.phones) or "—")
        self.manager.setText(contact.manager_name or self.tr("Nobody"))
        self.created.setText(day_and_time(contact.created_at))
        self.last_chat.setText(day_and_time(contact.last_chat_at) if contact.last_chat_at else self.tr(
                "No chat yet"))
        # Custom fields go in the same form as the others: one column of names, aligned.
        while self._details.rowCount() > self._fixed_detail_rows:
            self._details.removeRow(self._fixed_detail_rows)
        if contact.custom_fields:
            self._details.addRow(_heading(self.tr("Custom fields")))
        for name, value in contact.custom_fields:
            self._details.addRow(self._field_name(name), _value_label(value))
        self.channels.show_channels(contact.channels)

    def show_chats(self, chats: list[ChatSummary]) -> None:
        self.history_model.reset(chats)
        searching = self.chats_search.text().strip()
        count = len(chats)
        title = self.tr("Chats ({count})").format(
                count=count) if not searching else self.tr("Chats ({count} match)").format(count=count)
        self.tabs.setTabText(CHATS_TAB, title)
        if chats:
            self.chats_stack.setCurrentWidget(self.chats)
        else:
            self.chats_empty.setText(self.tr("No chat of this contact mentions '{searching}'.").format(
                    searching=searching) if searching
                                     else self.tr("This contact has no chat yet."))
            self.chats_stack.setCurrentWidget(self.chats_empty)

    def show_log(self, events: list[ContactEvent]) -> None:
        self.log_model.reset(events)
        self.tabs.setTabText(HISTORY_TAB, self.tr("History ({count})").format(count=len(events)))
        self.log.resizeRowsToContents()

    def show_transcript(self, chat: Chat, messages: list[Message]) -> None:
        self.transcript_note.hide()
        self.transcript.show()
        self.transcript.show_chat(chat, frozenset(), can_take_over=False, served_by="")
        self.messages_model.show_chat(chat.id, messages)

    def show_transcript_refusal(self, message: str) -> None:
        self.close_transcript()
        self.transcript_note.setText(message)
        self.transcript_note.show()

    def close_transcript(self) -> None:
        self.transcript.show_chat(None, frozenset(), can_take_over=False)
        self.messages_model.show_chat(None, [])
        self.transcript.hide()

    @property
    def shown_chat_id(self) -> str | None:
        chat = self.transcript.chat
        return chat.id if chat is not None and self.transcript.isVisible() else None

    # -- input -----------------------------------------------------------------------------

    def _on_chats_search_edited(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self.chats_search_changed.emit(self.chats_search.text())

    def _on_chats_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.chat_opened.emit(self.history_model.chat_at(index.row()).id)
