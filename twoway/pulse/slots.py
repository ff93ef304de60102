"""When a schedule's waves happen: slots in the organisation's time zone.

Slots are computed in the organisation's time zone from local dates, so a weekly pulse at
09:00 stays at 09:00 across daylight-saving changes. A wave's number is its slot's index
(1 for the first slot): a tick that was down for a while skips the slots it missed, and the
items keep their rhythm because `items_for_wave` reads the number.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from .models import Cadence, PulseSchedule

STEP_DAYS = {Cadence.WEEKLY: 7, Cadence.FORTNIGHTLY: 14}


def _zone(schedule: PulseSchedule) -> ZoneInfo:
    try:
        return ZoneInfo(schedule.organisation.time_zone or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _first_weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _first_weekday_of_month(year: int, month: int, weekday: int) -> datetime.date:
    return _first_weekday_on_or_after(datetime.date(year, month, 1), weekday)


def slot_date(schedule: PulseSchedule, number: int) -> datetime.date:
    """The local day of wave `number` (from 1)."""
    if number < 1:
        raise ValueError("waves count from 1")
    if schedule.cadence == Cadence.MONTHLY:
        start = schedule.starts_on
        first = _first_weekday_of_month(start.year, start.month, schedule.weekday)
        offset = 0 if first >= start else 1
        months = start.year * 12 + start.month - 1 + offset + number - 1
        return _first_weekday_of_month(months // 12, months % 12 + 1, schedule.weekday)
    first = _first_weekday_on_or_after(schedule.starts_on, schedule.weekday)
    return first + datetime.timedelta(days=STEP_DAYS[schedule.cadence] * (number - 1))


def slot_start(schedule: PulseSchedule, number: int) -> datetime.datetime:
    """When wave `number` opens, an aware datetime."""
    day = slot_date(schedule, number)
    return datetime.datetime.combine(day, datetime.time(schedule.hour), tzinfo=_zone(schedule))


def current_slot(schedule: PulseSchedule, now: datetime.datetime) -> int:
    """The number of the latest slot that has started by `now` (0 before the first)."""
    if now < slot_start(schedule, 1):
        return 0
    local = now.astimezone(_zone(schedule)).date()
    if schedule.cadence == Cadence.MONTHLY:
        start = slot_date(schedule, 1)
        guess = max(1, (local.year - start.year) * 12 + local.month - start.month + 1)
    else:
        days = (local - slot_date(schedule, 1)).days
        guess = max(1, days // STEP_DAYS[schedule.cadence] + 1)
    while guess > 1 and slot_start(schedule, guess) > now:
        guess -= 1
    while slot_start(schedule, guess + 1) <= now:
        guess += 1
    return guess


def due_wave_number(schedule: PulseSchedule, now: datetime.datetime) -> int | None:
    """The wave that should be open now, if it is still within its open days."""
    number = current_slot(schedule, now)
    if number == 0:
        return None
    closes = slot_start(schedule, number) + datetime.timedelta(days=schedule.open_days)
    return number if now < closes else None
