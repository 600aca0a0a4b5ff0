"""A contact's past and present chats across channels, newest first."""

from __future__ import annotations

from app.domain import ChatStatus, ChatSummary
from ui.format import day_and_time, one_line
from ui.i18n import QT_TRANSLATE_NOOP
from ui.i18n.labels import channel_label
from ui.models.base import RowsModel

_STATUS = {ChatStatus.OPEN: QT_TRANSLATE_NOOP("HistoryModel", "open"),
           ChatStatus.ON_HOLD: QT_TRANSLATE_NOOP("HistoryModel", "on hold"),
           ChatStatus.QUEUED: QT_TRANSLATE_NOOP("HistoryModel", "queued")}


class HistoryModel(RowsModel[ChatSummary]):
    WHEN, CHANNEL, AGENT, TAGS = range(4)
    HEADERS = (QT_TRANSLATE_NOOP("HistoryModel", "When"),
               QT_TRANSLATE_NOOP("HistoryModel", "Channel"),
               QT_TRANSLATE_NOOP("HistoryModel", "Agent"),
               QT_TRANSLATE_NOOP("HistoryModel", "Tags"))

    def __init__(self) -> None:
        super().__init__(key=lambda chat: chat.id)

    def display(self, value: ChatSummary, column: int) -> str:
        if column == self.WHEN:
            if value.status is ChatStatus.CLOSED and value.closed_at is not None:
                return day_and_time(value.closed_at)
            return self.tr("Now · {status}").format(
                    status=self.tr(_STATUS.get(value.status, value.status.value)))
        if column == self.CHANNEL:
            return channel_label(value.channel)
        if column == self.AGENT:
            return value.served_by_name or "—"
        return ", ".join(value.tags)

    def tooltip(self, value: ChatSummary, column: int) -> str | None:
        # The tags too: a narrow panel hides their column.
        tags = self.tr("Tags: {tags}").format(tags=", ".join(value.tags)) + "\n" if value.tags else ""
        return tags + one_line(value.last_message, 400)

    def chat_at(self, row: int) -> ChatSummary:
        return self.value_at(row)
