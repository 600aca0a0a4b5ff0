"""The waiting queue: one ordered line per department (and one public line)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sortedcontainers import SortedList

from app.routing.pools import PUBLIC
from app.routing.settings import QueueOrder
from app.routing.state import QueuedInquiry

_LAST = float("inf")

OrderKey = tuple[float, ...]


def order_key(order: QueueOrder, inquiry: QueuedInquiry) -> OrderKey:
    """Rocket.Chat's Omnichannel_sorting_mechanism, with arrival order breaking ties.

    SLA is Rocket.Chat's getOmniChatSortQuery (apps/meteor/app/livechat/lib/inquiries.ts):
    `{estimatedWaitingTimeQueue: 1, ts: 1}`, the SLA's length in minutes (9,999,999 without
    one), so a 15-minute SLA goes before a 30-minute one that arrived earlier and is due
    sooner. SLA_DUE, Omnidesk's, orders by the instant each SLA falls due."""
    arrived = inquiry.queued_at.timestamp()
    if order is QueueOrder.PRIORITY:
        return (float(inquiry.priority), arrived, float(inquiry.sequence))
    if order is QueueOrder.SLA:
        length = inquiry.sla_length_s
        return (_LAST if length is None else length, arrived, float(inquiry.sequence))
    if order is QueueOrder.SLA_DUE:
        due = inquiry.sla_due_at.timestamp() if inquiry.sla_due_at else _LAST
        return (due, arrived, float(inquiry.sequence))
    return (arrived, float(inquiry.sequence))


class WaitingQueue:
    def __init__(self, order: QueueOrder) -> None:
        self._order = order
        self._lines: dict[str, SortedList] = {}
        self._waiting: dict[str, tuple[QueuedInquiry, OrderKey]] = {}

    def __len__(self) -> int:
        return len(self._waiting)

    def __contains__(self, inquiry_id: object) -> bool:
        return inquiry_id in self._waiting

    def get(self, inquiry_id: str) -> QueuedInquiry | None:
        found = self._waiting.get(inquiry_id)
        return None if found is None else found[0]

    def add(self, inquiry: QueuedInquiry) -> None:
        key = order_key(self._order, inquiry)
        self._waiting[inquiry.id] = (inquiry, key)
        self._lines.setdefault(inquiry.department or PUBLIC, SortedList()).add((key, inquiry.id))

    def remove(self, inquiry_id: str) -> QueuedInquiry:
        inquiry, key = self._waiting.pop(inquiry_id)
        line = self._lines[inquiry.department or PUBLIC]
        line.remove((key, inquiry_id))
        return inquiry

    def lines(self) -> Iterator[str]:
        """Pools (department ids, or PUBLIC) that have someone waiting."""
        return (pool for pool, line in self._lines.items() if line)

    def line(self, pool: str) -> Iterator[QueuedInquiry]:
        for _key, inquiry_id in self._lines.get(pool, ()):
            yield self._waiting[inquiry_id][0]

    def head_key(self, pool: str) -> OrderKey | None:
        line = self._lines.get(pool)
        return line[0][0] if line else None

    def key_of(self, inquiry_id: str) -> OrderKey:
        return self._waiting[inquiry_id][1]

    def position(self, inquiry_id: str) -> int:
        """1-based place in its department's line."""
        inquiry, key = self._waiting[inquiry_id]
        return int(self._lines[inquiry.department or PUBLIC].index((key, inquiry_id))) + 1

    def in_order(self) -> list[QueuedInquiry]:
        """Everyone waiting, across lines, in the queue's order."""
        return [inquiry for inquiry, _key in sorted(self._waiting.values(), key=lambda v: v[1])]

    def oldest_first(self) -> Iterator[QueuedInquiry]:
        return iter(sorted((i for i, _k in self._waiting.values()), key=_arrival))


def _arrival(inquiry: QueuedInquiry) -> tuple[datetime, int]:
    return inquiry.queued_at, inquiry.sequence
