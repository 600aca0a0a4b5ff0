"""The conversation: the chat's messages, and the composer when the chat is mine and open."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QEvent, QLocale, QObject, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStyleOptionViewItem,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import AuthorKind, CannedResponse, Chat, ChatStatus, Priority
from app.domain.message import MAX_MESSAGE_CHARS
from app.policy import Action
from ui.accessible import named
from ui.emoji.catalog import Emoji, catalog
from ui.emoji.picker import EmojiPicker, RecentEmoji
from ui.format import day_and_time, wait_time
from ui.i18n.labels import channel_label, priority_label
from ui.models.messages import MessageModel
from ui.plain import ElidedLabel, plain_label
from ui.search.in_chat import bring_match_into_view
from ui.workspace.attach import FileChooser
from ui.workspace.message_delegate import MessageDelegate

_TYPED_SHORTCUT = re.compile(r"(?:^|\s)!([A-Za-z0-9_-]{1,40})$")
# ":name" just typed (Rocket.Chat's emoji popup opens on a colon and a few letters).
_TYPED_EMOJI_NAME = re.compile(r"(?:^|\s):([A-Za-z0-9_+-]{2,40})$")


class ConversationPanel(QWidget):
    send_requested = Signal(str, str)  # chat id, text
    note_requested = Signal(str, str)  # chat id, text of an internal note (staff only)
    close_requested = Signal(str)  # chat id
    transfer_requested = Signal(str)  # chat id
    hold_requested = Signal(str, bool)  # chat id, True to put on hold, False to resume
    canned_picker_requested = Signal(str)  # what was typed after "!", to start the search with
    save_canned_requested = Signal(str)  # the composer's text
    link_activated = Signal(str)  # a web or mail link clicked in a message
    info_requested = Signal(str)  # chat id
    older_requested = Signal(str, str)  # chat id, the cursor of the page before the oldest shown
    verify_requested = Signal(str)  # chat id
    files_chosen = Signal(str, list)  # chat id, paths of local files to send
    save_requested = Signal(str)  # id of a message whose file to save

    def __init__(self, model: MessageModel, department_names: dict[str, str],
                 parent: QWidget | None = None, *, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._emoji = catalog()
        self._recent_emoji = RecentEmoji(settings if settings is not None else QSettings(), self._emoji)
        self.emoji_picker: EmojiPicker | None = None  # made when first opened
        # How many characters before the cursor the emoji chosen replaces (a ":name" typed).
        self._emoji_typed = 0
        self._department_names = department_names
        self.chat: Chat | None = None
        # What the policy lets me do to the chat shown (Backend.capabilities of its place).
        self.can: frozenset[Action] = frozenset()
        self._verify_offered = False
        self.heading = ElidedLabel()
        self.heading.setObjectName("conversationHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.details = plain_label(wrap=True)
        self.details.setObjectName("conversationDetails")
        self.idle = plain_label()
        self.idle.setObjectName("visitorIdle")
        # The idle line says that the visitor is typing, else how long they have been silent.
        # Both states are kept, so refreshing the silence (every new message, a reload, the
        # ticker) never hides the typing, and the typing ending brings the silence back.
        self._visitor_typing = False
        self._visitor_silence = ""
        self.close_button = QPushButton(self.tr("Close chat…"))
        self.close_button.setToolTip(self.tr("Close the chat with a comment and tags (Ctrl+W)"))
        self.close_button.clicked.connect(self._request_close)
        self.transfer_button = QPushButton(self.tr("Transfer…"))
        self.transfer_button.setToolTip(self.tr("Hand the chat to an agent or a department (Ctrl+Shift+T)"))
        self.transfer_button.clicked.connect(self.request_transfer)
        self.info_button = QPushButton(self.tr("Info…"))
        self.info_button.setToolTip(self.tr("Topic, tags and priority of the chat (Ctrl+I)"))
        self.info_button.clicked.connect(self.request_info)
        self.hold_button = QPushButton(self.tr("Hold"))
        self.hold_button.setToolTip(self.tr("On-hold chats do not count towards your limit (Ctrl+H)"))
        self.hold_button.clicked.connect(self.request_hold_toggle)
        self.verify_button = QPushButton(self.tr("Verify…"))
        self.verify_button.setObjectName("verifyChat")
        self.verify_button.setToolTip(self.tr("Record the email or phone number the visitor proved"))
        self.verify_button.clicked.connect(self.request_verify)

        self.messages = QListView()
        named(self.messages, self.tr("Conversation"), self.tr("The messages of the chat, oldest first"))
        self.messages.setObjectName("messages")
        self.messages.setModel(model)
        self.delegate = MessageDelegate(self.messages)
        self.messages.setItemDelegate(self.delegate)
        self.messages.viewport().installEventFilter(self)
        self.messages.verticalScrollBar().valueChanged.connect(self._on_scroll_value_changed)
        # Where the page before the oldest message shown starts (Backend.messages' cursor);
        # None when the chat's start is shown, or while that page is being fetched.
        self.older: str | None = None
        self.messages.setResizeMode(QListView.ResizeMode.Adjust)
        # Bubbles wrap to the view's width: a narrower view (a panel dragged, the scroll bar
        # appearing) must lay the rows out again. QListView re-lays out on a width change only
        # when it wraps item text; without it, taller bubbles would overlap the next.
        self.messages.setWordWrap(True)
        # Rows have their own heights, so laying out means measuring each: do it in slices
        # between events instead of all at once (a long chat would freeze the window).
        self.messages.setLayoutMode(QListView.LayoutMode.Batched)
        self.messages.setBatchSize(200)
        self.messages.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.messages.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.messages.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Scroll once per batch of new messages, not once per message: a burst stays cheap.
        self._scroll_later = QTimer(self)
        self._scroll_later.setSingleShot(True)
        self._scroll_later.setInterval(0)
        self._scroll_later.timeout.connect(self.messages.scrollToBottom)
        model.rowsInserted.connect(lambda *_: self._scroll_later.start())
        model.modelReset.connect(self._scroll_later.start)

        self.composer = QPlainTextEdit()
        named(self.composer, self.tr("Reply"), self.tr("Ctrl+Enter sends"))
        self.composer.setObjectName("composer")
        self.composer.setPlaceholderText(self.tr("Write a reply… (Ctrl+Enter sends)"))
        self.composer.setFixedHeight(90)
        self.composer.textChanged.connect(self._update_send_button)
        self.canned: list[CannedResponse] = []
        self.composer.installEventFilter(self)
        self.canned_button = QPushButton(self.tr("Canned…"))
        self.canned_button.setToolTip(self.tr(
                "Insert a canned response (Ctrl+Shift+K, or type !shortcut then Tab)"))
        self.canned_button.clicked.connect(lambda: self.canned_picker_requested.emit(""))
        self.save_canned_button = QPushButton(self.tr("Save as canned…"))
        self.save_canned_button.setToolTip(self.tr("Keep this text as one of your own canned responses"))
        self.save_canned_button.clicked.connect(
            lambda: self.save_canned_requested.emit(self.composer.toPlainText()))
        self.emoji_button = QToolButton()
        self.emoji_button.setObjectName("emojiButton")
        self.emoji_button.setText("😊")
        self.emoji_button.setToolTip(self.tr("Insert an emoji (Ctrl+Shift+E, or type :name: — or :name "
                                             "then Tab)"))
        named(self.emoji_button, self.tr("Insert an emoji"))
        self.emoji_button.clicked.connect(self.open_emoji_picker)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self._request_send)
        # Checked: what is sent is an internal note, read by staff only, never by the visitor.
        self.note_button = QPushButton(self.tr("Note"))
        self.note_button.setObjectName("noteMode")
        self.note_button.setCheckable(True)
        self.note_button.setToolTip(self.tr(
                "Write an internal note: only agents, monitors and admins see it, "
                                    "never the visitor"))
        self.note_button.setAccessibleName(self.tr("Internal note mode"))
        self.note_button.toggled.connect(self._on_note_toggled)
        self.status_note = plain_label()
        self._too_long_said = False
        self.status_note.setObjectName("composerNote")
        # Files: the Attach button, and files dropped on the conversation or the composer.
        self.files = FileChooser(self)
        self.files.accept_drops_on(self.composer.viewport(), self.messages.viewport())
        self.files.chosen.connect(self._on_files_chosen)
        # Whether the organisation lets files be sent at all (Backend.file_limits).
        self.files_allowed = True
        self.messages.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.messages.customContextMenuRequested.connect(self._on_messages_context_menu)
        QShortcut(QKeySequence("Ctrl+Return"), self.composer, self._request_send)
        QShortcut(QKeySequence("Ctrl+Enter"), self.composer, self._request_send)

        # The chat's actions give way to its visitor's name: those that do not fit go to the
        # toolbar's » menu, until the name itself is cut (at large text, in a narrow window).
        self.actions_bar = QToolBar()
        self.actions_bar.setObjectName("chatActions")
        named(self.actions_bar, self.tr("Chat actions"))
        self.actions_bar.setMovable(False)
        # A widget on a toolbar shows and hides through its action (QToolBar.addWidget).
        self._offered = {
            button: self.actions_bar.addWidget(button)
            # Most used first: the toolbar's » takes them from the end.
            for button in (self.close_button, self.transfer_button, self.hold_button,
                           self.info_button, self.verify_button)
        }
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.actions_bar)
        composer_row = QHBoxLayout()
        composer_row.addWidget(self.composer, 1)
        side = QVBoxLayout()
        side.addWidget(self.canned_button)
        side.addWidget(self.save_canned_button)
        side.addWidget(self.files.button)
        side.addStretch(1)
        side.addWidget(self.note_button)
        send_row = QHBoxLayout()
        send_row.setSpacing(4)
        send_row.addWidget(self.emoji_button)
        send_row.addWidget(self.send_button, 1)
        # As tall as Send beside it, the face large enough to read.
        self.emoji_button.setFixedHeight(self.send_button.sizeHint().height())
        face = self.emoji_button.font()
        face.setPointSizeF(face.pointSizeF() * 1.3)
        self.emoji_button.setFont(face)
        side.addLayout(send_row)
        composer_row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading_row)
        layout.addWidget(self.details)
        layout.addWidget(self.idle)
        layout.addWidget(self.messages, 1)
        layout.addWidget(self.status_note)
        layout.addLayout(composer_row)
        self.show_chat(None, frozenset(), mine=False)

    def _offer(self, button: QPushButton, offered: bool) -> None:
        self._offered[button].setVisible(offered)
        # The toolbar shows and hides its widgets when it lays out; do it now, so what is
        # offered never lags behind what the policy says.
        laid_out = self.actions_bar.layout()
        if laid_out is not None:
            laid_out.activate()

    def show_out_of_reach(self) -> None:
        """The open chat has left what I may see (transferred to another department or agent):
        its messages stay on screen, every action goes."""
        self.show_chat(self.chat, frozenset(), mine=False)
        self.status_note.setText(self.tr("This chat is no longer yours: it was handed to someone else."))

    def refresh_header(self) -> None:
        """Say the shown chat's facts again (its department's name may have changed)."""
        self._render_header(self.chat)

    def _render_header(self, chat: Chat | None) -> None:
        if chat is None:
            self.heading.setText(self.tr("No chat open"))
            self.details.setText(self.tr("Take an inquiry from the queue or choose one of your chats."))
        else:
            department = self._department_names.get(chat.department_id or "", "no department")
            state = {
                ChatStatus.OPEN: self.tr("open"),
                ChatStatus.ON_HOLD: self.tr("on hold"),
                ChatStatus.QUEUED: self.tr("waiting in the queue"),
                ChatStatus.CLOSED: self.tr("closed {day_and_time}").format(
                        day_and_time=day_and_time(chat.closed_at)) if chat.closed_at else self.tr("closed"),
            }[chat.status]
            self.heading.setText(chat.visitor_name)
            facts = [channel_label(chat.channel), department, state]
            if chat.priority is not Priority.NOT_SPECIFIED:
                facts.append(self.tr("{priority} priority").format(priority=priority_label(chat.priority)))
            if chat.topic:
                facts.append(chat.topic)
            if chat.tags:
                facts.append(self.tr("tags: {tags}").format(tags=", ".join(chat.tags)))
            self.details.setText(" · ".join(facts))

    def show_chat(self, chat: Chat | None, can: frozenset[Action], *, mine: bool) -> None:
        """Show `chat` with the actions the policy allows (`can`); `mine`: I serve it."""
        if chat is None or self.chat is None or chat.id != self.chat.id:
            # Typing and silence belong to the chat they were about.
            self._visitor_typing = False
            self._visitor_silence = ""
        self.chat = chat
        self.can = can
        self._render_header(chat)
        on_hold = chat is not None and chat.status is ChatStatus.ON_HOLD
        writable = Action.WRITE in can
        self.composer.setEnabled(writable)
        self.canned_button.setEnabled(writable)
        self.emoji_button.setEnabled(writable)
        self._enable_files()
        self.save_canned_button.setEnabled(mine and chat is not None and chat.is_active)
        self.note_button.setVisible(writable and Action.NOTE in can)
        if not self.note_button.isVisible():
            self.note_button.setChecked(False)
        self._offer(self.close_button, Action.CLOSE in can)
        self._offer(self.transfer_button, Action.TRANSFER in can)
        self._offer(self.hold_button, bool({Action.HOLD, Action.RESUME} & can))
        self._offer(self.info_button, Action.EDIT_INFO in can and chat is not None and chat.is_active)
        self.hold_button.setText(self.tr("Resume") if on_hold else self.tr("Hold"))
        self._show_verify_button()
        if chat is not None and not writable and not (mine and on_hold):
            self.status_note.setText(self.tr("Read only: this chat is not yours or is no longer open."))
        elif on_hold:
            self.status_note.setText(self.tr("On hold: resume the chat to write."))
        else:
            self.status_note.setText("")
        self._update_send_button()
        self._show_visitor_line()

    def allow_files(self, allowed: bool) -> None:
        """Whether the organisation lets files be sent (Backend.file_limits)."""
        self.files_allowed = allowed
        self._enable_files()

    def _enable_files(self) -> None:
        writable = Action.WRITE in self.can
        why_not = (self.tr("Sending files is turned off for this desk.") if not self.files_allowed
                   else self.tr("Files can be sent in a chat you serve and that is open."))
        self.files.set_enabled(writable and self.files_allowed, why_not)

    def _on_files_chosen(self, paths: list[str]) -> None:
        if self.chat is not None and self.files.enabled and paths:
            self.files_chosen.emit(self.chat.id, paths)

    def _on_messages_context_menu(self, point: QPoint) -> None:
        index = self.messages.indexAt(point)
        if not index.isValid():
            return
        message = self.model.message_at(index.row())
        if message.attachment is None:
            return
        menu = QMenu(self)
        menu.setObjectName("messageMenu")
        menu.addAction(self.tr("Save “{name}” as…").format(name=message.attachment.name),
                       lambda: self.save_requested.emit(message.id))
        menu.popup(self.messages.viewport().mapToGlobal(point))

    def save_at(self, point: QPoint) -> str | None:
        """The id of the message whose "Save as…" link or picture is under `point`, if any."""
        index = self.messages.indexAt(point)
        if not index.isValid():
            return None
        option = QStyleOptionViewItem()
        self.messages.initViewItemOption(option)
        option.rect = self.messages.visualRect(index)
        message = self.model.message_at(index.row())
        return message.id if self.delegate.save_at(option, message, point) else None

    def _update_send_button(self) -> None:
        text = self.composer.toPlainText()
        too_long = len(text) > MAX_MESSAGE_CHARS
        self.send_button.setEnabled(self.composer.isEnabled() and bool(text.strip()))
        if too_long:
            self.status_note.setText(
                self.tr("{count} characters: the limit is {limit}; shorten it to send.").format(
                    count=QLocale().toString(len(text)), limit=QLocale().toString(MAX_MESSAGE_CHARS))
            )
            self._too_long_said = True
        elif self._too_long_said:
            self._too_long_said = False
            self.status_note.setText("")

    def _request_send(self) -> None:
        if self.chat is None or not self.composer.isEnabled():
            return
        if self.note_button.isChecked():
            self.note_requested.emit(self.chat.id, self.composer.toPlainText())
        else:
            self.send_requested.emit(self.chat.id, self.composer.toPlainText())

    def _on_note_toggled(self, note: bool) -> None:
        self.send_button.setText(self.tr("Add note") if note else self.tr("Send"))
        self.composer.setPlaceholderText(
            self.tr("Write an internal note: only staff see it… (Ctrl+Enter adds it)") if note
            else self.tr("Write a reply… (Ctrl+Enter sends)"))
        # A property the style sheet may use; the button's checked look says it already.
        self.composer.setProperty("note", note)

    def _request_close(self) -> None:
        if self.chat is not None and self.close_button.isVisible():
            self.close_requested.emit(self.chat.id)

    def request_close(self) -> None:
        self._request_close()

    def request_transfer(self) -> None:
        if self.chat is not None and self.transfer_button.isVisible():
            self.transfer_requested.emit(self.chat.id)

    def request_info(self) -> None:
        if self.chat is not None and self.info_button.isVisible():
            self.info_requested.emit(self.chat.id)

    def set_verify_offered(self, offered: bool) -> None:
        """Whether verifying the visitor's channel makes sense now (the backend verifies, the
        channel is not verified yet); shown only while the policy allows it too."""
        self._verify_offered = offered
        self._show_verify_button()

    def _show_verify_button(self) -> None:
        self._offer(self.verify_button, self._verify_offered and Action.VERIFY in self.can)

    def request_verify(self) -> None:
        if self.chat is not None and self.verify_button.isVisible():
            self.verify_requested.emit(self.chat.id)

    def request_hold_toggle(self) -> None:
        if self.chat is not None and self.hold_button.isVisible():
            self.hold_requested.emit(self.chat.id, self.chat.status is not ChatStatus.ON_HOLD)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.messages.viewport() and event.type() == QEvent.Type.MouseButtonRelease
                and isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton):
            url = self.link_at(event.position().toPoint())
            if url is not None:
                self.link_activated.emit(url)
                return True
            saved = self.save_at(event.position().toPoint())
            if saved is not None:
                self.save_requested.emit(saved)
                return True
        if watched is self.composer and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
            if event.key() == Qt.Key.Key_Tab and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                return self._expand_shortcut() or self._expand_emoji_name()
            if event.text() == ":" and plain:
                return self._close_emoji_name()
        return super().eventFilter(watched, event)

    # -- emoji -----------------------------------------------------------------------------

    def _typed_emoji_name(self) -> str | None:
        cursor = self.composer.textCursor()
        match = _TYPED_EMOJI_NAME.search(self.composer.toPlainText()[: cursor.position()])
        return match.group(1) if match else None

    def _close_emoji_name(self) -> bool:
        """A colon closing ":name" of an emoji: the emoji replaces it, as the widget would draw it."""
        typed = self._typed_emoji_name()
        emoji = self._emoji.named(typed.lower()) if typed else None
        if typed is None or emoji is None:
            return False  # the colon is typed as usual
        self._emoji_typed = len(typed) + 1
        self.insert_emoji(emoji)
        return True

    def _expand_emoji_name(self) -> bool:
        """`:name` then Tab: the one emoji of that name replaces it, else the picker opens on it."""
        typed = self._typed_emoji_name()
        if typed is None:
            return False
        found = self._emoji.find(typed)
        exact = self._emoji.named(typed.lower())
        self._emoji_typed = len(typed) + 1
        if exact is not None or len(found) == 1:
            self.insert_emoji(exact or found[0])
        else:
            self.open_emoji_picker(search=typed, replace_typed=len(typed) + 1)
        return True

    def open_emoji_picker(self, *, search: str = "", replace_typed: int = 0) -> None:
        """Ctrl+Shift+E or the button: the picker above the button; what is chosen goes where
        the cursor is (in place of a ":name" typed, `replace_typed` characters)."""
        if not self.composer.isEnabled():
            return
        if self.emoji_picker is None:
            self.emoji_picker = EmojiPicker(self._emoji, self._recent_emoji, self)
            self.emoji_picker.chosen.connect(self._on_emoji_picker_chosen)
        self._emoji_typed = replace_typed
        self.emoji_picker.open_at(self.emoji_button, search)

    def _on_emoji_picker_chosen(self, emoji: Emoji) -> None:
        self.insert_emoji(emoji)

    def insert_emoji(self, emoji: Emoji) -> None:
        cursor = self.composer.textCursor()
        if self._emoji_typed:
            cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor,
                                self._emoji_typed)
            self._emoji_typed = 0
        cursor.insertText(emoji.character)
        self.composer.setTextCursor(cursor)
        self._recent_emoji.used(emoji)
        self.composer.setFocus()

    def _expand_shortcut(self) -> bool:
        """`!shortcut` then Tab: the response replaces it; several matches open the picker."""
        cursor = self.composer.textCursor()
        before = self.composer.toPlainText()[: cursor.position()]
        match = _TYPED_SHORTCUT.search(before)
        if match is None:
            return False
        typed = match.group(1)
        exact = [r for r in self.canned if r.shortcut.lower() == typed.lower()]
        if len(exact) >= 1:
            # An agent's own response wins over a department's with the same shortcut.
            chosen = sorted(exact, key=lambda r: not r.personal)[0]
            self.insert_canned(chosen, replace_typed=len(typed) + 1)
        else:
            self.canned_picker_requested.emit(typed)
        return True

    def insert_canned(self, response: CannedResponse, *, replace_typed: int = 0) -> None:
        cursor = self.composer.textCursor()
        if replace_typed:
            cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor,
                                replace_typed)
        cursor.insertText(response.text)
        self.composer.setTextCursor(cursor)
        self.composer.setFocus()

    def typed_shortcut_length(self) -> int:
        """Length of a `!word` just before the cursor (0 if none): the picker replaces it."""
        cursor = self.composer.textCursor()
        match = _TYPED_SHORTCUT.search(self.composer.toPlainText()[: cursor.position()])
        return len(match.group(1)) + 1 if match else 0

    def show_typing(self, typing: bool) -> None:
        """The open chat's visitor started or stopped typing: shown until they stop."""
        self._visitor_typing = typing
        self._show_visitor_line()

    def show_idle(self, now: datetime) -> None:
        """How long the visitor has been silent, for an open chat; nothing otherwise."""
        chat = self.chat
        last = next((self.model.message_at(row) for row in range(self.model.rowCount() - 1, -1, -1)
                     if self.model.message_at(row).author_kind is AuthorKind.VISITOR), None)
        if chat is None or not chat.is_active or last is None:
            self._visitor_silence = ""
        else:
            silent = wait_time((now - last.sent_at).total_seconds())
            self._visitor_silence = self.tr("{visitor_name} last wrote {silent} ago").format(
                    visitor_name=chat.visitor_name, silent=silent)
        self._show_visitor_line()

    def _show_visitor_line(self) -> None:
        chat = self.chat
        if chat is not None and chat.is_active and self._visitor_typing:
            self.idle.setText(self.tr("{visitor_name} is typing…").format(visitor_name=chat.visitor_name))
        else:
            self.idle.setText(self._visitor_silence)

    def show_match(self, text: str, message_id: str | None = None) -> int | None:
        """The chat was opened from a search for `text`: mark its words in the messages holding
        them all and bring the message found (`message_id`, else the first holding them) into
        view instead of the newest; an empty `text` marks nothing. Returns the row shown, if any."""
        pending = self._scroll_later.isActive()
        self._scroll_later.stop()  # else the newest message would be scrolled to afterwards
        row = bring_match_into_view(self.messages, self.model, self.delegate, text, message_id)
        if row is None and pending:
            self._scroll_later.start()
        return row

    def link_at(self, point: QPoint) -> str | None:
        index = self.messages.indexAt(point)
        if not index.isValid():
            return None
        option = QStyleOptionViewItem()
        self.messages.initViewItemOption(option)
        option.rect = self.messages.visualRect(index)
        return self.delegate.link_at(option, self.model.message_at(index.row()), point)

    def _on_scroll_value_changed(self, value: int) -> None:
        """At the top of a long chat, ask for the page before."""
        if value == self.messages.verticalScrollBar().minimum() and self.older is not None and self.chat:
            if self.model.rowCount():
                # One request at a time; the answer brings the cursor of the page before it.
                cursor, self.older = self.older, None
                self.older_requested.emit(self.chat.id, cursor)

    def message_sent(self, text: str) -> None:
        """Clear the composer only if it still holds what was sent (the user may have typed on)."""
        if self.composer.toPlainText() == text:
            self.composer.clear()
