"""How values read on screen: durations, times, names. Display only, no rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QLocale

from app.contacts.fields import readable_address
from app.domain import ChatStatus, ContactChannel, Message
from ui.i18n import QT_TRANSLATE_NOOP, translate


def wait_time(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return translate("format", "{seconds} s").format(seconds=seconds)
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return translate("format", "{minutes} min {seconds} s").format(minutes=minutes,
                                                                       seconds=f"{seconds:02d}")
    hours, minutes = divmod(minutes, 60)
    return translate("format", "{hours} h {minutes} min").format(hours=hours, minutes=f"{minutes:02d}")


def clock_time(at: datetime) -> str:
    """A message time in the agent's own timezone."""
    return at.astimezone().strftime("%H:%M")


def day_and_time(at: datetime) -> str:
    """'25 Nov 2026, 10:30' in the agent's timezone, the month named in the desk's language."""
    local = at.astimezone()
    return translate("format", "{day}, {time}").format(day=day_of(local), time=local.strftime("%H:%M"))


def day_of(at: datetime, *, with_year: bool = True) -> str:
    """'25 Nov 2026' (or '25 Nov'): the month abbreviated in the desk's language (QLocale)."""
    month = QLocale().monthName(at.month, QLocale.FormatType.ShortFormat).rstrip(".")
    return f"{at.day:02d} {month} {at.year}" if with_year else f"{at.day:02d} {month}"


def when_short(at: datetime, now: datetime) -> str:
    """A moment as a list shows it, in the agent's timezone: the time today, the day this year,
    the day and year before."""
    local, today = at.astimezone(), now.astimezone()
    if local.date() == today.date():
        return local.strftime("%H:%M")
    if local.year == today.year:
        return f"{local.day} {local.strftime('%b')}"
    return f"{local.day} {local.strftime('%b %Y')}"


def chat_status_word(status: ChatStatus) -> str:
    return {ChatStatus.QUEUED: "waiting", ChatStatus.OPEN: "open", ChatStatus.ON_HOLD: "on hold",
            ChatStatus.CLOSED: "closed"}[status]


def one_line(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def verification_text(channel: ContactChannel, when: Callable[[datetime], str] = day_and_time) -> str:
    """'Verified by email lena@example.com on 25 Nov 2026, 10:30', or 'Not verified'; `when`
    writes the moment (a list may want the day alone)."""
    if not channel.verified:
        return translate("format", "Not verified")
    by = (f"{_field_word(channel.verified_by_field)} {readable_address(channel.verified_by_value)}".strip()
          if channel.verified_by_field else "")
    at = when(channel.verified_at) if channel.verified_at is not None else ""
    if by and at:
        return translate("format", "Verified by {by} on {when}").format(by=by, when=at)
    if by:
        return translate("format", "Verified by {by}").format(by=by)
    if at:
        return translate("format", "Verified on {when}").format(when=at)
    return translate("format", "Verified")


def _field_word(field: str) -> str:
    """How verification names the field a visitor proved: 'email', 'phone'."""
    words = {"email": QT_TRANSLATE_NOOP("format", "email"), "phone": QT_TRANSLATE_NOOP("format", "phone")}
    return translate("format", words[field]) if field in words else field


def body_text(message: Message) -> str:
    """What a message says in the conversation: its text, or where a deleted one was."""
    if message.deleted_at is not None:
        return translate("format", "The visitor deleted this message.")
    return message.text
