"""NotificationService: turns backend events into things an agent must not miss.

Rocket.Chat's agents lose chats to alerts that never fire and a queue nobody looks at (its
issues #9760, #20554). Here an inquiry waiting in the agent's departments is announced when it
arrives and again at a set interval until someone takes it; a chat assigned or transferred to the
agent, a visitor writing in a chat they are not looking at, and an SLA about to pass are
announced once. Do-not-disturb and per-kind choices are respected; nothing is forgotten while
they silence it, so turning them off brings waiting inquiries straight back.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from app.clock import Clock
from app.domain import AuthorKind, Channel, Inquiry, Principal
from app.words import Phrase, PhraseBook

if TYPE_CHECKING:
    from app.backends.events import ChatAssigned, Event, MessageAdded


class AttentionKind(StrEnum):
    NEW_INQUIRY = "new_inquiry"
    CHAT_ASSIGNED = "chat_assigned"
    TRANSFER_TO_ME = "transfer_to_me"
    VISITOR_MESSAGE = "visitor_message"
    SLA_BREACH = "sla_breach"


@dataclass(frozen=True, slots=True)
class Attention:
    kind: AttentionKind
    chat_id: str
    # Said in the user's language by ui/ (app.words); str() is the English.
    title: Phrase
    body: Phrase | str  # a str is the visitor's own words
    # True when this is the same thing said again (a still-waiting inquiry).
    repeat: bool = False
    # The waiting inquiry it announces (NEW_INQUIRY, SLA_BREACH); empty for the others.
    inquiry_id: str = ""


@dataclass(frozen=True, slots=True)
class NotificationSettings:
    do_not_disturb: bool = False
    realert_after_s: int = 60
    # When an inquiry's SLA is this close, say so.
    sla_warning_s: int = 120
    kinds: frozenset[AttentionKind] = field(default_factory=lambda: frozenset(AttentionKind))

    def wants(self, kind: AttentionKind) -> bool:
        return not self.do_not_disturb and kind in self.kinds


@dataclass(slots=True)
class _Waiting:
    inquiry: Inquiry
    last_said: datetime | None
    sla_said: bool = False


_BODY_CHARS = 140
# As much of a first message as the store keeps for an inquiry's preview.
_PREVIEW_CHARS = 160


class Notices(PhraseBook):
    """What a desktop notice says: a new chat, a transfer, an SLA about to pass."""


def _on_channel(channel: Channel, text: str) -> Phrase:
    """'WhatsApp · Is it late?': the channel's label said in the reader's language."""
    return Notices.tr("{channel} · {text}").format(channel=Phrase("Channel", channel.label), text=text)


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _BODY_CHARS else flat[: _BODY_CHARS - 1] + "…"


class NotificationService:
    def __init__(self, me: Principal, clock: Clock, settings: NotificationSettings | None = None) -> None:
        self._me = me
        self._clock = clock
        self.settings = settings or NotificationSettings()
        self._waiting: dict[str, _Waiting] = {}
        self._my_chats: dict[str, str] = {}  # chat id -> visitor name
        self._looking_at: str | None = None
        self._unread: dict[str, int] = {}

    # -- what the UI tells the service ------------------------------------------------------

    def change_settings(self, settings: NotificationSettings) -> list[Attention]:
        """Apply new choices; inquiries that waited unannounced are announced now."""
        self.settings = settings
        return self.due()

    def looking_at(self, chat_id: str | None) -> None:
        """The chat on screen: its messages need no alert, and its unread count clears."""
        self._looking_at = chat_id
        if chat_id is not None:
            self._unread.pop(chat_id, None)

    def know_chats(self, chats: Iterable[tuple[str, str]]) -> None:
        """The chats the agent serves, as (chat id, visitor name), when the window (re)loads:
        they replace what was known, since events may have been missed (a resync)."""
        self._my_chats = dict(chats)
        self._unread = {chat_id: count for chat_id, count in self._unread.items()
                        if chat_id in self._my_chats}

    def know_queue(self, inquiries: Iterable[Inquiry], *, announced: Collection[str] = ()) -> list[Attention]:
        """The inquiries waiting when the window (re)loads: new ones are announced like any
        arrival, and those no longer waiting are forgotten (taken while events were missed).
        Those `announced` before (in an earlier session) are not new: they are said again only
        as still waiting, a full interval from now."""
        current = list(inquiries)
        still = {inquiry.id for inquiry in current}
        self._waiting = {key: waiting for key, waiting in self._waiting.items() if key in still}
        now = self._clock.now()
        said: list[Attention] = []
        for inquiry in current:
            if inquiry.id in announced and inquiry.id not in self._waiting:
                self._waiting[inquiry.id] = _Waiting(inquiry, last_said=now)
            else:
                said.extend(self._queued(inquiry))
        return said

    def know_unread(self, counts: Mapping[str, int]) -> None:
        """How many visitor messages wait unseen in each of my chats, as the backend remembers
        them (across restarts); the chat on screen has none."""
        self._unread = {chat_id: count for chat_id, count in counts.items()
                        if count > 0 and chat_id in self._my_chats and chat_id != self._looking_at}

    # -- reading --------------------------------------------------------------------------

    @property
    def waiting_count(self) -> int:
        return len(self._waiting)

    def unread(self, chat_id: str) -> int:
        return self._unread.get(chat_id, 0)

    @property
    def unread_total(self) -> int:
        return sum(self._unread.values())

    # -- events ---------------------------------------------------------------------------

    def on_event(self, event: Event) -> list[Attention]:
        # The event types load with the first events: the desk's first frame shows before them.
        from app.backends import events  # noqa: PLC0415

        if isinstance(event, events.InquiryQueued):
            return self._queued(event.inquiry)
        if isinstance(event, events.InquiryRemoved):
            self._waiting.pop(event.inquiry_id, None)
            return []
        if isinstance(event, events.ChatAssigned):
            return self._assigned(event)
        if isinstance(event, (events.ChatUnassigned, events.ChatClosed)):
            chat_id = event.chat_id if isinstance(event, events.ChatUnassigned) else event.chat.id
            self._my_chats.pop(chat_id, None)
            self._unread.pop(chat_id, None)
            return []
        if isinstance(event, events.MessageAdded):
            return self._message(event)
        return []

    def due(self) -> list[Attention]:
        """What is due again now: still-waiting inquiries, SLAs about to pass."""
        now = self._clock.now()
        return [attention for waiting in self._waiting.values() for attention in self._due_for(waiting, now)]

    def _due_for(self, waiting: _Waiting, now: datetime) -> list[Attention]:
        said: list[Attention] = []
        inquiry = waiting.inquiry
        sla = inquiry.sla_due_at
        if (
            sla is not None
            and not waiting.sla_said
            and sla - now <= timedelta(seconds=self.settings.sla_warning_s)
            and self.settings.wants(AttentionKind.SLA_BREACH)
        ):
            waiting.sla_said = True
            minutes = max(0, int((sla - now).total_seconds() // 60))
            due = (Notices.tr("Due in {minutes} min.").format(minutes=minutes) if minutes
                   else Notices.tr("Due in less than a minute."))
            said.append(
                Attention(
                    AttentionKind.SLA_BREACH,
                    inquiry.chat_id,
                    Notices.tr("SLA almost over: {visitor}").format(visitor=inquiry.visitor_name),
                    Notices.tr("{due} {preview}").format(due=due, preview=_short(inquiry.shown_preview)),
                    inquiry_id=inquiry.id,
                )
            )
        if not self._me.is_agent or not self.settings.wants(AttentionKind.NEW_INQUIRY):
            return said
        interval = timedelta(seconds=max(1, self.settings.realert_after_s))
        if waiting.last_said is None or now - waiting.last_said >= interval:
            repeat = waiting.last_said is not None
            waiting.last_said = now
            said.append(self._inquiry_attention(inquiry, repeat=repeat, now=now))
        return said

    def next_due(self) -> datetime | None:
        """When `due()` next has something to say (for the UI's timer)."""
        moments = []
        interval = timedelta(seconds=max(1, self.settings.realert_after_s))
        for waiting in self._waiting.values():
            if waiting.last_said is not None:
                moments.append(waiting.last_said + interval)
            if waiting.inquiry.sla_due_at is not None and not waiting.sla_said:
                moments.append(waiting.inquiry.sla_due_at - timedelta(seconds=self.settings.sla_warning_s))
        return min(moments, default=None)

    # -- the rules ------------------------------------------------------------------------

    def _queued(self, inquiry: Inquiry) -> list[Attention]:
        if inquiry.id in self._waiting:
            return []
        waiting = _Waiting(inquiry, last_said=None)
        self._waiting[inquiry.id] = waiting
        return self._due_for(waiting, self._clock.now())

    def _inquiry_attention(self, inquiry: Inquiry, *, repeat: bool, now: datetime) -> Attention:
        waited = int(inquiry.waited_seconds(now))
        title = (
            Notices.tr("Still waiting ({minutes} min): {visitor}").format(minutes=waited // 60,
                                                                          visitor=inquiry.visitor_name)
            if repeat
            else Notices.tr("New chat in the queue: {visitor}").format(visitor=inquiry.visitor_name)
        )
        return Attention(
            AttentionKind.NEW_INQUIRY,
            inquiry.chat_id,
            title,
            _on_channel(inquiry.channel, _short(inquiry.shown_preview)),
            repeat=repeat,
            inquiry_id=inquiry.id,
        )

    def _assigned(self, event: ChatAssigned) -> list[Attention]:
        chat = event.chat
        mine = chat.served_by_id == self._me.id
        if not mine:
            self._my_chats.pop(chat.id, None)
            return []
        already = chat.id in self._my_chats
        self._my_chats[chat.id] = chat.visitor_name
        if already or event.previous_agent_id == self._me.id:
            return []  # an update of a chat already mine (put on hold, resumed)
        if event.previous_agent_id is not None:
            kind = AttentionKind.TRANSFER_TO_ME
            title = Notices.tr("Transferred to you: {visitor}").format(visitor=chat.visitor_name)
        elif event.by_routing:
            kind = AttentionKind.CHAT_ASSIGNED
            title = Notices.tr("New chat for you: {visitor}").format(visitor=chat.visitor_name)
        else:
            return []  # the agent took it: they know
        if not self.settings.wants(kind):
            return []
        return [Attention(kind, chat.id, title, _on_channel(chat.channel, _short(chat.last_message)))]

    def _message(self, event: MessageAdded) -> list[Attention]:
        message = event.message
        if message.author_kind is AuthorKind.VISITOR:
            self._first_words(message.chat_id, message.summary)
        if message.author_kind is not AuthorKind.VISITOR or message.chat_id not in self._my_chats:
            return []
        if message.chat_id == self._looking_at:
            return []
        self._unread[message.chat_id] = self._unread.get(message.chat_id, 0) + 1
        if not self.settings.wants(AttentionKind.VISITOR_MESSAGE):
            return []
        return [
            Attention(
                AttentionKind.VISITOR_MESSAGE,
                message.chat_id,
                Notices.tr("{author} wrote").format(author=message.author_name),
                _short(message.summary),
            )
        ]

    def _first_words(self, chat_id: str, text: str) -> None:
        """A waiting chat queued before its visitor wrote: its reminders quote what they wrote."""
        for waiting in self._waiting.values():
            if waiting.inquiry.chat_id == chat_id and not waiting.inquiry.preview.strip():
                waiting.inquiry = replace(waiting.inquiry, preview=text[:_PREVIEW_CHARS])


def with_do_not_disturb(settings: NotificationSettings, on: bool) -> NotificationSettings:
    return replace(settings, do_not_disturb=on)
