from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain import BusinessHours, OpenInterval

BERLIN_WEEKDAYS = BusinessHours(
    "bh", "Berlin office", "Europe/Berlin", tuple(OpenInterval(d, 8 * 60, 18 * 60) for d in range(5))
)


@pytest.mark.parametrize(("utc", "expected"), [
    (datetime(2026, 7, 1, 5, 59, tzinfo=UTC), False),   # 07:59 CEST
    (datetime(2026, 7, 1, 6, 0, tzinfo=UTC), True),     # 08:00 CEST
    (datetime(2026, 1, 7, 6, 59, tzinfo=UTC), False),   # 07:59 CET: the same rule in winter
    (datetime(2026, 1, 7, 7, 0, tzinfo=UTC), True),
    (datetime(2026, 1, 7, 16, 59, tzinfo=UTC), True),   # 17:59 CET
    (datetime(2026, 1, 7, 17, 0, tzinfo=UTC), False),   # 18:00 CET closes
    (datetime(2026, 1, 10, 12, 0, tzinfo=UTC), False),  # Saturday
])
def test_open_follows_local_time_across_daylight_saving(utc: datetime, expected: bool) -> None:
    assert BERLIN_WEEKDAYS.is_open(utc) is expected


def test_inactive_hours_are_always_open() -> None:
    closed_rule = BusinessHours("x", "x", "UTC", (), active=False)
    assert closed_rule.is_open(datetime(2026, 1, 10, 3, 0, tzinfo=UTC))


def test_bad_intervals_and_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="start < end"):
        OpenInterval(0, 600, 500)
    with pytest.raises(ValueError, match="weekday"):
        OpenInterval(7, 0, 60)
    with pytest.raises(ValueError, match="aware"):
        BERLIN_WEEKDAYS.is_open(datetime(2026, 1, 7, 12, 0))


def test_next_change_finds_the_next_opening_and_closing() -> None:
    friday_evening = datetime(2026, 1, 9, 16, 30, tzinfo=UTC)  # 17:30 CET, open
    closes = BERLIN_WEEKDAYS.next_change(friday_evening)
    assert closes == datetime(2026, 1, 9, 17, 0, tzinfo=UTC)
    opens = BERLIN_WEEKDAYS.next_change(closes)
    assert opens == datetime(2026, 1, 12, 7, 0, tzinfo=UTC)  # Monday 08:00 CET
    always = BusinessHours("a", "a", "UTC", tuple(OpenInterval(d, 0, 1440) for d in range(7)))
    assert always.next_change(friday_evening) is None
