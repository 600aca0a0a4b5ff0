"""Drilling into a unit chat: its transcript beside the tables, live, and the actions the policy
offers on it (through `MonitorActions`), each result said in the panel and the status bar."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain import Chat, Department, Principal
from app.errors import NotAllowed, OmnideskError
from app.policy import Action
from ui.bridge.tasks import TaskRunner
from ui.models.messages import MessageModel
from ui.models.queue import QueueModel
from ui.monitor.actions import MonitorActions
from ui.monitor.agents import AgentLoadsModel
from ui.monitor.backend import SupervisingBackend
from ui.monitor.transcript import TranscriptPanel
from ui.search.in_chat import read_back_to

# Messages loaded when a chat opens.
_MESSAGE_PAGE = 500


class DrillDown(QObject):
    # What an action did, or why not, in words (for the status bar).
    said = Signal(str)

    def __init__(self, backend: SupervisingBackend, principal: Principal, runner: TaskRunner,
                 panel: TranscriptPanel, messages: MessageModel, agents: AgentLoadsModel,
                 waiting: QueueModel, dialogs_parent: QWidget) -> None:
        super().__init__(dialogs_parent)
        self._backend = backend
        self._me = principal
        self._runner = runner
        self.panel = panel
        self._messages = messages
        self._agents = agents
        self._waiting = waiting
        self.operations = MonitorActions(backend, principal, runner, dialogs_parent)
        # Set by the window when it loads: transfer targets and the tags to close with.
        self.departments: list[Department] = []
        self.tags: list[str] = []
        # Chats opened, numbered: an answer for an earlier one is dropped. Reads of the open
        # chat, numbered: an older answer never hides a newer one.
        self._opened: str | None = None
        self._open_generation = 0
        self._reads = 0
        self._shown = 0
        panel.dismissed.connect(self.close)
        panel.transfer_requested.connect(self._on_panel_transfer_requested)
        panel.close_requested.connect(self._on_panel_close_requested)
        panel.hold_requested.connect(self._on_panel_hold_requested)
        panel.take_over_requested.connect(self._on_panel_take_over_requested)
        panel.assign_requested.connect(self._on_panel_assign_requested)
        panel.note_requested.connect(self._on_panel_note_requested)
        self.operations.said.connect(self._on_operations_said)
        self.operations.acted.connect(lambda chat_id: self.chats_touched([chat_id]))

    def open(self, chat_id: str, *, find: str = "", at: str | None = None) -> None:
        """Show the chat's transcript, live, with what may be done to it; `find`, the search it
        was chosen from: the message found (`at`, else the first match) is shown, marked."""
        self.panel.show()
        self._open_generation += 1
        generation = self._open_generation
        self._opened = chat_id
        # Messages arriving while the history loads are kept and merged in (MessageModel).
        self._messages.begin_loading(chat_id)

        async def read() -> None:
            newest = await self._backend.messages(chat_id, limit=_MESSAGE_PAGE)
            page = await read_back_to(self._backend, chat_id, newest, at, limit=_MESSAGE_PAGE)
            if generation == self._open_generation:  # else another chat was opened meanwhile
                self._messages.show_chat(chat_id, page.messages)
                self.panel.show_match(find, at)

        self._read(chat_id)
        self._runner.run(read(), what=self.tr("Open the chat"))

    def close(self) -> None:
        self._opened = None
        self.panel.show_chat(None, frozenset(), can_take_over=False)
        self._messages.show_chat(None, [])
        self.panel.hide()

    @property
    def shown_chat_id(self) -> str | None:
        chat = self.panel.chat
        return chat.id if chat is not None and self.panel.isVisible() else None

    def chats_touched(self, chat_ids: list[str]) -> None:
        """Something happened to these chats: re-read the one shown, if it is among them."""
        shown = self.shown_chat_id
        if shown is not None and shown in chat_ids:
            self._read(shown)

    def _read(self, chat_id: str) -> None:
        self._reads += 1
        number = self._reads

        async def read() -> Chat | None:
            try:
                return await self._backend.chat(chat_id)
            except NotAllowed:
                return None  # it left the units I see

        def done(chat: Chat | None) -> None:
            if number <= self._shown or chat_id != self._opened:
                return  # a newer answer is shown, or another chat was opened since
            self._shown = number
            if chat is None:
                self.panel.show_out_of_reach()
                return
            can = self._backend.capabilities(chat.place)
            take_over = self.operations.can_take_over(chat, Action.TRANSFER in can)
            self.panel.show_chat(chat, can, served_by=self._agent_name(chat.served_by_id),
                                 can_take_over=take_over)

        self._runner.run(read(), what=self.tr("Read the chat"), on_done=done)

    def _agent_name(self, agent_id: str | None) -> str:
        if agent_id is None:
            return ""
        row = self._agents.row_of(agent_id)
        if row is not None:
            return self._agents.value_at(row).agent.name
        return "you" if agent_id == self._me.id else self.tr("an agent of another unit")

    def _chat(self, chat_id: str) -> Chat | None:
        """The chat shown, if it is the one a button was pressed for."""
        chat = self.panel.chat
        return chat if chat is not None and chat.id == chat_id else None

    def _on_panel_transfer_requested(self, chat_id: str) -> None:
        if (chat := self._chat(chat_id)) is not None:
            self.operations.transfer(chat, self.departments)

    def _on_panel_close_requested(self, chat_id: str) -> None:
        if (chat := self._chat(chat_id)) is not None:
            self.operations.close(chat, self.tags)

    def _on_panel_hold_requested(self, chat_id: str, hold: bool) -> None:
        if (chat := self._chat(chat_id)) is not None:
            self.operations.hold(chat, hold)

    def _on_panel_take_over_requested(self, chat_id: str) -> None:
        if (chat := self._chat(chat_id)) is not None:
            self.operations.take_over(chat)

    def _on_panel_assign_requested(self, chat_id: str) -> None:
        chat = self._chat(chat_id)
        inquiry = next((self._waiting.inquiry_at(row) for row in range(self._waiting.rowCount())
                        if self._waiting.inquiry_at(row).chat_id == chat_id), None)
        if chat is None or inquiry is None:
            self.panel.show_outcome(self.tr("This inquiry is no longer waiting."))
            return
        names = {d.id: d.name for d in self.departments}
        department = names.get(chat.department_id or "", "the public queue")
        self.operations.assign(chat, inquiry.id, self._agents.loads(), department)

    def _on_panel_note_requested(self, chat_id: str, text: str) -> None:
        if self._chat(chat_id) is None:
            return

        def refused(error: OmnideskError) -> None:
            if self._chat(chat_id) is not None:
                self.panel.show_outcome(error.message)

        # The note shows in the transcript as its MessageAdded event, as everyone else's does.
        self._runner.run(self._backend.add_note(chat_id, text), what=self.tr("Add the note"),
                         on_done=lambda _note: self.panel.note_added(text), on_error=refused)

    def _on_operations_said(self, chat_id: str, text: str) -> None:
        if self._chat(chat_id) is not None:
            self.panel.show_outcome(text)
        self.said.emit(text)
