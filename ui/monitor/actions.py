"""What a supervisor does to a unit chat from the dashboard: transfer, close, hold or resume,
take over, assign a waiting inquiry. Each asks what it needs (a dialog), runs through the task
runner, and says its result, or the backend's refusal, in a sentence (`said`)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain import AgentLoad, Chat, ChatSummary, Department, Principal
from app.errors import OmnideskError
from ui.bridge.tasks import TaskRunner
from ui.i18n import translate
from ui.i18n.say import say_error
from ui.monitor.assign_dialog import AssignDialog, assignable
from ui.monitor.backend import SupervisingBackend
from ui.workspace.close_dialog import CloseChatDialog
from ui.workspace.transfer_dialog import TransferDialog


class MonitorActions(QObject):
    # chat id, what happened (or why not), in words
    said = Signal(str, str)
    # a command changed the chat: the chat id, to re-read it
    acted = Signal(str)

    def __init__(self, backend: SupervisingBackend, principal: Principal, runner: TaskRunner,
                 dialogs_parent: QWidget) -> None:
        super().__init__(dialogs_parent)
        self._backend = backend
        self._me = principal
        self._runner = runner
        self._parent = dialogs_parent

    def can_take_over(self, chat: Chat, can_transfer: bool) -> bool:
        """Take over = transfer to myself: for an agent of the chat's department, when the chat
        is someone else's and may be transferred."""
        return (can_transfer and self._me.is_agent and chat.served_by_id != self._me.id
                and chat.department_id in self._me.department_ids)

    def _run(self, chat_id: str, work: Coroutine[Any, Any, Any], *, what: str,
             done: Callable[[Any], str]) -> None:
        def succeeded(result: Any) -> None:
            self.said.emit(chat_id, done(result))
            self.acted.emit(chat_id)

        def refused(error: OmnideskError) -> None:
            self.said.emit(chat_id, f"{what}: not done. {say_error(error)}")
            self.acted.emit(chat_id)

        self._runner.run(work, what=what, on_done=succeeded, on_error=refused)

    # -- transfer --------------------------------------------------------------------------

    def transfer(self, chat: Chat, departments: list[Department]) -> None:
        self._runner.run(self._backend.agents(), what=self.tr("Load the agents"),
                         on_done=lambda agents: self._ask_transfer(chat, agents, departments))

    def _ask_transfer(self, chat: Chat, agents: list[Any], departments: list[Department]) -> None:
        names = {d.id: d.name for d in departments}
        others = [a for a in agents if a.id != chat.served_by_id]
        dialog = TransferDialog(chat.visitor_name, others, departments, names, self._parent)

        def chosen(result: int) -> None:
            if result:
                self._run(chat.id, self._backend.transfer(
                    chat.id, to_agent_id=dialog.chosen_agent_id(),
                    to_department_id=dialog.chosen_department_id(), comment=dialog.chosen_comment()),
                    what=self.tr("Transfer the chat"), done=lambda moved: _moved(chat, moved, names))
            dialog.deleteLater()

        dialog.finished.connect(chosen)
        dialog.open()

    def take_over(self, chat: Chat) -> None:
        self._run(chat.id, self._backend.transfer(chat.id, to_agent_id=self._me.id),
                  what=self.tr("Take over the chat"),
                  done=lambda _moved: self.tr("You took over the chat with {visitor_name}.").format(
                          visitor_name=chat.visitor_name))

    # -- close, hold, resume ---------------------------------------------------------------

    def close(self, chat: Chat, tags: list[str]) -> None:
        dialog = CloseChatDialog(chat.visitor_name, tags, chat.tags, self._parent)
        dialog.setObjectName("closeChatDialog")

        def chosen(result: int) -> None:
            if result:
                self._run(chat.id, self._backend.close_chat(chat.id, comment=dialog.chosen_comment(),
                                                            tags=dialog.chosen_tags()),
                          what=self.tr("Close the chat"),
                          done=lambda _closed: self.tr("The chat with {visitor_name} is closed.").format(
                                  visitor_name=chat.visitor_name))
            dialog.deleteLater()

        dialog.finished.connect(chosen)
        dialog.open()

    def hold(self, chat: Chat, hold: bool) -> None:
        if hold:
            self._run(chat.id, self._backend.put_on_hold(chat.id), what=self.tr("Put the chat on hold"),
                      done=lambda _c: self.tr("The chat with {visitor_name} is on hold.").format(
                              visitor_name=chat.visitor_name))
        else:
            self._run(chat.id, self._backend.resume(chat.id), what=self.tr("Resume the chat"),
                      done=lambda _c: self.tr("The chat with {visitor_name} is open again.").format(
                              visitor_name=chat.visitor_name))

    # -- assign a waiting inquiry ----------------------------------------------------------

    def assign(self, chat: Chat, inquiry_id: str, loads: list[AgentLoad], department_name: str) -> None:
        dialog = AssignDialog(chat.visitor_name, department_name, assignable(loads, chat.department_id),
                              self._parent)

        def chosen(result: int) -> None:
            agent_id = dialog.chosen_agent_id()
            if result and agent_id is not None:
                self._run(chat.id, self._backend.assign(inquiry_id, agent_id),
                          what=self.tr("Assign the inquiry"),
                          done=lambda given: self.tr("The chat with {visitor} is now {agent}'s.").format(
                              agent=given.served_by_name or self.tr("an agent"), visitor=chat.visitor_name))
            dialog.deleteLater()

        dialog.finished.connect(chosen)
        dialog.open()


def _moved(chat: Chat, moved: ChatSummary, department_names: dict[str, str]) -> str:
    if moved.served_by_name:
        return translate("monitor.actions", "The chat with {visitor} was transferred to {agent}.").format(
            visitor=chat.visitor_name, agent=moved.served_by_name)
    where = department_names.get(moved.department_id or "", translate("monitor.actions", "its department"))
    return translate(
            "monitor.actions", "The chat with {visitor_name} went back to the queue of {where}.").format(
                    visitor_name=chat.visitor_name, where=where)
