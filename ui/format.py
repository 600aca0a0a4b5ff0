"""How values read on screen: durations, times, names. Display only, no rules."""

from __future__ import annotations

from datetime import datetime


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


def one_line(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
