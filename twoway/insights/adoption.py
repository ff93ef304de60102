"""Adoption of a change from unit-level daily counts: utilisation, days to 80 %, sustainment,
the target curve, the behind-target run and the adapt alert (docs/method-change.md).

Vocabulary shared by every function here:
- a *day* is a whole number, `date.toordinal()`, so the maths needs no calendar;
- a series is dense over a range of days starting at `first_day`: `eligible[..., i]` and
  `adopted[..., i]` are the counts of day `first_day + i`, zero where the file had no row;
  leading axes are units, so one call covers a whole initiative;
- day t of a unit counts from its go-live (day 0); days before go-live have no target.

The figures are defined exactly (the CLI contract of issue 9, docs/method-change.md):
- utilisation on a day = sum(adopted) / sum(eligible) over the 7 days ending that day, or
  None when those days hold no eligible count;
- `t80_days` = the first t >= 0, up to the as-of day, whose utilisation reaches 0.80;
- sustainment = utilisation on day 90 / utilisation on day 30; None before day 90, when
  either is None, or when the day-30 figure is 0;
- the target on day t is level x min(1, t / days) for t >= 0;
- a day is behind when its utilisation is below the target minus 0.10 (a day without a
  utilisation is not behind: no data is a freshness problem, not a verdict);
- `behind_target_days` is the run of behind days ending on the as-of day;
- `alert` is true when that run is 7 days or more and no correction was logged since the run
  began (on or after its first day, up to the as-of day).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

WINDOW_DAYS = 7
T80_LEVEL = 0.80
SUSTAIN_EARLY_DAY = 30
SUSTAIN_LATE_DAY = 90
BEHIND_MARGIN = 0.10
ALERT_RUN_DAYS = 7
DEFAULT_TARGET_LEVEL = 0.80
DEFAULT_TARGET_DAYS = 30
# Ratios of whole numbers compared with decimal thresholds (0.7 = 0.8 - 0.1 is not exact in
# binary): a figure within this of a threshold counts as on it.
TOLERANCE = 1e-9


def day_number(day: datetime.date) -> int:
    return day.toordinal()


def day_date(number: int) -> datetime.date:
    return datetime.date.fromordinal(int(number))


@dataclass(frozen=True)
class TargetCurve:
    """The adoption an initiative aims for: linear from 0 at go-live to `level` on day `days`,
    then flat."""

    level: float = DEFAULT_TARGET_LEVEL
    days: int = DEFAULT_TARGET_DAYS

    def __post_init__(self) -> None:
        if not 0 < self.level <= 1:
            raise ValueError(f"the target level must be above 0 and at most 1, not {self.level}")
        if int(self.days) != self.days or self.days < 1:
            raise ValueError(f"the target days must be a whole number from 1, not {self.days}")

    def at(self, t: npt.ArrayLike) -> FloatArray:
        """The target on days t (counted from go-live); NaN before go-live."""
        t = np.asarray(t, dtype=np.float64)
        return np.where(t >= 0, self.level * np.minimum(1.0, t / self.days), np.nan)


def dense_counts(
    days: npt.ArrayLike,
    eligible: npt.ArrayLike,
    adopted: npt.ArrayLike,
    first_day: int,
    n_days: int,
    units: npt.ArrayLike | None = None,
    n_units: int = 1,
) -> tuple[IntArray, IntArray]:
    """Rows (day, eligible, adopted[, unit index]) as dense arrays (units, n_days).

    Days outside [first_day, first_day + n_days) are left out; rows of one unit and day add up
    (the callers have refused duplicates before).
    """
    day = np.asarray(days, dtype=np.int64) - first_day
    unit = np.zeros_like(day) if units is None else np.asarray(units, dtype=np.int64)
    keep = (day >= 0) & (day < n_days)
    e = np.zeros((n_units, n_days), dtype=np.int64)
    a = np.zeros((n_units, n_days), dtype=np.int64)
    np.add.at(e, (unit[keep], day[keep]), np.asarray(eligible, dtype=np.int64)[keep])
    np.add.at(a, (unit[keep], day[keep]), np.asarray(adopted, dtype=np.int64)[keep])
    return e, a


def rolling_utilisation(
    eligible: npt.ArrayLike, adopted: npt.ArrayLike, window: int = WINDOW_DAYS
) -> FloatArray:
    """Utilisation on every day: adopted / eligible summed over the `window` days ending that
    day (last axis = days); NaN where those days hold no eligible count."""
    e = np.asarray(eligible, dtype=np.int64)
    a = np.asarray(adopted, dtype=np.int64)
    e_sum = _trailing_sum(e, window)
    a_sum = _trailing_sum(a, window)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(e_sum > 0, a_sum / np.where(e_sum > 0, e_sum, 1), np.nan)


def _trailing_sum(x: IntArray, window: int) -> IntArray:
    pad = [(0, 0)] * (x.ndim - 1) + [(1, 0)]
    running = np.pad(np.cumsum(x, axis=-1), pad)
    n = x.shape[-1]
    ends = np.arange(1, n + 1)
    starts = np.maximum(ends - window, 0)
    return np.take(running, ends, axis=-1) - np.take(running, starts, axis=-1)


@dataclass(frozen=True)
class AdoptionMetrics:
    """A unit's (or the initiative's) adoption as of one day; the CLI's JSON keys."""

    utilisation: float | None
    t80_days: int | None
    sustainment: float | None
    behind_target_days: int
    alert: bool
    behind_since: int | None = None  # first day of the behind run, when there is one

    def as_dict(self) -> dict[str, float | int | bool | None]:
        return {
            "utilisation": self.utilisation,
            "t80_days": self.t80_days,
            "sustainment": self.sustainment,
            "behind_target_days": self.behind_target_days,
            "alert": self.alert,
        }


def value_on(utilisation: FloatArray, first_day: int, day: int) -> float | None:
    """The utilisation of one day of a 1-D series; None outside it or without data."""
    i = day - first_day
    if i < 0 or i >= utilisation.shape[-1]:
        return None
    value = float(utilisation[i])
    return None if np.isnan(value) else value


def behind_days(
    utilisation: FloatArray, first_day: int, go_live: int, target: TargetCurve
) -> npt.NDArray[np.bool_]:
    """Which days of the series are behind the target (utilisation < target - 0.10)."""
    t = np.arange(utilisation.shape[-1]) + (first_day - go_live)
    goal = target.at(t) - BEHIND_MARGIN
    with np.errstate(invalid="ignore"):
        return (t >= 0) & ~np.isnan(utilisation) & (utilisation < goal - TOLERANCE)


def behind_run(behind: npt.NDArray[np.bool_], first_day: int, as_of: int) -> tuple[int, int | None]:
    """The length of the run of behind days ending on `as_of`, and its first day."""
    end = as_of - first_day
    if end < 0 or end >= behind.shape[-1] or not behind[end]:
        return 0, None
    before = np.flatnonzero(~behind[: end + 1])
    start = int(before[-1]) + 1 if before.size else 0
    return end - start + 1, first_day + start


def adoption_metrics(
    utilisation: FloatArray,
    first_day: int,
    go_live: int,
    as_of: int,
    target: TargetCurve | None = None,
    corrections: Iterable[int] = (),
) -> AdoptionMetrics:
    """Every figure of one 1-D utilisation series as of day `as_of`.

    `corrections` are the days on which a course correction covering this unit was logged.
    """
    target = target or TargetCurve()
    run, since = behind_run(behind_days(utilisation, first_day, go_live, target), first_day, as_of)
    corrected = since is not None and any(since <= day <= as_of for day in corrections)
    return AdoptionMetrics(
        utilisation=value_on(utilisation, first_day, as_of),
        t80_days=t80_days(utilisation, first_day, go_live, as_of),
        sustainment=sustainment(utilisation, first_day, go_live, as_of),
        behind_target_days=run,
        alert=run >= ALERT_RUN_DAYS and not corrected,
        behind_since=since,
    )


def t80_days(utilisation: FloatArray, first_day: int, go_live: int, as_of: int) -> int | None:
    """The first day t >= 0 (up to `as_of`) whose utilisation reaches 0.80, or None."""
    lo = max(go_live, first_day) - first_day
    hi = min(as_of, first_day + utilisation.shape[-1] - 1) - first_day
    if hi < lo:
        return None
    with np.errstate(invalid="ignore"):
        reached = np.flatnonzero(utilisation[lo : hi + 1] >= T80_LEVEL - TOLERANCE)
    return int(first_day + lo + reached[0] - go_live) if reached.size else None


def sustainment(utilisation: FloatArray, first_day: int, go_live: int, as_of: int) -> float | None:
    """Utilisation on day 90 over day 30: None before day 90, without either, or at 0 on 30."""
    if as_of - go_live < SUSTAIN_LATE_DAY:
        return None
    early = value_on(utilisation, first_day, go_live + SUSTAIN_EARLY_DAY)
    late = value_on(utilisation, first_day, go_live + SUSTAIN_LATE_DAY)
    if early is None or late is None or early == 0:
        return None
    return late / early


@dataclass(frozen=True)
class BehindEpisode:
    """A run of 7 or more behind days: when it began, when it alerted, when it ended."""

    start: int
    alerted: int
    end: int  # the last behind day (the as-of day while it goes on)
    ongoing: bool


def behind_episodes(
    utilisation: FloatArray, first_day: int, go_live: int, as_of: int, target: TargetCurve
) -> list[BehindEpisode]:
    """Every run of at least 7 behind days up to `as_of`, oldest first."""
    behind = behind_days(utilisation, first_day, go_live, target)
    end = min(as_of - first_day, behind.shape[-1] - 1)
    if end < 0:
        return []
    flags = np.concatenate([[False], behind[: end + 1], [False]]).astype(np.int8)
    edges = np.diff(flags)
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [
        BehindEpisode(
            start=first_day + int(s),
            alerted=first_day + int(s) + ALERT_RUN_DAYS - 1,
            end=first_day + int(e) - 1,
            ongoing=int(e) - 1 == end,
        )
        for s, e in zip(starts, stops, strict=True)
        if e - s >= ALERT_RUN_DAYS
    ]


def change_after(
    utilisation: FloatArray, first_day: int, day: int, after_days: int = 14
) -> float | None:
    """How much utilisation moved from `day` to `after_days` later (None without both)."""
    before = value_on(utilisation, first_day, day)
    later = value_on(utilisation, first_day, day + after_days)
    if before is None or later is None:
        return None
    return later - before
