"""Moments as a contact list reads them: how long ago, in words; the exact time for a tooltip."""

from __future__ import annotations

from datetime import datetime

from ui.format import day_and_time, day_of
from ui.i18n import translate


def how_long_ago(at: datetime | None, now: datetime) -> str:
    """'just now', '12 min ago', '3 h ago', 'yesterday', '4 days ago', then the date."""
    if at is None:
        return "—"
    seconds = (now - at).total_seconds()
    if seconds < 60:
        return translate("contacts.when", "just now")
    if seconds < 3600:
        return translate("contacts.when", "{minutes} min ago").format(minutes=int(seconds // 60))
    local, today = at.astimezone(), now.astimezone().date()
    days = (today - local.date()).days
    if days <= 0:
        return translate("contacts.when", "{hours} h ago").format(hours=int(seconds // 3600))
    if days == 1:
        return translate("contacts.when", "yesterday")
    if days < 7:
        return translate("contacts.when", "{days} days ago").format(days=days)
    return day_of(local, with_year=local.year != today.year)


def exactly(at: datetime | None) -> str | None:
    return None if at is None else day_and_time(at)


def day(at: datetime) -> str:
    return day_of(at.astimezone())
