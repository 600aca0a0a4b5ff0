"""A unit chat opened from the dashboard: its messages, read only and live, and what the
supervisor may do to it (the policy's capabilities decide which buttons show)."""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import Chat, ChatStatus
from app.policy import Action
from ui.accessible import named
from ui.i18n import QT_TRANSLATE_NOOP
from ui.i18n.labels import channel_label
from ui.models.messages import MessageModel
from ui.plain import plain_label
from ui.search.in_chat import bring_match_into_view
from ui.workspace.message_delegate import MessageDelegate

_STATE = {ChatStatus.OPEN: QT_TRANSLATE_NOOP("TranscriptPanel", "open"),
          ChatStatus.ON_HOLD: QT_TRANSLATE_NOOP("TranscriptPanel", "on hold"),
          ChatStatus.QUEUED: QT_TRANSLATE_NOOP("TranscriptPanel", "waiting in the queue"),
          ChatStatus.CLOSED: QT_TRANSLATE_NOOP("TranscriptPanel", "closed")}

# A note is a line of coaching, not an essay; the backend holds every message to its own limit.
_NOTE_CHARS = 2_000


class TranscriptPanel(QWidget):
    transfer_requested = Signal(str)  # chat id
    close_requested = Signal(str)  # chat id
    hold_requested = Signal(str, bool)  # chat id, True to put on hold, False to resume
    take_over_requested = Signal(str)  # chat id
    assign_requested = Signal(str)  # chat id (of a waiting inquiry)
    note_requested = Signal(str, str)  # chat id, the note's text
    dismissed = Signal()

    def __init__(self, model: MessageModel, department_names: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monitorTranscript")
        self.model = model
        self.department_names = department_names
        self.chat: Chat | None = None
        self.heading = plain_label()
        self.heading.setObjectName("transcriptHeading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.details = plain_label(wrap=True)
        self.details.setObjectName("transcriptDetails")
        self.outcome = plain_label(wrap=True)
        self.outcome.setObjectName("transcriptOutcome")
        hide = QToolButton()
        hide.setText("✕")
        hide.setToolTip(self.tr("Close the transcript"))
        named(hide, self.tr("Close the transcript"))
        hide.setAutoRaise(True)
        hide.clicked.connect(self.dismissed.emit)

        self.transfer_button = self._button(self.tr("Transfer…"), "transferButton", self.transfer_requested)
        self.close_button = self._button(self.tr("Close chat…"), "closeButton", self.close_requested)
        self.take_over_button = self._button(self.tr("Take over"), "takeOverButton", self.take_over_requested)
        self.assign_button = self._button(self.tr("Assign to…"), "assignButton", self.assign_requested)
        self.hold_button = QPushButton(self.tr("Put on hold"))
        self.hold_button.setObjectName("holdButton")
        self.hold_button.clicked.connect(self._on_hold_button_clicked)

        self.messages = QListView()
        named(self.messages, self.tr("Transcript"), self.tr("The messages of the chat, oldest first"))
        self.messages.setObjectName("transcriptMessages")
        self.messages.setModel(model)
        self.delegate = MessageDelegate(self.messages)
        self.messages.setItemDelegate(self.delegate)
        self.messages.setResizeMode(QListView.ResizeMode.Adjust)
        # Bubbles wrap to the view's width: a narrower view (a panel dragged, the scroll bar
        # appearing) must lay the rows out again. QListView re-lays out on a width change only
        # when it wraps item text; without it, taller bubbles would overlap the next.
        self.messages.setWordWrap(True)
        # Rows have their own heights: measure them in slices between events, as the desk does.
        self.messages.setLayoutMode(QListView.LayoutMode.Batched)
        self.messages.setBatchSize(200)
        self.messages.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.messages.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.messages.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        model.rowsInserted.connect(lambda *_: self.messages.scrollToBottom())
        model.modelReset.connect(self.messages.scrollToBottom)

        # Supervisors coach in notes: agents and monitors read them, the visitor never does.
        self.note_field = QLineEdit()
        self.note_field.setObjectName("noteField")
        self.note_field.setPlaceholderText(self.tr("Write an internal note (the visitor never sees it)…"))
        named(self.note_field, self.tr("Internal note"))
        self.note_field.setMaxLength(_NOTE_CHARS)
        self.note_field.returnPressed.connect(self._on_note_submitted)
        self.note_button = QPushButton(self.tr("Add note"))
        self.note_button.setObjectName("noteButton")
        self.note_button.clicked.connect(self._on_note_submitted)
        self.note_field.textChanged.connect(
            lambda text: self.note_button.setEnabled(bool(text.strip())))
        self.note_button.setEnabled(False)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_field, 1)
        note_row.addWidget(self.note_button)
        self.note_row = QWidget()
        self.note_row.setLayout(note_row)
        note_row.setContentsMargins(0, 0, 0, 0)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(hide)
        buttons = QHBoxLayout()
        for button in (self.assign_button, self.take_over_button, self.hold_button,
                       self.transfer_button, self.close_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        layout.addWidget(self.outcome)
        layout.addWidget(self.messages, 1)
        layout.addWidget(self.note_row)
        self.show_chat(None, frozenset(), can_take_over=False)

    def _button(self, text: str, name: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: self._emit_for_chat(signal))
        return button

    def _emit_for_chat(self, signal: SignalInstance) -> None:
        if self.chat is not None:
            signal.emit(self.chat.id)

    def show_chat(self, chat: Chat | None, can: frozenset[Action], *, can_take_over: bool,
                  served_by: str = "") -> None:
        """Show `chat` with the buttons for what `can` allows; `can_take_over`: the user may
        transfer it to themselves."""
        if chat is None or self.chat is None or chat.id != self.chat.id:
            self.outcome.setText("")
            self.note_field.clear()
        self.chat = chat
        if chat is None:
            self.heading.setText(self.tr("No chat open"))
            self.details.setText(self.tr("Double-click a chat or a waiting inquiry to read it here."))
        else:
            department = self.department_names.get(chat.department_id or "", self.tr("no department"))
            who = self.tr(" · served by {served_by}").format(served_by=served_by) if served_by else ""
            tags = " · " + self.tr("tags: {tags}").format(tags=", ".join(chat.tags)) if chat.tags else ""
            self.heading.setText(chat.visitor_name)
            self.details.setText(f"{channel_label(chat.channel)} · {department} · "
                                 f"{self.tr(_STATE[chat.status])}{who}{tags}")
        on_hold = chat is not None and chat.status is ChatStatus.ON_HOLD
        self.transfer_button.setVisible(Action.TRANSFER in can)
        self.close_button.setVisible(Action.CLOSE in can)
        self.assign_button.setVisible(Action.ASSIGN in can)
        self.take_over_button.setVisible(can_take_over)
        self.hold_button.setVisible(bool({Action.HOLD, Action.RESUME} & can))
        self.hold_button.setText(self.tr("Resume") if on_hold else self.tr("Put on hold"))
        self.note_row.setVisible(Action.NOTE in can)

    def show_match(self, text: str, message_id: str | None = None) -> int | None:
        """Opened from a search for `text`: the message found (`message_id`, else the first
        holding the words) in view, the words marked; an empty `text` marks nothing."""
        return bring_match_into_view(self.messages, self.model, self.delegate, text, message_id)

    def show_out_of_reach(self) -> None:
        """The chat left what the user may see (moved to another unit): its messages stay,
        every action goes."""
        self.show_chat(self.chat, frozenset(), can_take_over=False)
        self.outcome.setText(self.tr("This chat has left your units: it can no longer be acted on here."))

    def show_outcome(self, text: str) -> None:
        self.outcome.setText(text)

    def note_added(self, text: str) -> None:
        """The note was kept: clear the field unless something else was typed meanwhile."""
        if self.note_field.text().strip() == text:
            self.note_field.clear()

    def _on_note_submitted(self) -> None:
        text = self.note_field.text().strip()
        if self.chat is not None and text:
            self.note_requested.emit(self.chat.id, text)

    def _on_hold_button_clicked(self) -> None:
        if self.chat is not None:
            self.hold_requested.emit(self.chat.id, self.chat.status is not ChatStatus.ON_HOLD)
