"""Rocket.Chat's business hours (ILivechatBusinessHour) as Omnidesk's BusinessHours.

`workHours` holds one entry per day name ("Monday"...), open or not, with `start.time` and
`finish.time` as "HH:mm" in the business hour's own `timezone.name`; the `utc` and `cron`
copies Rocket.Chat keeps beside them are ignored (derived from those). A finish at or before
the start (a day open until midnight saved as 00:00) closes at 24:00.
"""

from __future__ import annotations

import re

from app.backends.rocketchat.payloads.fields import Fields
from app.domain import BusinessHours, OpenInterval

KIND = "business hours"
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def read_business_hours(payload: object, *, endpoint: str) -> BusinessHours:
    hours = Fields(payload, kind=KIND, endpoint=endpoint)
    intervals = [interval for day in hours.objs("workHours") if (interval := _interval(day)) is not None]
    return BusinessHours(
        id=hours.text("_id"),
        name=hours.text_or("name"),
        timezone=hours.obj("timezone").text("name"),
        intervals=tuple(sorted(intervals, key=lambda i: (i.weekday, i.start_minute))),
        active=hours.flag("active", default=True),
    )


def business_hours_department_ids(payload: object, *, endpoint: str) -> tuple[str, ...]:
    """The departments the business-hours endpoints list with it (`departments`, on the fly)."""
    hours = Fields(payload, kind=KIND, endpoint=endpoint)
    return tuple(department.text("_id") for department in hours.objs("departments"))


def _interval(day: Fields) -> OpenInterval | None:
    if not day.flag("open"):
        return None
    name = day.text("day")
    if name not in _DAYS:
        raise day.error("day", f"is {name!r}, not a day of the week")
    start = _minute(day.obj("start"))
    finish = _minute(day.obj("finish"))
    return OpenInterval(_DAYS.index(name), start, finish if finish > start else 24 * 60)


def _minute(time: Fields) -> int:
    text = time.text("time")
    found = _TIME.fullmatch(text)
    if found is None:
        raise time.error("time", f"is {text!r}, not a time of day HH:mm")
    return int(found.group(1)) * 60 + int(found.group(2))
