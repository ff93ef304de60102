"""Change load: how much change each team carries each ISO week (docs/method-change.md).

A team's load in a week is the sum, over the initiatives with a phase active for the team that
week, of that initiative's impact weight (low 1, medium 5, high 10 by default). A phase is
active from its start to its sustain-until day, both included; it covers a week when the two
overlap on at least one day (weeks run Monday to Sunday). An initiative counts once per team
and week, with the highest weight of its phases covering that team that week.

Teams are given by index: the caller resolves "a unit's teams are impacted with it".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IMPACT_WEIGHTS: Mapping[str, float] = {"low": 1.0, "medium": 5.0, "high": 10.0}
DEFAULT_CAPACITY = 15.0


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def iso_week(monday: datetime.date) -> str:
    """ "2027-W03": the ISO year and week of a day (the ISO year may differ from the date's)."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class PhaseSpan:
    """One rollout phase as the load sees it: whose, which teams, when, how heavy."""

    initiative: str
    teams: Sequence[int]
    start: datetime.date
    end: datetime.date  # sustain-until, included
    weight: float

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"{self.initiative}: a phase cannot end before it starts")
        if self.weight < 0:
            raise ValueError(f"{self.initiative}: a weight cannot be negative")


@dataclass
class LoadMap:
    """Teams x weeks: the load, and which initiatives make it up."""

    teams: list[str]
    weeks: list[datetime.date]  # Mondays
    initiatives: list[str]
    load: npt.NDArray[np.float64]  # (teams, weeks)
    weight: npt.NDArray[np.float64]  # (initiatives, teams, weeks): 0 where not active
    active: npt.NDArray[np.bool_]  # (initiatives, teams, weeks)

    def keys(self, team: int, week: int) -> list[str]:
        return [self.initiatives[i] for i in np.flatnonzero(self.active[:, team, week])]

    def keys_by_cell(self) -> list[list[list[str]]]:
        """The initiative keys of every cell, [team][week], in one pass over the active cells."""
        cells: list[list[list[str]]] = [[[] for _ in self.weeks] for _ in self.teams]
        i, t, w = np.nonzero(self.active)
        order = np.lexsort((i, w, t))
        names = self.initiatives
        for ii, tt, ww in zip(i[order].tolist(), t[order].tolist(), w[order].tolist(), strict=True):
            cells[tt][ww].append(names[ii])
        return cells

    def rows(self) -> Iterator[dict]:
        """One record per team and week: unit, week, load and initiatives (the CLI contract)."""
        labels = [iso_week(m) for m in self.weeks]
        keys = self.keys_by_cell()
        load = self.load.tolist()
        for t, team in enumerate(self.teams):
            for w, label in enumerate(labels):
                yield {
                    "unit": team,
                    "week": label,
                    "load": _plain(load[t][w]),
                    "initiatives": keys[t][w],
                }

    def over_capacity(self, capacity: float) -> list[tuple[int, int]]:
        """(team, week) cells whose load exceeds `capacity`."""
        t, w = np.nonzero(self.load > capacity)
        return list(zip(t.tolist(), w.tolist(), strict=True))


def _plain(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(float(x), 4)


def change_load(
    phases: Sequence[PhaseSpan], teams: Sequence[str], first_week: datetime.date, weeks: int
) -> LoadMap:
    """The load of every team over `weeks` ISO weeks from the week holding `first_week`."""
    if weeks < 1:
        raise ValueError(f"weeks must be a whole number from 1, not {weeks}")
    monday = monday_of(first_week)
    mondays = [monday + datetime.timedelta(weeks=w) for w in range(weeks)]
    names = sorted({p.initiative for p in phases})
    position = {name: i for i, name in enumerate(names)}
    weight = np.zeros((len(names), len(teams), weeks), dtype=np.float64)
    active = np.zeros(weight.shape, dtype=np.bool_)
    for phase in phases:
        first, last = _week_span(phase, monday, weeks)
        if first > last or not len(phase.teams):
            continue
        i = position[phase.initiative]
        rows = np.asarray(phase.teams, dtype=np.int64)[:, None]
        cols = np.arange(first, last + 1)[None, :]
        weight[i, rows, cols] = np.maximum(weight[i, rows, cols], phase.weight)
        active[i, rows, cols] = True
    return LoadMap(list(teams), mondays, names, weight.sum(axis=0), weight, active)


def _week_span(phase: PhaseSpan, monday: datetime.date, weeks: int) -> tuple[int, int]:
    """The first and last week index (clipped to the map) that the phase overlaps."""
    first = (monday_of(phase.start) - monday).days // 7
    last = (monday_of(phase.end) - monday).days // 7
    return max(first, 0), min(last, weeks - 1)


def added_overload(
    before: LoadMap, after: LoadMap, initiative: str, capacity: float
) -> list[tuple[int, int, float]]:
    """Cells over capacity once `initiative`'s new phase is in, where it adds to the load:
    (team, week, load with the phase). `before` and `after` share teams and weeks."""
    if initiative not in after.initiatives:
        return []
    more = after.load > before.load + 1e-9
    over = after.load > capacity
    t, w = np.nonzero(more & over)
    return [(int(a), int(b), float(after.load[a, b])) for a, b in zip(t, w, strict=True)]
