"""The pulse's "the pace of change right now is manageable" beside the change load: a team's
latest index (0-100) of that item, as the pulse's own trend shows it (hidden under k, and only
from windows the trend may show)."""

from __future__ import annotations

from dataclasses import dataclass

from twoway.followups.huddle import latest_schedule
from twoway.org.models import Unit
from twoway.pulse.trends import unit_trend

PACE_ITEM = "pace-manageable-now"


@dataclass(frozen=True)
class Pace:
    index: float | None  # None: hidden, not asked or no pulse
    wave: int | None
    hidden: bool


def latest_pace(unit: Unit) -> Pace:
    schedule = latest_schedule(unit)
    if schedule is None:
        return Pace(None, None, False)
    trend = unit_trend(schedule, unit)
    position = next((i for i, item in enumerate(trend.items) if item["code"] == PACE_ITEM), None)
    if position is None:
        return Pace(None, None, False)
    for row in reversed(trend.rows):
        cell = row.items[position]
        if cell.asked:
            return Pace(cell.value, row.wave.number, cell.value is None)
    return Pace(None, None, False)
