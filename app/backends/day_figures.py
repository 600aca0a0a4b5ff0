"""A unit's day hour by hour, from when chats started and closed and their stays in queues:
the arithmetic any backend does once it has those instants."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.domain import HourFigures

HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class QueueStay:
    """A chat's stay in a queue; `left_at` None: it still waits. `served`: it left to an agent."""

    queued_at: datetime
    left_at: datetime | None
    served: bool


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The day's first instant and the next day's, in UTC."""
    start = datetime.combine(day, time(0), tzinfo=UTC)
    return start, start + timedelta(days=1)


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile (a wait that actually happened); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def hour_figures(
    day: date,
    started: Iterable[datetime],
    closed: Iterable[datetime],
    stays: Iterable[QueueStay],
    now: datetime,
) -> tuple[HourFigures, ...]:
    """24 hours of figures. A stay still open counts as waiting until `now`: the hours to come
    show no queue. A wait counts in the hour its chat left the queue to an agent."""
    start, end = day_bounds(day)
    started_in, closed_in = [0] * 24, [0] * 24
    for at in started:
        started_in[_hour(start, at)] += 1
    for at in closed:
        closed_in[_hour(start, at)] += 1
    waits: list[list[float]] = [[] for _ in range(24)]
    # Queue length changes: +1 when a stay begins, -1 when it ends; at the same instant the
    # leaving comes first, so a chat handed straight on is not counted twice.
    changes: list[tuple[datetime, int]] = []
    for stay in stays:
        left = stay.left_at if stay.left_at is not None else max(now, stay.queued_at)
        if stay.served and stay.left_at is not None and start <= stay.left_at < end:
            waits[_hour(start, stay.left_at)].append((stay.left_at - stay.queued_at).total_seconds())
        if left > stay.queued_at:
            changes.append((stay.queued_at, +1))
            changes.append((left, -1))
    changes.sort(key=lambda change: (change[0], change[1]))
    peaks = _peaks(start, changes)
    return tuple(
        HourFigures(
            start=start + hour * HOUR, started=started_in[hour], closed=closed_in[hour],
            queue_peak=peaks[hour], wait_p50_s=percentile(waits[hour], 0.5),
            wait_p90_s=percentile(waits[hour], 0.9),
        )
        for hour in range(24)
    )


def _hour(start: datetime, at: datetime) -> int:
    return min(23, max(0, int((at - start) // HOUR)))


def _peaks(start: datetime, changes: list[tuple[datetime, int]]) -> list[int]:
    """The most stays open at once within each hour, from the sorted changes."""
    peaks = [0] * 24
    waiting = 0
    index = 0
    for hour in range(24):
        hour_end = start + (hour + 1) * HOUR
        # Whatever waits as the hour begins counts towards its peak.
        while index < len(changes) and changes[index][0] < start + hour * HOUR:
            waiting += changes[index][1]
            index += 1
        peak = waiting
        while index < len(changes) and changes[index][0] < hour_end:
            waiting += changes[index][1]
            peak = max(peak, waiting)
            index += 1
        peaks[hour] = peak
    return peaks
