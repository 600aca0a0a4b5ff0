"""How values read on screen: durations, times, names. Display only, no rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from app.contacts.fields import readable_address
from app.domain import ChatStatus, ContactChannel


def wait_time(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def clock_time(at: datetime) -> str:
    """A message time in the agent's own timezone."""
    return at.astimezone().strftime("%H:%M")


def day_and_time(at: datetime) -> str:
    return at.astimezone().strftime("%d %b %Y, %H:%M")


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
        return "Not verified"
    how = (f" by {channel.verified_by_field} {readable_address(channel.verified_by_value)}".rstrip()
           if channel.verified_by_field else "")
    at = f" on {when(channel.verified_at)}" if channel.verified_at is not None else ""
    return f"Verified{how}{at}"
