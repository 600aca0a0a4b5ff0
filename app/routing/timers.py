"""Timers on the engine's clock: each fires once at its due time unless replaced or cancelled."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class TimerKind(StrEnum):
    AUTO_TRANSFER = "auto_transfer"  # the agent has not answered in time
    ABANDONED = "abandoned"  # the visitor went silent after the agent's first reply since they wrote
    QUEUE_WAIT = "queue_wait"  # waited in the queue longer than allowed
    BUSINESS_HOURS = "business_hours"  # an office opens or closes
    SKILL_RELAX = "skill_relax"  # a queued inquiry's skill requirements relax one level


TimerKey = tuple[TimerKind, str]


@dataclass(frozen=True, slots=True)
class Timer:
    due: datetime
    kind: TimerKind
    target: str
    # Of two timers due at the same instant, the one set first fires first.
    sequence: int = 0


class Timers:
    def __init__(self) -> None:
        self._heap: list[tuple[datetime, int, TimerKind, str]] = []
        self._current: dict[TimerKey, tuple[datetime, int]] = {}
        self._next_sequence = 0
        # Timers set, moved, cancelled or fired since the owner last took the list (to save them).
        self._changed: set[TimerKey] = set()

    def set(self, kind: TimerKind, target: str, due: datetime) -> None:
        """Schedule (or move) the one timer of this kind for this target."""
        self._push(Timer(due, kind, target, self._next_sequence))
        self._changed.add((kind, target))

    def restore(self, timer: Timer) -> None:
        """Schedule a saved timer at its saved due time and order (not a change to save)."""
        self._push(timer)

    def get(self, kind: TimerKind, target: str) -> Timer | None:
        found = self._current.get((kind, target))
        return None if found is None else Timer(found[0], kind, target, found[1])

    def pending(self) -> list[Timer]:
        """Every live timer, in firing order."""
        timers = (Timer(due, kind, target, sequence)
                  for (kind, target), (due, sequence) in self._current.items())
        return sorted(timers, key=lambda t: (t.due, t.sequence, t.kind, t.target))

    def cancel(self, kind: TimerKind, target: str) -> None:
        if self._current.pop((kind, target), None) is not None:
            self._changed.add((kind, target))

    def next_due(self) -> datetime | None:
        self._drop_stale()
        return self._heap[0][0] if self._heap else None

    def pop_due(self, now: datetime) -> Timer | None:
        """The earliest live timer due at or before `now`, removed; None if there is none."""
        self._drop_stale()
        if not self._heap or self._heap[0][0] > now:
            return None
        due, sequence, kind, target = heapq.heappop(self._heap)
        del self._current[(kind, target)]
        self._changed.add((kind, target))
        return Timer(due, kind, target, sequence)

    def take_changed(self) -> frozenset[TimerKey]:
        """The timers changed since the last call; `get` tells what each is now (None: gone)."""
        changed = frozenset(self._changed)
        self._changed.clear()
        return changed

    def _push(self, timer: Timer) -> None:
        self._next_sequence = max(self._next_sequence, timer.sequence + 1)
        self._current[(timer.kind, timer.target)] = (timer.due, timer.sequence)
        heapq.heappush(self._heap, (timer.due, timer.sequence, timer.kind, timer.target))

    def _drop_stale(self) -> None:
        while self._heap:
            due, sequence, kind, target = self._heap[0]
            if self._current.get((kind, target)) == (due, sequence):
                return
            heapq.heappop(self._heap)
