"""The agent workspace: queue, my chats, conversation and contact, over one backend."""

from __future__ import annotations

from collections.abc import Coroutine, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent, QDesktopServices, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QInputDialog,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.clock import Clock
from app.contacts import blocking
from app.domain import (
    Agent,
    AgentStatus,
    AuthorKind,
    Availability,
    Chat,
    ChatSummary,
    Contact,
    Department,
    Inquiry,
    Message,
    MessagePage,
    Principal,
    SearchHit,
    VisitorContext,
)
from app.errors import NotAllowed, OmnideskError
from app.notifications import AttentionKind, NotificationService
from app.policy import Action
from ui.bridge.events import EventPump
from ui.bridge.tasks import TaskRunner
from ui.connection_bar import ConnectionBar
from ui.geometry import fit_to_screen
from ui.i18n.say import say_error
from ui.models.chats import ChatListModel
from ui.models.history import HistoryModel
from ui.models.messages import MessageModel
from ui.models.queue import QueueModel, block_reason
from ui.notify.notifier import Notifier
from ui.plain import plain_label
from ui.search.field import DeskSearch
from ui.search.in_chat import read_back_to
from ui.style import DEFAULT_POINT_SIZE, Theme, apply_font_size, apply_theme
from ui.workspace.banner import Banner, show_link
from ui.workspace.chats_panel import ChatsPanel
from ui.workspace.contact_panel import ContactPanel
from ui.workspace.conversation import ConversationPanel
from ui.workspace.file_actions import FileActions
from ui.workspace.presence import PresenceButton
from ui.workspace.queue_panel import QueuePanel, not_available_tip
from ui.workspace.shortcuts import bind, serving_keys
from ui.workspace.visitor_panel import VisitorPanel

if TYPE_CHECKING:
    from app.backends.contract import Backend, DeskMemory
    from app.backends.events import (
        AgentStatusChanged,
        ChatAssigned,
        ChatClosed,
        ChatHoldChanged,
        ChatInfoChanged,
        ChatUnassigned,
        ConnectionChanged,
        ContactChanged,
        InquiryQueued,
        InquiryRemoved,
        MessageAdded,
        MessageChanged,
        Resynced,
        VisitorChanged,
        VisitorTyping,
    )
    from app.backends.snapshot import DeskSnapshot
    from ui.workspace.verify_dialog import ChannelVerifier, VerifyDialog

# Messages loaded when a chat opens; older ones stay in the store until asked for.
_MESSAGE_PAGE = 500
# How long a note in the status bar stays (what a verification did).
_STATUS_NOTE_MS = 15_000
# As much of a first message as an inquiry's preview holds (the store keeps as much).
_PREVIEW_CHARS = 160
# A pause in typing this long saves the reply in progress (kept across crashes).
_DRAFT_SAVE_MS = 300
# The queue, the conversation and the contact: how they share the window's width by default.
_PANEL_SHARES = (0.30, 0.46, 0.24)


@dataclass(frozen=True, slots=True)
class _Verified:
    """What a verification did: the contact now, its conversations, the contacts merged in."""

    chat_id: str
    field: str
    contact: Contact
    history: list[ChatSummary]
    merged_ids: tuple[str, ...]


class WorkspaceWindow(QMainWindow):
    backend: Backend  # from the start, or from `attach` (a window shown from a snapshot)
    ready = Signal()
    closed = Signal()
    # The user asked to see a contact in the Contact Center (its id); the composition root opens it.
    contact_center_requested = Signal(str)

    def __init__(self, backend: Backend | None, principal: Principal, clock: Clock,
                 department_names: dict[str, str], settings: QSettings, *, where: str = "",
                 website_snippet: str | None = None,
                 capabilities: frozenset[Action] | None = None) -> None:
        """The desk over `backend`. Without one (`from_snapshot`), `capabilities` says what the
        user may do until `attach` brings the backend."""
        super().__init__()
        self._verifier: ChannelVerifier | None = None
        self._memory: DeskMemory | None = None
        if backend is not None:
            self.attach(backend)
        self.principal = principal
        self.runner = TaskRunner(self)
        self.pump = EventPump(self)
        self._open_generation = 0
        # Requests for the open chat's state, numbered; the highest shown so far.
        self._chat_reads = 0
        self._chat_shown = 0
        # The same for the open chat's visitor context (read on opening, and when it changes).
        self._context_reads = 0
        self._context_shown = 0
        self._opened_chat_id: str | None = None
        self._is_ready = False

        role = self.tr("Admin") if principal.is_admin else self.tr(
                "Monitor") if principal.is_monitor else self.tr("Agent")
        self.setWindowTitle(self.tr("Omnidesk — {name} ({role})").format(name=principal.name, role=role))
        fit_to_screen(self, 1280, 800)

        self.notifier = Notifier(NotificationService(principal, clock), self, settings)
        self._clock = clock
        # Shared with the conversation and the visitor panel; a resync changes it in place.
        self._department_names = department_names
        self.queue_model = QueueModel(clock.now, department_names)
        self.chats_model = ChatListModel(unread=self.notifier.service.unread)
        self.messages_model = MessageModel()
        self.history_model = HistoryModel()
        self._desk_can = backend.capabilities() if backend is not None else capabilities or frozenset()
        self.queue_panel = QueuePanel(self.queue_model, can_take=Action.TAKE_FROM_QUEUE in self._desk_can)
        self.chats_panel = ChatsPanel(self.chats_model)
        self.chats_panel.setVisible(Action.SET_AVAILABILITY in self._desk_can)
        self.conversation = ConversationPanel(self.messages_model, department_names, settings=settings)
        self.contact_panel = ContactPanel(self.history_model)
        self.banner = Banner()
        self.connection_bar = ConnectionBar(clock, self.runner, self.tr(
            "Messages you send will go when the connection is back."), backend=backend)

        left = QSplitter(Qt.Orientation.Vertical)
        left.setObjectName("deskLeft")
        left.addWidget(self.queue_panel)
        left.addWidget(self.chats_panel)
        left.setSizes([420, 300])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.setObjectName("deskColumns")
        main.addWidget(left)
        main.addWidget(self.conversation)
        # The right-hand side: the contact's history, and what the visitor's browser told.
        self.visitor_panel = VisitorPanel(department_names)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.addTab(self.contact_panel, self.tr("Contact"))
        self.side_tabs.addTab(self.visitor_panel, self.tr("Visitor"))
        main.addWidget(self.side_tabs)
        main.setSizes([round(1280 * share) for share in _PANEL_SHARES])
        main.setStretchFactor(1, 1)
        main.setChildrenCollapsible(False)
        self.splitters = (main, left)
        # A panel's width is the user's: what a chat shows (a long topic, many tags) never widens
        # it; text wraps or is cut with its whole in the tooltip. The conversation never scrolls
        # sideways: bubbles wrap to its width.
        for label in (self.conversation.details, self.conversation.status_note, self.conversation.idle):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, label.sizePolicy().verticalPolicy())
        self._reserve_conversation_width()
        self.conversation.details.setWordWrap(True)
        self.conversation.messages.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Until the user drags the panels' splitter, they share the window's width in
        # proportion, whatever its size: on a small screen the conversation, not the queue,
        # keeps the room. Once dragged, the widths are the user's, kept across restarts.
        self._panels_shared = False
        for splitter in self.splitters:
            kept = settings.value(f"layout/{splitter.objectName()}")
            if isinstance(kept, QByteArray) and not kept.isEmpty():
                splitter.restoreState(kept)
                self._panels_shared |= splitter is main
            splitter.splitterMoved.connect(
                lambda _pos, _index, moved=splitter: settings.setValue(f"layout/{moved.objectName()}",
                                                                       moved.saveState()))
        main.splitterMoved.connect(self._on_panels_dragged)
        main.installEventFilter(self)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.connection_bar)
        layout.addWidget(self.banner)
        layout.addWidget(main, 1)
        self.setCentralWidget(central)

        self.availability = QToolButton()
        self.availability.setObjectName("availability")
        self.availability.setCheckable(True)
        self.availability.setVisible(Action.SET_AVAILABILITY in self._desk_can)
        self.availability.clicked.connect(self._on_availability_clicked)
        toolbar = QToolBar(self.tr("Status"))
        toolbar.setMovable(False)
        toolbar.addWidget(plain_label(f"  {principal.name} · {role}  "))
        toolbar.addWidget(self.availability)
        self.presence = PresenceButton()
        self.presence.setVisible(Action.SET_AVAILABILITY in self._desk_can)
        self.presence.status_chosen.connect(self._on_presence_chosen)
        toolbar.addWidget(self.presence)
        self.attention = plain_label()
        self.attention.setObjectName("attention")
        self.quiet = QToolButton()
        self.quiet.setObjectName("doNotDisturb")
        self.quiet.setCheckable(True)
        self.quiet.setText(self.tr("Do not disturb"))
        self.quiet.setToolTip(self.tr(
                "Silence notifications; waiting chats are announced when you turn it off"))
        self.quiet.setChecked(self.notifier.do_not_disturb)
        self.quiet.toggled.connect(self.notifier.set_do_not_disturb)
        toolbar.addSeparator()
        toolbar.addWidget(self.attention)
        toolbar.addWidget(self.quiet)
        self.desk_search = DeskSearch(self._search, self.runner, clock.now, self)
        self.desk_search.hit_chosen.connect(self._on_desk_search_hit_chosen)
        self.desk_search.dismissed.connect(self._on_desk_search_dismissed)
        gap = QWidget()
        gap.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(gap)
        toolbar.addWidget(self.desk_search.field)
        self.addToolBar(toolbar)
        self._where = plain_label(where)
        self.statusBar().addWidget(self._where)
        self.connection = plain_label()
        self.connection.setObjectName("connection")
        self.statusBar().addPermanentWidget(self.connection)

        self.runner.failed.connect(self.banner.show_problem)
        self.queue_panel.take_requested.connect(self._on_queue_take_requested)
        self.queue_panel.table.clicked.connect(self._on_queue_row_clicked)
        self.chats_panel.chat_chosen.connect(self.open_chat)
        self.conversation.send_requested.connect(self._on_conversation_send_requested)
        self.conversation.note_requested.connect(self._on_conversation_note_requested)
        self.conversation.close_requested.connect(self._on_conversation_close_requested)
        self.conversation.transfer_requested.connect(self._on_conversation_transfer_requested)
        self.conversation.hold_requested.connect(self._on_conversation_hold_requested)
        self.conversation.canned_picker_requested.connect(self._on_conversation_canned_picker_requested)
        self.conversation.save_canned_requested.connect(self._on_conversation_save_canned_requested)
        self.conversation.link_activated.connect(self._on_conversation_link_activated)
        self.conversation.info_requested.connect(self._on_conversation_info_requested)
        self.conversation.older_requested.connect(self._on_conversation_older_requested)
        self.contact_panel.history_search_changed.connect(self._on_contact_history_search)
        self.contact_panel.history_chat_chosen.connect(self._on_history_chat_chosen)
        self.contact_panel.verify_requested.connect(self._on_contact_verify_requested)
        self.contact_panel.contact_center_requested.connect(self.contact_center_requested)
        self.contact_panel.set_contact_center_offered(Action.VIEW_CONTACTS in self._desk_can)
        self.conversation.verify_requested.connect(self._on_conversation_verify_requested)
        self.file_actions = FileActions(
            self, lambda: self.backend, self.runner, self.conversation, self.messages_model, self.chats_model,
            lambda said: self.statusBar().showMessage(said, _STATUS_NOTE_MS))
        self.pump.inquiries_queued.connect(self._on_pump_inquiries_queued)
        self.pump.inquiries_removed.connect(self._on_pump_inquiries_removed)
        self.pump.chats_assigned.connect(self._on_pump_chats_assigned)
        self.pump.chats_unassigned.connect(self._on_pump_chats_unassigned)
        self.pump.chats_closed.connect(self._on_pump_chats_closed)
        self.pump.messages_added.connect(self._on_pump_messages_added)
        self.pump.messages_changed.connect(self._on_pump_messages_changed)
        self.pump.agent_statuses_changed.connect(self._on_pump_agent_statuses_changed)
        self.pump.chats_held_or_resumed.connect(self._on_pump_chats_held_or_resumed)
        self.pump.chats_info_changed.connect(self._on_pump_chats_info_changed)
        self.pump.contacts_changed.connect(self._on_pump_contacts_changed)
        self.pump.visitors_changed.connect(self._on_pump_visitors_changed)
        self.pump.connection_changed.connect(self._on_pump_connection_changed)
        self.pump.resynced.connect(self._on_pump_resynced)
        for signal in (self.pump.inquiries_queued, self.pump.inquiries_removed, self.pump.chats_assigned,
                       self.pump.chats_unassigned, self.pump.chats_closed, self.pump.messages_added):
            signal.connect(self.notifier.on_events)
        self.pump.messages_added.connect(self._on_pump_messages_counted)
        self.pump.visitors_typing.connect(self._on_pump_visitors_typing)
        self.notifier.chat_requested.connect(self._on_notifier_chat_requested)
        self.notifier.badge_changed.connect(self._on_notifier_badge_changed)

        self._settings = settings
        self._website_snippet = website_snippet
        self._draft_chat: str | None = None
        self._drafts: dict[str, str] = {}  # chat id -> the reply in progress, as last kept
        self._silent_chats: set[str] = set()  # waiting chats queued before their visitor wrote
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(_DRAFT_SAVE_MS)
        self._draft_timer.timeout.connect(self._keep_draft)
        self.conversation.composer.textChanged.connect(self._on_composer_text_changed)
        self.notifier.announced.connect(self._on_notifier_announced)
        self._departments: list[Department] = []
        self._tags: list[str] = []
        self._build_view_menu()
        self._idle_ticker = QTimer(self)
        self._idle_ticker.setInterval(15_000)
        self._idle_ticker.timeout.connect(self._show_idle)
        self._idle_ticker.start()
        self.messages_model.rowsInserted.connect(self._show_idle)
        self.messages_model.modelReset.connect(self._show_idle)
        self.shortcuts = bind(self, {
            "Ctrl+T": self.take_next,
            "Alt+Down": lambda: self._step_chat(+1),
            "Alt+Up": lambda: self._step_chat(-1),
            "Ctrl+W": self.conversation.request_close,
            "Ctrl+Shift+K": lambda: self._on_conversation_canned_picker_requested(""),
            "Ctrl+Shift+E": self.conversation.open_emoji_picker,
            "Ctrl+Shift+T": self.conversation.request_transfer,
            "Ctrl+H": self.conversation.request_hold_toggle,
            "Ctrl+I": self.conversation.request_info,
            "Ctrl+F": self._focus_history_search,
            "Ctrl+K": self.desk_search.focus,
            "Ctrl+Shift+Q": self.queue_panel.table.setFocus,
            "Ctrl+M": self.chats_panel.list.setFocus,
            "Ctrl+D": self.quiet.toggle,
            "F1": self.show_shortcuts,
        })
        self._show_serving(Action.SET_AVAILABILITY in self._desk_can)
        # Routing's places in line and estimates: read again when the queue changes (once for a
        # burst) and now and then, as estimates follow who is online and how long chats last.
        self._places_due = QTimer(self)
        self._places_due.setSingleShot(True)
        self._places_due.setInterval(300)
        self._places_due.timeout.connect(self._read_places)
        self._places_ticker = QTimer(self)
        self._places_ticker.setInterval(20_000)
        self._places_ticker.timeout.connect(self._places_due.start)
        self._places_ticker.start()
        for changed in (self.pump.inquiries_queued, self.pump.inquiries_removed,
                        self.pump.agent_statuses_changed):
            changed.connect(lambda _events: self._places_due.start())

    @classmethod
    def from_snapshot(cls, snapshot: DeskSnapshot, clock: Clock, settings: QSettings, *,
                      where: str = "") -> WorkspaceWindow:
        """The desk showing `snapshot` before its backend exists, so it can be on screen while
        the backend starts: `attach` the backend before the event loop runs (no input reaches
        the window before), then `start`."""
        window = cls(None, snapshot.principal, clock, snapshot.department_names, settings,
                     where=where, capabilities=snapshot.capabilities)
        window._show_snapshot(snapshot)
        return window

    def attach(self, backend: Backend) -> None:
        from app.backends.contract import DeskMemory  # noqa: PLC0415  (after the first frame)
        from ui.workspace.verify_dialog import ChannelVerifier  # noqa: PLC0415

        self.backend = backend
        # Verifying needs the Contact Center's side of the backend; one without it offers none.
        self._verifier = backend if isinstance(backend, ChannelVerifier) else None
        # Drafts, read positions and announced inquiries kept by the backend; without it they
        # last as long as the window.
        self._memory = backend if isinstance(backend, DeskMemory) else None

    def show_where(self, where: str, website_snippet: str | None) -> None:
        """What the status bar says the desk is, and the website chat's snippet (once the
        intake, started after the first frame, listens)."""
        self._where.setText(where)
        self._website_snippet = website_snippet

    def _show_snapshot(self, snapshot: DeskSnapshot) -> None:
        """Show the desk as the store holds it, as `_load` would: the live load that follows
        finds the same (or what changed since) and nothing on screen jumps."""
        self.queue_model.reset(snapshot.queue)
        if Action.SET_AVAILABILITY in self._desk_can:
            self.notifier.service.know_chats((c.id, c.visitor_name) for c in snapshot.my_chats)
            self.notifier.service.know_unread(snapshot.unread)
            self.chats_model.reset(snapshot.my_chats)
            self._show_availability(snapshot.agent.availability)
            self.presence.show_status(snapshot.agent.status)
        # Every waiting inquiry and unread message counts, as the notifier will count them.
        self._on_notifier_badge_changed(len(snapshot.queue) + self.notifier.service.unread_total)

    def _search(self, text: str, *, limit: int = 50) -> Coroutine[Any, Any, list[SearchHit]]:
        return self.backend.search(text, limit=limit)

    # -- loading ---------------------------------------------------------------------------

    def start(self) -> None:
        self.runner.run(self._subscribe_and_load(), what=self.tr("Load the desk"))

    async def _subscribe_and_load(self) -> None:
        """Subscribe first (live once `events()` returns), then load, so nothing that happens
        in between is missed."""
        self.pump.start(await self.backend.events())
        await self._load()

    def _follow_department_names(self, names: dict[str, str]) -> None:
        """Departments by their names as the backend has them now: the conversation and the
        visitor panel read the window's dict (kept, and changed in place); the queue keeps its own."""
        if names == self._department_names:
            return
        self._department_names.clear()
        self._department_names.update(names)
        self.queue_model.set_department_names(names)
        self.conversation.refresh_header()

    async def _load(self) -> None:
        self._departments = await self.backend.departments()
        self._follow_department_names({d.id: d.name for d in self._departments})
        self._tags = await self.backend.tags()
        queue = await self.backend.queue()
        self.queue_model.reset(queue)
        self._silent_chats = {i.chat_id for i in queue if not i.preview.strip()}
        self._apply_desk_capabilities(self.backend.capabilities())  # a resync may change them
        if Action.SET_AVAILABILITY in self._desk_can:
            mine = await self.backend.my_chats()
            self.notifier.service.know_chats((c.id, c.visitor_name) for c in mine)
            if self._memory is not None:
                self._drafts = await self._memory.drafts()
                self.notifier.service.know_unread(await self._memory.unread_counts())
            self.chats_model.reset(mine)
            self.conversation.canned = await self.backend.canned_responses()
            me = next(a for a in await self.backend.agents() if a.id == self.principal.id)
            self._show_availability(me.availability)
            self.presence.show_status(me.status)
        announced = await self._memory.announced([i.id for i in queue]) if self._memory else set()
        fresh = self.notifier.show(self.notifier.service.know_queue(queue, announced=announced), tell=False)
        if fresh and self._memory is not None:
            await self._memory.mark_announced(fresh)  # before the desk is ready: nothing left running
        self.queue_model.set_places(await self.backend.queue_places())
        await self.file_actions.load_limits()
        self._is_ready = True
        self.ready.emit()

    def _apply_desk_capabilities(self, can: frozenset[Action]) -> None:
        self._desk_can = can
        self.queue_panel.set_can_take(Action.TAKE_FROM_QUEUE in can)
        self.contact_panel.set_contact_center_offered(Action.VIEW_CONTACTS in can)
        self.chats_panel.setVisible(Action.SET_AVAILABILITY in can)
        self.availability.setVisible(Action.SET_AVAILABILITY in can)
        self.presence.setVisible(Action.SET_AVAILABILITY in can)
        self._show_serving(Action.SET_AVAILABILITY in can)
        if Action.SET_AVAILABILITY not in can:
            self.chats_model.reset([])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The splitter's own resize, not the window's: only then is its new width known.
        if (watched is self.splitters[0] and event.type() is QEvent.Type.Resize
                and not self._panels_shared and isinstance(event, QResizeEvent)):
            total = event.size().width() - self.splitters[0].handleWidth() * 2
            self.splitters[0].setSizes([round(total * share) for share in _PANEL_SHARES])
        return super().eventFilter(watched, event)

    def _on_panels_dragged(self) -> None:
        self._panels_shared = True

    def _reserve_conversation_width(self) -> None:
        """The conversation's floor: its visitor's name (cut to a few characters at worst) and
        the » of its actions, which give way to the name. It does not depend on the chat shown,
        so opening one never takes width from the other panels."""
        c = self.conversation
        c.setMinimumWidth(c.fontMetrics().horizontalAdvance("M" * 24))
        # The side panels' floors are set too: what a contact shows never pushes them wider.
        floor = self.fontMetrics().horizontalAdvance("M" * 16)
        self.contact_panel.setMinimumWidth(floor)
        self.queue_panel.setMinimumWidth(floor)

    def _show_serving(self, serving: bool) -> None:
        """Someone who serves chats (an agent) gets the agent's words and keys; a monitor or an
        admin watching the queue gets neither 'waiting for you' nor keys that do nothing."""
        self._serving = serving
        keys = serving_keys()
        for shortcut in self.shortcuts:
            if shortcut.key().toString() in keys:
                shortcut.setEnabled(serving)
        if not serving:
            self.queue_panel.set_available(True)  # availability is an agent's: it does not apply

    def _read_places(self) -> None:
        self.runner.run(self.backend.queue_places(), what=self.tr("Read the places in line"),
                        on_done=self.queue_model.set_places)

    @property
    def is_ready(self) -> bool:
        return self._is_ready

    # -- opening a chat --------------------------------------------------------------------

    def open_chat(self, chat_id: str, *, find: str = "", at: str | None = None) -> None:
        """Open the chat; `find`, the search it was chosen from: the message found (`at`, else
        the first match) is shown, its words marked."""
        self._keep_draft()
        self.notifier.service.looking_at(chat_id)
        self.chats_model.refresh(chat_id)
        self._open_generation += 1
        self._opened_chat_id = chat_id
        generation = self._open_generation
        self.conversation.older = None  # the last chat's cursor; this one's comes with its page
        self.messages_model.begin_loading(chat_id)
        self.runner.run(self._open(chat_id, generation, find, at), what=self.tr("Open the chat"))

    async def _open(self, chat_id: str, generation: int, find: str = "", at: str | None = None) -> None:
        self._chat_reads += 1
        number = self._chat_reads
        self._context_reads += 1
        context_number = self._context_reads
        chat = await self.backend.chat(chat_id)
        # The contact shown stays searched while its query is in the box (a search hit opened).
        shown = self.contact_panel.contact
        search = self.contact_panel.search.text() if shown is not None and shown.id == chat.contact_id else ""
        import asyncio  # noqa: PLC0415  (loaded after the first frame, with the event loop)

        page, contact, history, context = await asyncio.gather(
            self.backend.messages(chat_id, limit=_MESSAGE_PAGE),
            self.backend.contact(chat.contact_id),
            self.backend.contact_history(chat.contact_id, text=search),
            self.backend.visitor_context(chat_id),
        )
        page = await read_back_to(self.backend, chat_id, page, at, limit=_MESSAGE_PAGE)
        if generation != self._open_generation:
            return  # the user has opened another chat meanwhile
        if number > self._chat_shown:
            self._chat_shown = number
            self._show_chat(chat)
        self.messages_model.show_chat(chat.id, page.messages)
        self.conversation.older = page.older
        self.conversation.show_match(find, at)
        if page.messages:
            self._mark_read(chat.id, page.messages[-1].id)
        self.contact_panel.show_contact(contact, chat_visitor_id=chat.visitor_id)
        self.history_model.reset(history)
        self._show_context(context_number, context)
        self._offer_verify()

    def _show_context(self, number: int, context: VisitorContext) -> None:
        """Show the visitor context a read returned, unless a later read has been shown already
        (reads on opening and on a change may answer out of order)."""
        if number > self._context_shown:
            self._context_shown = number
            self.visitor_panel.show_context(context)

    def _show_chat(self, chat: Chat) -> None:
        can = self.backend.capabilities(chat.place)
        writable = Action.WRITE in can
        switching = self.conversation.chat is None or self.conversation.chat.id != chat.id
        self.conversation.show_chat(chat, can, mine=chat.served_by_id == self.principal.id)
        self._offer_verify()
        if switching:
            self._draft_chat = None  # what the composer shows now is not typed
            draft = self._drafts.get(chat.id, "")
            self.conversation.composer.setPlainText(draft if writable else "")
            self._draft_chat = chat.id

    # -- drafts: saved as you type, kept by the backend --------------------------------------

    def _on_composer_text_changed(self) -> None:
        if self._draft_chat is not None:
            self._draft_timer.start()

    def _draft_to_keep(self) -> tuple[str, str] | None:
        """(chat id, text) when the composer holds another reply than the one kept for its chat
        (blank text: none); None when there is nothing to save."""
        self._draft_timer.stop()
        chat_id = self._draft_chat
        if chat_id is None or not self.conversation.composer.isEnabled():
            return None
        text = self.conversation.composer.toPlainText()
        text = text if text.strip() else ""
        if self._drafts.get(chat_id, "") == text:
            return None
        if text:
            self._drafts[chat_id] = text
        else:
            self._drafts.pop(chat_id, None)
        return chat_id, text

    def _keep_draft(self) -> None:
        """Keep what was typed for the chat on screen, across chat switches, restarts, crashes."""
        wanted = self._draft_to_keep()
        if wanted is not None and self._memory is not None:
            self.runner.run(self._memory.save_draft(*wanted), what=self.tr("Keep your reply in progress"))

    # -- read positions and announcements ----------------------------------------------------

    def _mark_read(self, chat_id: str, message_id: str) -> None:
        if self._memory is not None:
            self.runner.run(self._memory.mark_read(chat_id, message_id), what=self.tr(
                    "Remember what you read"))

    def _on_notifier_announced(self, inquiry_ids: list[str]) -> None:
        if self._memory is not None:
            self.runner.run(self._memory.mark_announced(inquiry_ids), what=self.tr(
                    "Remember the announced chats"))

    def _refresh_open_chat(self, chat_id: str) -> None:
        if self.conversation.chat is not None and self.conversation.chat.id == chat_id:
            self._read_chat(self._chat_if_visible(chat_id), what=self.tr("Refresh the chat"))

    async def _chat_if_visible(self, chat_id: str) -> Chat | None:
        """The chat, or None when it has just left what I may see (transferred away)."""
        try:
            return await self.backend.chat(chat_id)
        except NotAllowed:
            return None

    def _read_chat(self, work: Coroutine[Any, Any, Chat | None], *, what: str) -> None:
        """Show the chat a request returns, unless a later request has already been shown:
        answers can arrive out of order, and an old one must not hide a newer state."""
        self._chat_reads += 1
        number = self._chat_reads

        def done(chat: Chat | None) -> None:
            if number <= self._chat_shown:
                return
            if chat is None:
                self._chat_shown = number
                self.conversation.show_out_of_reach()
                self._offer_verify()
            elif chat.id == self._opened_chat_id:
                self._chat_shown = number
                self._show_chat(chat)

        self.runner.run(work, what=what, on_done=done)

    # -- user actions ----------------------------------------------------------------------

    def _on_queue_row_clicked(self, index: QModelIndex) -> None:
        self.open_chat(self.queue_panel.inquiry_at(index).chat_id)

    def _on_queue_take_requested(self, inquiry_id: str) -> None:
        def refused(error: OmnideskError) -> None:
            if error.code in blocking.REASONS:
                # The blocking settings changed since the queue was read: show the lock it has now.
                self._refresh_queue_rows({inquiry_id})

        self.runner.run(self.backend.take(inquiry_id), what=self.tr("Take the chat"), on_done=self._on_taken,
                        on_error=refused)

    def _on_taken(self, chat: ChatSummary) -> None:
        self.chats_model.upsert(chat)
        self.chats_panel.select_chat(chat.id)
        self.open_chat(chat.id)
        self.conversation.composer.setFocus()

    def _on_conversation_send_requested(self, chat_id: str, text: str) -> None:
        def sent(message: Message) -> None:
            self.conversation.message_sent(text)
            if chat_id == self._draft_chat:
                self._keep_draft()  # what is left in the composer (nothing, usually)
            elif self._drafts.get(chat_id) == text:
                # Kept when another chat was opened meanwhile; the backend forgot it on sending.
                self._drafts.pop(chat_id, None)
            self.messages_model.add_live(message)
            self.chats_model.note_message(message)

        self.runner.run(self.backend.send_message(chat_id, text), what=self.tr("Send the message"),
                        on_done=sent)

    def _on_conversation_note_requested(self, chat_id: str, text: str) -> None:
        # The note arrives in the conversation as its MessageAdded event, as a reply does.
        self.runner.run(self.backend.add_note(chat_id, text), what=self.tr("Add the note"),
                        on_done=lambda _note: self.conversation.message_sent(text))

    def _on_presence_chosen(self, status: AgentStatus) -> None:
        previous = self.presence.status
        self.presence.show_status(status)
        self.runner.run(
            self.backend.set_status(status), what=self.tr("Change your status"),
            on_done=lambda agent: self.presence.show_status(agent.status),
            on_error=lambda _error: self.presence.show_status(previous),
        )

    def _on_conversation_close_requested(self, chat_id: str) -> None:
        # The dialogs load when first opened: the window's first frame does without them.
        from ui.workspace.close_dialog import CloseChatDialog  # noqa: PLC0415

        chat = self.conversation.chat
        dialog = CloseChatDialog(chat.visitor_name if chat else self.tr("the visitor"), self._tags,
                                 chat.tags if chat is not None and chat.id == chat_id else (), self)
        dialog.setObjectName("closeChatDialog")

        def chosen(result: int) -> None:
            if result:
                self.runner.run(
                    self.backend.close_chat(chat_id, comment=dialog.chosen_comment(),
                                            tags=dialog.chosen_tags()),
                    what=self.tr("Close the chat"), on_done=self._on_chat_closed_by_me,
                )
            dialog.deleteLater()

        dialog.finished.connect(chosen)
        dialog.open()

    def _on_conversation_transfer_requested(self, chat_id: str) -> None:
        self.runner.run(self.backend.agents(), what=self.tr("Load the agents"),
                        on_done=lambda agents: self._ask_transfer(chat_id, agents))

    def _ask_transfer(self, chat_id: str, agents: list[Agent]) -> None:
        chat = self.conversation.chat
        if chat is None or chat.id != chat_id:
            return
        others = [a for a in agents if a.id != chat.served_by_id]
        from ui.workspace.transfer_dialog import TransferDialog  # noqa: PLC0415

        names = {d.id: d.name for d in self._departments}
        dialog = TransferDialog(chat.visitor_name, others, self._departments, names, self)

        def chosen(result: int) -> None:
            if result:
                self.runner.run(
                    self.backend.transfer(chat_id, to_agent_id=dialog.chosen_agent_id(),
                                          to_department_id=dialog.chosen_department_id(),
                                          comment=dialog.chosen_comment()),
                    what=self.tr("Transfer the chat"), on_done=lambda _chat: self._refresh_open_chat(chat_id),
                )
            dialog.deleteLater()

        dialog.finished.connect(chosen)
        dialog.open()

    def _on_conversation_hold_requested(self, chat_id: str, hold: bool) -> None:
        def done(chat: ChatSummary) -> None:
            self.chats_model.upsert(chat)
            self._refresh_open_chat(chat_id)

        work = self.backend.put_on_hold(chat_id) if hold else self.backend.resume(chat_id)
        self.runner.run(work, what=self.tr("Put the chat on hold") if hold else self.tr(
                "Resume the chat"), on_done=done)

    def _on_conversation_canned_picker_requested(self, typed: str) -> None:
        if not self.conversation.composer.isEnabled():
            return
        from ui.workspace.canned_picker import CannedPicker  # noqa: PLC0415

        names = {d.id: d.name for d in self._departments}
        picker = CannedPicker(self.conversation.canned, names, self)
        picker.filter.setText(typed)
        replace_typed = self.conversation.typed_shortcut_length() if typed else 0
        picker.delete_requested.connect(self._delete_canned)

        def chosen(result: int) -> None:
            response = picker.chosen()
            if result and response is not None:
                self.conversation.insert_canned(response, replace_typed=replace_typed)
            picker.deleteLater()

        picker.finished.connect(chosen)
        picker.open()

    def _delete_canned(self, response_id: str) -> None:
        self.conversation.canned = [r for r in self.conversation.canned if r.id != response_id]
        self.runner.run(self.backend.delete_canned_response(response_id),
                        what=self.tr("Delete the canned response"), on_error=lambda _e: self._reload_canned())

    def _on_conversation_save_canned_requested(self, text: str) -> None:
        if not text.strip():
            self.banner.show_problem(self.tr("Save as canned response"), self.tr(
                    "Write the text first, then save it."))
            return
        ask = QInputDialog(self)
        ask.setObjectName("cannedShortcut")
        ask.setWindowTitle(self.tr("Save as canned response"))
        ask.setLabelText(self.tr("Shortcut (type !shortcut then Tab to insert it):"))

        def chosen(result: int) -> None:
            if result:
                self.runner.run(self.backend.save_canned_response(ask.textValue(), text),
                                what=self.tr("Save the canned response"),
                                on_done=lambda _saved: self._reload_canned())
            ask.deleteLater()

        ask.finished.connect(chosen)
        ask.open()

    def _reload_canned(self) -> None:
        async def reload() -> None:
            self.conversation.canned = await self.backend.canned_responses()

        self.runner.run(reload(), what=self.tr("Load the canned responses"))

    def _show_idle(self) -> None:
        self.conversation.show_idle(self._clock.now())

    def _on_conversation_info_requested(self, chat_id: str) -> None:
        chat = self.conversation.chat
        if chat is None or chat.id != chat_id:
            return
        from ui.workspace.info_dialog import ChatInfoDialog  # noqa: PLC0415

        dialog = ChatInfoDialog(chat, self._tags, self)

        def chosen(result: int) -> None:
            if result:
                self._read_chat(
                    self.backend.update_chat_info(chat_id, topic=dialog.topic.text(),
                                                  tags=dialog.tags_field.tags(),
                                                  priority=dialog.chosen_priority()),
                    what=self.tr("Save the chat's info"),
                )
            dialog.deleteLater()

        dialog.finished.connect(chosen)
        dialog.open()

    def _on_conversation_link_activated(self, url: str) -> None:
        target = QUrl(url)
        # Only the web and mail: a visitor's link never starts anything else on this computer.
        if target.scheme().lower() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(target)

    def _on_conversation_older_requested(self, chat_id: str, before: str) -> None:
        generation = self._open_generation

        def arrived(page: MessagePage) -> None:
            if generation != self._open_generation:
                return  # the chat was opened again (or another one): its newest page has its own cursor
            added = self.messages_model.prepend(chat_id, page.messages)
            self.conversation.older = page.older
            if added:
                # Keep the message the agent was reading where it was.
                self.conversation.messages.scrollTo(self.messages_model.index(added, 0),
                                                    QAbstractItemView.ScrollHint.PositionAtTop)

        self.runner.run(self.backend.messages(chat_id, before=before, limit=_MESSAGE_PAGE),
                        what=self.tr("Load older messages"), on_done=arrived)

    def take_next(self) -> None:
        """Take the inquiry that has waited longest (the first in the queue) of those that may be
        taken: a blocked one waits for its contact to be verified."""
        if Action.TAKE_FROM_QUEUE not in self._desk_can or not self.queue_model.rowCount():
            return
        if not self.availability.isChecked() and Action.SET_AVAILABILITY in self._desk_can:
            self.banner.show_problem(self.tr("Take the next chat"), not_available_tip())
            return
        takeable = (self.queue_model.inquiry_at(row) for row in range(self.queue_model.rowCount()))
        first = next((inquiry for inquiry in takeable if not inquiry.blocked), None)
        if first is None:
            self.banner.show_problem(self.tr("Take the next chat"), self.tr("Every waiting chat is blocked. ")
                                     + block_reason(self.queue_model.inquiry_at(0).blocked))
            return
        self._on_queue_take_requested(first.id)

    def _step_chat(self, step: int) -> None:
        count = self.chats_model.rowCount()
        if not count:
            return
        current = self.conversation.chat
        row = self.chats_model.row_of(current.id) if current is not None else None
        target = 0 if row is None else (row + step) % count
        self.chats_panel.select_chat(self.chats_model.chat_at(target).id)

    def _focus_history_search(self) -> None:
        self.contact_panel.search.setFocus()
        self.contact_panel.search.selectAll()

    def _build_view_menu(self) -> None:
        view = self.menuBar().addMenu(self.tr("&View"))
        view.setObjectName("viewMenu")
        themes = QActionGroup(self)
        current = str(self._settings.value("appearance/theme", Theme.SYSTEM.value))
        choices = ((Theme.SYSTEM, self.tr("Follow the system")), (Theme.LIGHT, self.tr("Light")),
                   (Theme.DARK, self.tr("Dark")))
        for theme, label in choices:
            action = view.addAction(label)
            action.setCheckable(True)
            action.setChecked(theme.value == current)
            action.setObjectName(f"theme-{theme.value}")
            action.triggered.connect(lambda _checked=False, chosen=theme: self.set_theme(chosen))
            themes.addAction(action)
        view.addSeparator()
        for label, keys, change in ((self.tr("Larger text"), "Ctrl++", 1.0),
                                    (self.tr("Smaller text"), "Ctrl+-", -1.0),
                                    (self.tr("Normal text size"), "Ctrl+0", 0.0)):
            action = view.addAction(label)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, step=change: self.change_text_size(step))
        view.addSeparator()
        view.addAction(self.tr("Keyboard shortcuts"), self.show_shortcuts)
        self._build_notifications_menu()
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.setObjectName("helpMenu")
        help_menu.addAction(self.tr("Website chat…"), self.show_website_chat)
        help_menu.addAction(self.tr("Keyboard shortcuts"), self.show_shortcuts)

    def _build_notifications_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Notifications"))
        sound = menu.addAction(self.tr("Sound"))
        sound.setObjectName("notify-sound")
        sound.setCheckable(True)
        sound.setChecked(self.notifier.sound_on)
        sound.toggled.connect(self.notifier.set_sound)
        menu.addSeparator()
        labels = {
            AttentionKind.NEW_INQUIRY: self.tr("New chats in my queue"),
            AttentionKind.CHAT_ASSIGNED: self.tr("Chats routed to me"),
            AttentionKind.TRANSFER_TO_ME: self.tr("Chats transferred to me"),
            AttentionKind.VISITOR_MESSAGE: self.tr("Visitor messages in other chats"),
            AttentionKind.SLA_BREACH: self.tr("SLAs about to pass"),
        }
        for kind, label in labels.items():
            action = menu.addAction(label)
            action.setObjectName(f"notify-{kind.value}")
            action.setCheckable(True)
            action.setChecked(kind in self.notifier.service.settings.kinds)
            action.toggled.connect(lambda on, chosen=kind: self.notifier.set_kind(chosen, on))
        menu.addSeparator()
        again = menu.addMenu(self.tr("Remind me of a waiting chat every"))
        intervals = QActionGroup(self)
        for seconds, label in ((30, self.tr("30 seconds")), (60, self.tr("minute")),
                               (120, self.tr("2 minutes")), (300, self.tr("5 minutes"))):
            action = again.addAction(label)
            action.setObjectName(f"realert-{seconds}")
            action.setCheckable(True)
            action.setChecked(self.notifier.service.settings.realert_after_s == seconds)
            action.triggered.connect(
                lambda _checked=False, chosen=seconds: self.notifier.set_realert_after(chosen))
            intervals.addAction(action)

    def set_theme(self, theme: Theme) -> None:
        self._settings.setValue("appearance/theme", theme.value)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)

    def change_text_size(self, step: float) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        size = DEFAULT_POINT_SIZE if step == 0 else app.font().pointSizeF() + step
        apply_font_size(app, size)
        self._settings.setValue("appearance/font_size", app.font().pointSizeF())
        self._reserve_conversation_width()

    def show_website_chat(self) -> None:
        from ui.workspace.website_dialog import WebsiteChatDialog  # noqa: PLC0415

        dialog = WebsiteChatDialog(self._website_snippet, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def show_shortcuts(self) -> None:
        from ui.workspace.shortcuts import ShortcutHelp  # noqa: PLC0415

        help_dialog = ShortcutHelp(self, serving=self._serving)
        help_dialog.finished.connect(help_dialog.deleteLater)
        help_dialog.open()

    def _on_chat_closed_by_me(self, chat: ChatSummary) -> None:
        self.chats_model.remove(chat.id)
        self._refresh_open_chat(chat.id)
        self._reload_history(chat.contact_id)

    def _on_desk_search_hit_chosen(self, hit: SearchHit, query: str) -> None:
        """A message found anywhere: its chat opens (read only when it is not mine, as any
        chat I may read does), scrolled to the message, the words marked."""
        self.open_chat(hit.message.chat_id, find=query, at=hit.message.id)
        self.conversation.messages.setFocus()

    def _on_desk_search_dismissed(self) -> None:
        composer = self.conversation.composer
        (composer if composer.isEnabled() else self.conversation.messages).setFocus()

    def _on_history_chat_chosen(self, chat_id: str) -> None:
        """A conversation of the contact chosen: a search hit opens at its match."""
        self.open_chat(chat_id, find=self.contact_panel.search.text())

    def _on_contact_history_search(self, contact_id: str, text: str) -> None:
        self.runner.run(self.backend.contact_history(contact_id, text=text),
                        what=self.tr("Search the conversations"), on_done=self.history_model.reset)

    def _reload_history(self, contact_id: str) -> None:
        contact = self.contact_panel.contact
        if contact is not None and contact.id == contact_id:
            self._on_contact_history_search(contact_id, self.contact_panel.search.text())

    # -- verifying the visitor's channel -----------------------------------------------------

    def _open_chat_channel_verified(self) -> bool | None:
        """Whether the open chat's channel is verified; None when its contact is not shown."""
        chat, contact = self.conversation.chat, self.contact_panel.contact
        if chat is None or contact is None:
            return None
        channel = next((c for c in contact.channels if c.visitor_id == chat.visitor_id), None)
        return None if channel is None else channel.verified

    def _offer_verify(self) -> None:
        """Offer Verify when the backend verifies, the policy allows it for the open chat (the
        agent serving it while open or on hold, a monitor of its unit, an admin) and its
        channel is not verified yet."""
        offered = (self._verifier is not None and Action.VERIFY in self.conversation.can
                   and self._open_chat_channel_verified() is False)
        self.conversation.set_verify_offered(offered)
        self.contact_panel.set_verify_offered(offered)

    def _on_contact_verify_requested(self) -> None:
        if self.conversation.chat is not None:
            self._on_conversation_verify_requested(self.conversation.chat.id)

    def _on_conversation_verify_requested(self, chat_id: str) -> None:
        chat, contact = self.conversation.chat, self.contact_panel.contact
        if chat is None or chat.id != chat_id or contact is None or self._verifier is None:
            return
        channel = next((c for c in contact.channels if c.visitor_id == chat.visitor_id), None)
        from ui.workspace.verify_dialog import VerifyDialog, suggested_verification  # noqa: PLC0415

        field, value = suggested_verification(chat.channel, channel.address if channel else "")
        dialog = VerifyDialog(chat.visitor_name, chat.channel, field, value, self)
        dialog.verify_requested.connect(
            lambda chosen_field, typed: self._verify(dialog, chat_id, chosen_field, typed))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _verify(self, dialog: VerifyDialog, chat_id: str, field: str, value: str) -> None:
        verifier = self._verifier
        assert verifier is not None  # the dialog is offered only then

        async def verify() -> _Verified | None:
            try:
                verification = await verifier.verify_channel(chat_id, field, value)
            except OmnideskError as error:
                # Read where it was typed, the value kept to correct it (not in the banner).
                dialog.show_problem(say_error(error))
                return None
            finally:
                # An unexpected failure is the banner's to tell: the dialog must not stay waiting.
                dialog.stop_waiting()
            dialog.verified()  # recorded, whatever reading it back brings
            contact = verification.contact
            history = await self.backend.contact_history(contact.id)
            return _Verified(chat_id, field, contact, history, verification.merged_ids)

        def done(verified: _Verified | None) -> None:
            if verified is not None:
                self._show_verified(verified)

        self.runner.run(verify(), what=self.tr("Verify the channel"), on_done=done)

    def _show_verified(self, verified: _Verified) -> None:
        chat = self.conversation.chat
        from ui.workspace.verify_dialog import verified_noun  # noqa: PLC0415

        noun = verified_noun(verified.field)
        count = len(verified.merged_ids)
        merged = (self.tr("Merged %n contact(s) with the same verified {noun} into this one: their "
                          "conversations are listed below.", None, count).format(noun=noun) if count else "")
        said = self.tr("Verified {name}'s channel by {noun}.").format(name=verified.contact.name, noun=noun)
        self.statusBar().showMessage(f"{said} {merged}" if merged else said, _STATUS_NOTE_MS)
        if chat is None or chat.id != verified.chat_id:
            return  # another chat is open now: its own contact is shown
        self.contact_panel.show_contact(verified.contact, chat_visitor_id=chat.visitor_id)
        self.contact_panel.show_merge_note(merged)
        self.history_model.reset(verified.history)
        self._offer_verify()

    # -- contacts changing -----------------------------------------------------------------

    def _on_pump_contacts_changed(self, events: list[ContactChanged]) -> None:
        """A contact was verified, edited or merged (here or elsewhere): reload what shows it.
        Merged contacts' chats and inquiries now belong to another contact id."""
        touched = {contact_id for event in events for contact_id in (event.contact_id, *event.merged_ids)}
        shown = self.contact_panel.contact
        if shown is not None and shown.id in touched:
            self._reload_contact(shown.id)
        chat = self.conversation.chat
        if chat is not None and chat.contact_id in touched:
            self._refresh_open_chat(chat.id)
        waiting = [self.queue_model.inquiry_at(row) for row in range(self.queue_model.rowCount())]
        self._refresh_queue_rows({i.id for i in waiting if i.contact_id in touched})
        mine = [self.chats_model.chat_at(row) for row in range(self.chats_model.rowCount())]
        self._refresh_my_chats({c.id for c in mine if c.contact_id in touched})

    def _reload_contact(self, contact_id: str) -> None:
        """Show the contact again (a merged id answers with the contact it became), with its
        conversations, unless another one is shown by the time the answer comes."""
        generation = self._open_generation
        search = self.contact_panel.search.text()

        async def reload() -> tuple[Contact, list[ChatSummary]] | None:
            try:
                contact = await self.backend.contact(contact_id)
            except NotAllowed:
                return None  # out of my reach now: the chat that showed it will say so
            same = contact.id == contact_id
            return contact, await self.backend.contact_history(contact.id, text=search if same else "")

        def done(answer: tuple[Contact, list[ChatSummary]] | None) -> None:
            shown = self.contact_panel.contact
            if generation != self._open_generation or shown is None or shown.id != contact_id:
                return
            if answer is None:
                self.contact_panel.show_contact(None)
                self.history_model.reset([])
            else:
                chat = self.conversation.chat
                self.contact_panel.show_contact(answer[0], chat_visitor_id=chat.visitor_id if chat else None)
                self.history_model.reset(answer[1])
            self._offer_verify()

        self.runner.run(reload(), what=self.tr("Reload the contact"), on_done=done)

    def _refresh_queue_rows(self, inquiry_ids: Iterable[str]) -> None:
        """Read the queue again and show these inquiries as they are now (their contact, their
        block); those no longer waiting leave with their own event."""
        wanted = set(inquiry_ids)
        if not wanted:
            return

        def arrived(queue: list[Inquiry]) -> None:
            for inquiry in queue:
                if inquiry.id in wanted:
                    self.queue_model.update(inquiry)

        self.runner.run(self.backend.queue(), what=self.tr("Reload the queue"), on_done=arrived)

    def _refresh_my_chats(self, chat_ids: Iterable[str]) -> None:
        wanted = set(chat_ids)
        if not wanted:
            return

        def arrived(mine: list[ChatSummary]) -> None:
            for chat in mine:
                if chat.id in wanted and self.chats_model.contains(chat.id):
                    self.chats_model.upsert(chat)

        self.runner.run(self.backend.my_chats(), what=self.tr("Reload my chats"), on_done=arrived)

    def _on_availability_clicked(self, checked: bool) -> None:
        wanted = Availability.AVAILABLE if checked else Availability.NOT_AVAILABLE
        previous = Availability.NOT_AVAILABLE if checked else Availability.AVAILABLE
        self._show_availability(wanted)
        self.runner.run(
            self.backend.set_availability(wanted), what=self.tr("Change availability"),
            on_done=lambda agent: self._show_availability(agent.availability),
            on_error=lambda _error: self._show_availability(previous),
        )

    def _show_availability(self, availability: Availability) -> None:
        available = availability is Availability.AVAILABLE
        self.availability.setChecked(available)
        if Action.SET_AVAILABILITY in self._desk_can:
            self.queue_panel.set_available(available)
        self.availability.setText(self.tr("● Available") if available else self.tr("○ Not available"))
        self.availability.setToolTip(self.tr("Click to stop taking chats") if available
                                     else self.tr("Click to start taking chats"))

    # -- events from the backend -----------------------------------------------------------

    def _on_pump_inquiries_queued(self, events: list[InquiryQueued]) -> None:
        self.queue_model.add_many([event.inquiry for event in events])
        self._silent_chats.update(e.inquiry.chat_id for e in events if not e.inquiry.preview.strip())

    def _on_pump_inquiries_removed(self, events: list[InquiryRemoved]) -> None:
        for event in events:
            self.queue_model.remove(event.inquiry_id)
            self._refresh_open_chat(event.chat_id)  # the waiting chat I read was taken

    def _on_pump_chats_assigned(self, events: list[ChatAssigned]) -> None:
        for event in events:
            if event.chat.served_by_id == self.principal.id:
                self.chats_model.upsert(event.chat)
            elif event.previous_agent_id == self.principal.id:
                self.chats_model.remove(event.chat.id)
            self._refresh_open_chat(event.chat.id)

    def _on_pump_chats_unassigned(self, events: list[ChatUnassigned]) -> None:
        for event in events:
            self.chats_model.remove(event.chat_id)
            self._refresh_open_chat(event.chat_id)

    def _on_pump_chats_closed(self, events: list[ChatClosed]) -> None:
        for event in events:
            self.chats_model.remove(event.chat.id)
            self._refresh_open_chat(event.chat.id)
            self._reload_history(event.chat.contact_id)

    def _on_pump_messages_added(self, events: list[MessageAdded]) -> None:
        self.messages_model.add_live_many([event.message for event in events])
        latest: dict[str, Message] = {}
        for event in events:
            latest[event.message.chat_id] = event.message
        for message in latest.values():
            self.chats_model.note_message(message)
        # Seen as it comes (the chat opened, or opening: its page may have been read before).
        opened = latest.get(self._opened_chat_id) if self._opened_chat_id is not None else None
        if opened is not None:
            self._mark_read(opened.chat_id, opened.id)
        self._show_first_words([event.message for event in events])

    def _on_pump_messages_changed(self, events: list[MessageChanged]) -> None:
        for event in events:
            self.messages_model.change_live(event.message)
        # An edited or deleted message may be the one a list row shows: the store's preview
        # follows it, and the rows are read again.
        changed = {event.message.chat_id for event in events}
        waiting = [self.queue_model.inquiry_at(row) for row in range(self.queue_model.rowCount())]
        self._refresh_queue_rows({i.id for i in waiting if i.chat_id in changed})
        self._refresh_my_chats({chat_id for chat_id in changed if self.chats_model.contains(chat_id)})

    def _on_pump_visitors_changed(self, events: list[VisitorChanged]) -> None:
        """The site set a visitor's custom fields, or they opened a page: the Visitor tab of
        their chat, when it is the one open, shows it."""
        chat = self.conversation.chat
        if chat is None or chat.visitor_id not in {event.visitor_id for event in events}:
            return
        generation = self._open_generation
        self._context_reads += 1
        number = self._context_reads

        def arrived(context: VisitorContext) -> None:
            if generation == self._open_generation:
                self._show_context(number, context)

        self.runner.run(self.backend.visitor_context(chat.id), what=self.tr("Refresh the visitor"),
                        on_done=arrived)

    def _show_first_words(self, added: list[Message]) -> None:
        """A website visitor's chat waits in the queue before they write: its row shows their
        first message once it comes."""
        first: dict[str, str] = {}
        for message in added:
            if message.chat_id in self._silent_chats and message.author_kind is AuthorKind.VISITOR:
                first.setdefault(message.chat_id, message.summary)
        if not first:
            return
        self._silent_chats.difference_update(first)
        for row in range(self.queue_model.rowCount()):
            inquiry = self.queue_model.inquiry_at(row)
            if inquiry.chat_id in first and not inquiry.preview.strip():
                self.queue_model.update(replace(inquiry, preview=first[inquiry.chat_id][:_PREVIEW_CHARS]))

    def _on_pump_agent_statuses_changed(self, events: list[AgentStatusChanged]) -> None:
        for event in events:
            if event.agent.id == self.principal.id:
                self._show_availability(event.agent.availability)
                self.presence.show_status(event.agent.status)

    def _on_pump_chats_held_or_resumed(self, events: list[ChatHoldChanged]) -> None:
        for event in events:
            if event.chat.served_by_id == self.principal.id:
                self.chats_model.upsert(event.chat)
            self._refresh_open_chat(event.chat.id)

    def _on_pump_chats_info_changed(self, events: list[ChatInfoChanged]) -> None:
        for chat_id in {event.chat.id for event in events}:
            self._refresh_open_chat(chat_id)

    def _on_pump_connection_changed(self, events: list[ConnectionChanged]) -> None:
        self.connection_bar.show_link(events[-1])
        show_link(self.connection, events[-1])

    def _on_pump_resynced(self, events: list[Resynced]) -> None:
        del events  # one reload answers any number of them
        self.runner.run(self._load(), what=self.tr("Reload the desk"))
        self.file_actions.previews.retry_unreached()
        if self._opened_chat_id is not None:
            self._refresh_open_chat(self._opened_chat_id)

    def _on_pump_visitors_typing(self, events: list[VisitorTyping]) -> None:
        chat = self.conversation.chat
        for event in events:
            if chat is not None and event.chat_id == chat.id:
                self.conversation.show_typing(event.typing)

    def _on_pump_messages_counted(self, events: list[MessageAdded]) -> None:
        for chat_id in {event.message.chat_id for event in events}:
            self.chats_model.refresh(chat_id)

    def _on_notifier_chat_requested(self, chat_id: str) -> None:
        self.chats_panel.select_chat(chat_id)
        self.open_chat(chat_id)

    def _on_notifier_badge_changed(self, count: int) -> None:
        if self._serving:
            self.attention.setText(self.tr("  {count} waiting for you  ").format(
                    count=count) if count else "")
        else:  # a monitor or an admin: the queue waits for the agents, not for them
            self.attention.setText(self.tr("  {count} waiting in the queue  ").format(
                    count=count) if count else "")

    # -- closing ---------------------------------------------------------------------------

    async def shutdown(self) -> None:
        self._places_ticker.stop()  # no read of the places after the backend is gone
        self._places_due.stop()
        wanted = self._draft_to_keep()
        if wanted is not None and self._memory is not None:
            # Awaited here: the tasks still running are cancelled next.
            try:
                await self._memory.save_draft(*wanted)
            except OmnideskError as error:
                self.banner.show_problem(self.tr("Keep your reply in progress"), say_error(error))
        await self.pump.stop()
        await self.runner.cancel_all()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
