"""The unit's agents: presence, whether they take chats, their load against their limit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from app.domain import Agent, AgentLoad, AgentStatus
from ui.format import wait_time
from ui.i18n import QT_TRANSLATE_NOOP
from ui.monitor.colours import Level
from ui.monitor.table import LiveRowsModel

_STATUS = {AgentStatus.ONLINE: QT_TRANSLATE_NOOP("AgentLoadsModel", "● Online"),
           AgentStatus.AWAY: QT_TRANSLATE_NOOP("AgentLoadsModel", "◐ Away"),
           AgentStatus.OFFLINE: QT_TRANSLATE_NOOP("AgentLoadsModel", "○ Offline")}


def over_limit(load: AgentLoad) -> bool:
    return load.limit is not None and load.agent.open_chats > load.limit


def at_limit(load: AgentLoad) -> bool:
    return load.limit is not None and load.agent.open_chats == load.limit


class AgentLoadsModel(LiveRowsModel[AgentLoad]):
    NAME, STATUS, AVAILABLE, OPEN, ON_HOLD, LAST_ASSIGNED = range(6)
    HEADERS = (QT_TRANSLATE_NOOP("AgentLoadsModel", "Agent"),
               QT_TRANSLATE_NOOP("AgentLoadsModel", "Status"),
               QT_TRANSLATE_NOOP("AgentLoadsModel", "Takes chats"),
               QT_TRANSLATE_NOOP("AgentLoadsModel", "Open chats"),
               QT_TRANSLATE_NOOP("AgentLoadsModel", "On hold"),
               QT_TRANSLATE_NOOP("AgentLoadsModel", "Last assigned"))

    def __init__(self, now: Callable[[], datetime]) -> None:
        super().__init__(key=lambda load: load.agent.id)
        self._now = now

    def display(self, value: AgentLoad, column: int) -> str:
        agent = value.agent
        if column == self.NAME:
            return agent.name
        if column == self.STATUS:
            return self.tr(_STATUS[agent.status])
        if column == self.AVAILABLE:
            return self.tr("Yes") if agent.takes_chats else self.tr("No")
        if column == self.OPEN:
            limit = self.tr("no limit") if value.limit is None else str(value.limit)
            return self.tr("{open_chats} / {limit}").format(open_chats=agent.open_chats, limit=limit)
        if column == self.ON_HOLD:
            return str(value.on_hold)
        if value.last_assigned_at is None:
            return "—"
        return wait_time((self._now() - value.last_assigned_at).total_seconds()) + self.tr(" ago")

    def tooltip(self, value: AgentLoad, column: int) -> str | None:
        if column == self.OPEN and over_limit(value):
            return self.tr("{name} serves more open chats than their limit of {limit}.").format(
                    name=value.agent.name, limit=value.limit)
        return None

    def level(self, value: AgentLoad, column: int) -> Level:
        if column != self.OPEN:
            return Level.FINE
        if over_limit(value):
            return Level.PAST
        return Level.SOON if at_limit(value) else Level.FINE

    def sort_key(self, value: AgentLoad, column: int) -> Any:
        if column == self.OPEN:
            return value.agent.open_chats
        if column == self.ON_HOLD:
            return value.on_hold
        if column == self.LAST_ASSIGNED:
            return -value.last_assigned_at.timestamp() if value.last_assigned_at else float("-inf")
        return self.display(value, column).lower()

    def agent_changed(self, agent: Agent) -> None:
        """Presence or availability changed (AgentStatusChanged): the rest of the row stays."""
        row = self.row_of(agent.id)
        if row is not None:
            self.replace(row, replace(self.value_at(row), agent=agent))

    def loads(self) -> list[AgentLoad]:
        return [self.value_at(row) for row in range(self.rowCount())]
