"""The visitor's contact: who they are, their channels and how each was verified, and every chat
across channels, searchable. Names, addresses and conflicting values are visitor text: shown
plain, tooltips escaped."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.contacts.fields import readable_address
from app.domain import Contact
from ui.accessible import named
from ui.format import verification_text
from ui.i18n import QT_TRANSLATE_NOOP
from ui.i18n.labels import channel_label, conflict_label
from ui.models.history import HistoryModel
from ui.plain import plain_label

_SEARCH_DELAY_MS = 200

UNKNOWN_TIP = QT_TRANSLATE_NOOP("ContactPanel", "Unknown contact: it was made automatically from a visitor, "
                                "and none of its channels has been verified since. Verify the visitor's "
                                "email or phone to vouch for it; your organisation may keep agents from "
                                "taking chats of unknown contacts.")

# Translucent colours read on the light and the dark theme alike (ui/style.py).
_STYLE = """
QLabel#unknownBadge, QLabel#verifiedBadge {
    border-radius: 8px; padding: 1px 8px; font-size: 90%;
}
QLabel#unknownBadge { background: rgba(237, 108, 2, 0.16); border: 1px solid rgba(237, 108, 2, 0.6); }
QLabel#verifiedBadge { background: rgba(46, 160, 67, 0.16); border: 1px solid rgba(46, 160, 67, 0.6); }
QLabel#channelMark[verified="true"] { color: #2ea043; font-weight: 600; }
QLabel#channelMark[verified="false"] { color: palette(placeholder-text); }
QLabel#channelDetail, QLabel#sectionTitle { color: palette(placeholder-text); }
QLabel#conflictNote { color: #d97706; }
QLabel#mergeNote {
    background: rgba(47, 101, 202, 0.14); border: 1px solid rgba(47, 101, 202, 0.45);
    border-radius: 4px; padding: 3px 6px;
}
QFrame#contactCard { border: 1px solid palette(midlight); border-radius: 6px; }
"""


def plain_tip(text: str) -> str:
    """A tooltip that shows `text` as written: Qt reads a tooltip that looks like markup as
    rich text, and visitor text must never be."""
    # Normal white space: a long sentence wraps instead of running off the screen.
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


class ContactPanel(QWidget):
    history_search_changed = Signal(str, str)  # contact id, text
    history_chat_chosen = Signal(str)  # chat id
    verify_requested = Signal()  # for the open chat's channel
    contact_center_requested = Signal(str)  # contact id

    def __init__(self, model: HistoryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self.model = model
        self.contact: Contact | None = None
        # The visitor of the open chat: their channel is the one Verify is about.
        self._chat_visitor_id: str | None = None
        self.name = plain_label(wrap=True)
        self.name.setObjectName("contactName")
        font = self.name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.name.setFont(font)
        self.unknown_badge = plain_label(self.tr("Unknown contact"))
        self.unknown_badge.setObjectName("unknownBadge")
        self.unknown_badge.setToolTip(self.tr(UNKNOWN_TIP))
        self.verified_badge = plain_label(self.tr("✓ Verified"))
        self.verified_badge.setObjectName("verifiedBadge")
        self.verified_badge.setToolTip(self.tr("A channel of this contact has been verified."))
        self.verify_button = QPushButton(self.tr("Verify…"))
        self.verify_button.setObjectName("verifyContact")
        self.verify_button.setToolTip(self.tr("Record the email or phone number the visitor proved: "
                                      "contacts holding the same verified one become this one"))
        self.verify_button.clicked.connect(self.verify_requested)
        badges = QHBoxLayout()
        badges.setContentsMargins(0, 0, 0, 0)
        badges.addWidget(self.unknown_badge)
        badges.addWidget(self.verified_badge)
        badges.addStretch(1)
        badges.addWidget(self.verify_button)

        self.channels_title = plain_label(self.tr("Channels"))
        self.channels_title.setObjectName("sectionTitle")
        self.channels = QWidget()
        self.channels.setObjectName("contactChannels")
        # One row per channel, stacked: a vertical layout gives wrapped labels the height their
        # width needs (a grid inside the tabs did not, and wrapped lines overlapped).
        self._channel_rows = QVBoxLayout(self.channels)
        self._channel_rows.setContentsMargins(0, 0, 0, 0)
        self._channel_rows.setSpacing(3)
        self._channel_labels: list[tuple[QLabel, QLabel]] = []

        self.conflicts = plain_label()
        self.conflicts.setObjectName("conflictNote")
        self.contact_center_button = QToolButton()
        self.contact_center_button.setObjectName("openInContactCenter")
        self.contact_center_button.setText(self.tr("Open in Contact Center ›"))
        self.contact_center_button.setAutoRaise(True)
        self.contact_center_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.contact_center_button.setToolTip(self.tr("See and edit the whole contact, settle conflicting "
                                              "values, read its log"))
        self.contact_center_button.clicked.connect(self._request_contact_center)
        self._contact_center_offered = False
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.conflicts)
        footer.addStretch(1)
        footer.addWidget(self.contact_center_button)

        self.merge_note = plain_label(wrap=True)
        self.merge_note.setObjectName("mergeNote")
        self.merge_note.hide()

        card = QFrame()
        card.setObjectName("contactCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(8, 6, 8, 6)
        card_layout.setSpacing(4)
        card_layout.addWidget(self.name)
        card_layout.addLayout(badges)
        card_layout.addSpacing(2)
        card_layout.addWidget(self.channels_title)
        card_layout.addWidget(self.channels)
        card_layout.addLayout(footer)

        self.history_title = plain_label(self.tr("Conversations"))
        self.history_title.setObjectName("panelTitle")
        self.search = QLineEdit()
        named(self.search, self.tr("Search this contact's conversations"))
        self.search.setObjectName("historySearch")
        self.search.setPlaceholderText(self.tr("Search this contact's conversations"))
        self.search.setClearButtonEnabled(True)
        self.history = QTableView()
        named(self.history, self.tr("Conversations of this contact"))
        self.history.setObjectName("contactHistory")
        self.history.setModel(model)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.history.verticalHeader().setDefaultSectionSize(22)
        # The panel is narrow: When and Channel keep their text, Agent and Tags share the rest,
        # cut with "…" (whole in the tooltip), never behind a sideways scrollbar.
        history_header = self.history.horizontalHeader()
        history_header.setStretchLastSection(False)
        for column, mode in ((0, QHeaderView.ResizeMode.ResizeToContents),
                             (1, QHeaderView.ResizeMode.ResizeToContents),
                             (2, QHeaderView.ResizeMode.Stretch), (3, QHeaderView.ResizeMode.Stretch)):
            history_header.setSectionResizeMode(column, mode)
        self.history.installEventFilter(self)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.history.setWordWrap(False)
        self.history.activated.connect(self._on_history_activated)
        self.history.clicked.connect(self._on_history_activated)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(_SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._emit_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        model.modelReset.connect(self._update_history_title)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(card)
        layout.addWidget(self.merge_note)
        layout.addSpacing(4)
        layout.addWidget(self.history_title)
        layout.addWidget(self.search)
        layout.addWidget(self.history, 1)
        self.set_verify_offered(False)
        self.show_contact(None)

    def show_contact(self, contact: Contact | None, *, chat_visitor_id: str | None = None) -> None:
        """Show `contact`; `chat_visitor_id`, the open chat's visitor, marks their channel."""
        changed = contact is None or self.contact is None or contact.id != self.contact.id
        self.contact = contact
        self._chat_visitor_id = chat_visitor_id
        if changed:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.show_merge_note("")
        self._show_channels(contact)
        if contact is None:
            self.name.setText(self.tr("No contact"))
            self.unknown_badge.hide()
            self.verified_badge.hide()
            self.channels_title.hide()
            self.conflicts.hide()
            self.contact_center_button.hide()
            self.search.setEnabled(False)
            return
        self.search.setEnabled(True)
        self.name.setText(contact.name)
        self.unknown_badge.setVisible(contact.unknown)
        self.verified_badge.setVisible(contact.verified)
        self.channels_title.setVisible(bool(contact.channels))
        count = len(contact.conflicts)
        self.conflicts.setVisible(count > 0)
        self.conflicts.setText(self.tr("⚠ %n conflicting value(s)", None, count))
        self.conflicts.setToolTip(plain_tip(
            self.tr("Values that differ from the contact's, kept until someone chooses (in the Contact "
                    "Center):") + "\n" + "\n".join(
                self.tr("{field}: {value} (from {source})").format(field=conflict_label(c), value=c.value,
                                                                    source=c.source)
                for c in contact.conflicts)))
        self.contact_center_button.setVisible(self._contact_center_offered)

    def _show_channels(self, contact: Contact | None) -> None:
        while self._channel_rows.count():
            item = self._channel_rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._channel_labels = []
        for channel in contact.channels if contact is not None else ():
            mark = plain_label("✓" if channel.verified else "○")
            mark.setObjectName("channelMark")
            mark.setProperty("verified", "true" if channel.verified else "false")
            mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            this_chat = channel.visitor_id == self._chat_visitor_id
            line = plain_label(f"{channel_label(channel.channel)} · {readable_address(channel.address)}"
                               + (self.tr("  (this chat)") if this_chat else ""), wrap=True)
            line.setObjectName("contactChannel")
            if this_chat:
                bold = line.font()
                bold.setBold(True)
                line.setFont(bold)
            detail = plain_label(verification_text(channel), wrap=True)
            detail.setObjectName("channelDetail")
            who = channel.visitor_name or self.tr("the visitor")
            state = (verification_text(channel) if channel.verified
                     else self.tr("not verified yet"))
            tip = plain_tip(self.tr("{who} on {channel} ({address}): {state}").format(
                who=who, channel=channel_label(channel.channel), address=readable_address(channel.address),
                state=state))
            for label in (mark, line, detail):
                label.setToolTip(tip)
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.setSpacing(6)
            texts = QVBoxLayout()
            texts.setSpacing(0)
            texts.addWidget(line)
            texts.addWidget(detail)
            row_layout.addWidget(mark)
            row_layout.addLayout(texts, 1)
            self._channel_rows.addWidget(row)
            self._channel_labels.append((line, detail))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.history and event.type() == QEvent.Type.Resize:
            # Too narrow for tags beside the agent: tags go (the row's tooltip names them).
            room = self.history.fontMetrics().horizontalAdvance("M") * 32
            self.history.setColumnHidden(3, self.history.width() < room)
        return super().eventFilter(watched, event)

    def channel_texts(self) -> list[str]:
        """Each channel as shown: 'Email · lena@example.com: Verified by email … on …'."""
        return [f"{line.text()}: {detail.text()}" for line, detail in self._channel_labels]

    def set_verify_offered(self, offered: bool) -> None:
        self.verify_button.setVisible(offered)

    def set_contact_center_offered(self, offered: bool) -> None:
        """Whether the Contact Center may be opened (the user may look up contacts)."""
        self._contact_center_offered = offered
        self.contact_center_button.setVisible(offered and self.contact is not None)

    def show_merge_note(self, text: str) -> None:
        """Say what a verification just did (contacts merged); empty hides it."""
        self.merge_note.setText(text)
        self.merge_note.setVisible(bool(text))

    def _request_contact_center(self) -> None:
        if self.contact is not None:
            self.contact_center_requested.emit(self.contact.id)

    def _update_history_title(self) -> None:
        count = self.model.rowCount()
        searching = bool(self.search.text().strip())
        self.history_title.setText(self.tr("%n matching conversation(s)", None, count) if searching
                                   else self.tr("%n conversation(s)", None, count))

    def _emit_search(self) -> None:
        if self.contact is not None:
            self.history_search_changed.emit(self.contact.id, self.search.text())

    def _on_history_activated(self, index: QModelIndex) -> None:
        self.history_chat_chosen.emit(self.model.chat_at(index.row()).id)
