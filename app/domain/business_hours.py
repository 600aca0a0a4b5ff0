"""Business hours: when service is open, in the organisation's own timezone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta


@dataclass(frozen=True, slots=True)
class OpenInterval:
    """Open from `start` to `end` on `weekday` (Monday=0), local time; `end` may be 24:00."""

    weekday: int
    start_minute: int
    end_minute: int

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6, got {self.weekday}")
        if not 0 <= self.start_minute < self.end_minute <= 24 * 60:
            raise ValueError(
                f"an open interval needs 00:00 <= start < end <= 24:00, "
                f"got {self.start_minute} to {self.end_minute} minutes"
            )

    @property
    def start(self) -> time:
        return time(self.start_minute // 60, self.start_minute % 60)


@dataclass(frozen=True, slots=True)
class BusinessHours:
    id: str
    name: str
    timezone: str
    intervals: tuple[OpenInterval, ...]
    active: bool = True

    def is_open(self, at: datetime) -> bool:
        """Whether service is open at the aware instant `at` (DST handled by zoneinfo)."""
        if at.tzinfo is None:
            raise ValueError("business hours need an aware datetime")
        if not self.active:
            return True
        from zoneinfo import ZoneInfo  # noqa: PLC0415  (loaded on first use: it slows start-up)

        local = at.astimezone(ZoneInfo(self.timezone))
        minute = local.hour * 60 + local.minute
        return any(
            interval.weekday == local.weekday()
            and interval.start_minute <= minute < interval.end_minute
            for interval in self.intervals
        )

    def next_change(self, after: datetime) -> datetime | None:
        """The first instant after `after` when service opens or closes; None if it never does."""
        if not self.active or not self.intervals:
            return None
        from zoneinfo import ZoneInfo  # noqa: PLC0415

        zone = ZoneInfo(self.timezone)
        local = after.astimezone(zone)
        boundaries: list[datetime] = []
        for offset in range(8):
            day = (local + timedelta(days=offset)).date()
            midnight = datetime.combine(day, time(0), tzinfo=zone)
            for interval in self.intervals:
                if interval.weekday == day.weekday():
                    for minute in (interval.start_minute, interval.end_minute):
                        boundaries.append(midnight + timedelta(minutes=minute))
        now_open = self.is_open(after)
        for boundary in sorted(b for b in boundaries if b > after):
            if self.is_open(boundary) != now_open:
                return boundary.astimezone(UTC)
        return None
