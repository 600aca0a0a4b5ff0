"""Timers on the engine's clock: each fires once at its due time unless replaced or cancelled."""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class TimerKind(StrEnum):
    AUTO_TRANSFER = "auto_transfer"  # the agent has not answered in time
    ABANDONED = "abandoned"  # the visitor went silent after the agent's last message
    QUEUE_WAIT = "queue_wait"  # waited in the queue longer than allowed
    BUSINESS_HOURS = "business_hours"  # an office opens or closes
    SKILL_RELAX = "skill_relax"  # a queued inquiry's skill requirements relax one level


@dataclass(frozen=True, slots=True)
class Timer:
    due: datetime
    kind: TimerKind
    target: str


class Timers:
    def __init__(self) -> None:
        self._heap: list[tuple[datetime, int, TimerKind, str]] = []
        self._current: dict[tuple[TimerKind, str], int] = {}
        self._counter = itertools.count()

    def set(self, kind: TimerKind, target: str, due: datetime) -> None:
        """Schedule (or move) the one timer of this kind for this target."""
        sequence = next(self._counter)
        self._current[(kind, target)] = sequence
        heapq.heappush(self._heap, (due, sequence, kind, target))

    def cancel(self, kind: TimerKind, target: str) -> None:
        self._current.pop((kind, target), None)

    def next_due(self) -> datetime | None:
        self._drop_stale()
        return self._heap[0][0] if self._heap else None

    def pop_due(self, now: datetime) -> Timer | None:
        """The earliest live timer due at or before `now`, removed; None if there is none."""
        self._drop_stale()
        if not self._heap or self._heap[0][0] > now:
            return None
        due, _sequence, kind, target = heapq.heappop(self._heap)
        del self._current[(kind, target)]
        return Timer(due, kind, target)

    def _drop_stale(self) -> None:
        while self._heap:
            _due, sequence, kind, target = self._heap[0]
            if self._current.get((kind, target)) == sequence:
                return
            heapq.heappop(self._heap)
