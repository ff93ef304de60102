"""The manager home ("My team"): what changed since the last wave, for one unit."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from twoway.org.access import Scope
from twoway.org.models import Unit

from .models import PulseSchedule
from .trends import Cell, unit_trend


@dataclass
class Change:
    """A figure at the latest closed wave and its move since the wave before (None: hidden)."""

    now: float | None
    before: float | None

    @property
    def delta(self) -> float | None:
        if self.now is None or self.before is None:
            return None
        return self.now - self.before


@dataclass
class Since:
    schedule: PulseSchedule
    wave_number: int | None
    overall: Change
    enps: Change
    k: int


def since_last_wave(schedule: PulseSchedule, unit: Unit) -> Since:
    """Overall index and eNPS at the last closed wave against the one before, from trends.

    Both figures are on the trend page already (each shown only for k or more people), so
    their difference reveals nothing new.
    """
    trend = unit_trend(schedule, unit, get_language() or "en")
    rows = trend.rows
    if not rows:
        return Since(schedule, None, Change(None, None), Change(None, None), trend.k)
    last = rows[-1]
    prev = rows[-2] if len(rows) > 1 else None

    def value(cell: Cell | None) -> float | None:
        return cell.value if cell is not None else None

    return Since(
        schedule,
        last.wave.number,
        Change(value(last.overall), value(prev.overall if prev else None)),
        Change(value(last.enps), value(prev.enps if prev else None)),
        trend.k,
    )


def home_unit(scope: Scope) -> Unit | None:
    """The user's own unit; for an admin without one, the top of the organisation."""
    if scope.person is not None and scope.covers_unit(scope.person.unit):
        return scope.person.unit
    return scope.units().order_by("path").first()
