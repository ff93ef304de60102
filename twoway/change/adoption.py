"""An initiative's adoption figures, from its stored rows through `twoway.insights.adoption`.

Per unit with rows and for the initiative as a whole ("overall" pools every row and counts from
the earliest go-live), as of a day: the latest day with data unless told. Reading costs one
query for the rows, one for the phases and one for the corrections, whatever the size; the
initiative page keeps the result in `AdoptionSnapshot` until the initiative's version moves.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from twoway.insights.adoption import (
    AdoptionMetrics,
    TargetCurve,
    adoption_metrics,
    behind_episodes,
    change_after,
    day_date,
    day_number,
    dense_counts,
    rolling_utilisation,
)

from .imports import existing_rows
from .models import Decision, Initiative
from .phases import PhasePlan
from .units import UnitTree

EFFECT_DAYS = 14  # a correction is judged by the move of utilisation this many days later


@dataclass
class UnitAdoption:
    unit_id: int | None  # None: the initiative as a whole
    path: str
    go_live: datetime.date
    metrics: AdoptionMetrics
    last_day: datetime.date | None  # the latest day with a row
    utilisation: np.ndarray = field(repr=False)  # daily, from `Adoption.first_day`
    corrections: list[int] = field(default_factory=list)  # days of corrections covering it

    def as_json(self) -> dict:
        return {
            "unit": self.path if self.unit_id is not None else None,
            "go_live": self.go_live.isoformat(),
            **self.metrics.as_dict(),
        }


@dataclass
class Adoption:
    initiative: Initiative
    as_of: datetime.date | None
    first_day: int
    target: TargetCurve
    units: list[UnitAdoption]
    overall: UnitAdoption | None
    corrections: list[Decision]

    def as_json(self) -> dict:
        """The `twoway change metrics` contract."""
        return {
            "initiative": self.initiative.key,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "units": [u.as_json() for u in self.units],
            "overall": self.overall.as_json() if self.overall else None,
        }


def target_of(initiative: Initiative) -> TargetCurve:
    return TargetCurve(initiative.target_level, initiative.target_days)


def compute_adoption(
    initiative: Initiative,
    as_of: datetime.date | None = None,
    tree: UnitTree | None = None,
    rows: pl.DataFrame | None = None,
) -> Adoption:
    """The figures as of `as_of`; `rows` (unit_id, day, eligible, adopted) saves reading them
    again when the caller has them."""
    tree = tree or UnitTree.of(initiative.organisation)
    phases = PhasePlan.of(initiative)
    corrections = list(
        initiative.decisions.filter(kind=Decision.Kind.CORRECTION).prefetch_related("units")
    )
    rows = existing_rows(initiative) if rows is None else rows
    target = target_of(initiative)
    if rows.is_empty() or not phases.phases:
        return Adoption(initiative, as_of, 0, target, [], None, corrections)
    as_of = as_of or rows["day"].max()
    go_lives = phases.go_lives(tree)
    earliest = min(p.go_live for p in phases.phases)
    first = day_number(min(rows["day"].min(), earliest))
    n_days = max(day_number(as_of), day_number(rows["day"].max())) - first + 1
    unit_ids = sorted(
        (pk for pk in rows["unit_id"].unique().to_list() if pk in go_lives),
        key=lambda pk: tree.path(pk).casefold(),
    )
    position = {pk: i for i, pk in enumerate(unit_ids)}
    rows = rows.filter(pl.col("unit_id").is_in(unit_ids))
    days = rows["day"].cast(pl.Int64).to_numpy() + datetime.date(1970, 1, 1).toordinal()
    index = rows["unit_id"].replace_strict(position, return_dtype=pl.Int64).to_numpy()
    eligible, adopted = rows["eligible"].to_numpy(), rows["adopted"].to_numpy()
    e, a = dense_counts(days, eligible, adopted, first, n_days, index, len(unit_ids))
    util = rolling_utilisation(e, a)
    last_days = _last_days(e, first)
    units = [
        _unit(
            tree,
            pk,
            go_lives[pk],
            util[i],
            first,
            as_of,
            target,
            _days_for(tree, pk, corrections),
            last_days[i],
        )
        for i, pk in enumerate(unit_ids)
    ]
    pooled = rolling_utilisation(e.sum(axis=0), a.sum(axis=0))
    every = [day_number(c.logged_on) for c in corrections]
    overall = _unit(
        tree, None, earliest, pooled, first, as_of, target, every, max(last_days, default=None)
    )
    return Adoption(initiative, as_of, first, target, units, overall, corrections)


def _last_days(e: np.ndarray, first: int) -> list[datetime.date | None]:
    has = e > 0
    last = np.where(has.any(axis=1), e.shape[1] - 1 - np.argmax(has[:, ::-1], axis=1), -1)
    return [day_date(first + int(i)) if i >= 0 else None for i in last]


def _days_for(tree: UnitTree, unit_id: int, corrections: list[Decision]) -> list[int]:
    """Days of the corrections that cover a unit: all-initiative ones and those naming it or
    a unit above it."""
    above = set(tree.ancestors(unit_id))
    return [
        day_number(c.logged_on)
        for c in corrections
        if not c.units.all() or above & {u.pk for u in c.units.all()}
    ]


def _unit(
    tree, unit_id, go_live, util, first, as_of, target, corrections, last_day
) -> UnitAdoption:
    metrics = adoption_metrics(
        util, first, day_number(go_live), day_number(as_of), target, corrections
    )
    path = tree.path(unit_id) if unit_id is not None else ""
    return UnitAdoption(unit_id, path, go_live, metrics, last_day, util, sorted(corrections))


# --- Evidence for the scorecard ---------------------------------------------------------------


@dataclass(frozen=True)
class AdoptionEvidence:
    units_fresh: float | None
    units_on_target: float | None
    episodes: int
    episodes_corrected: int
    corrections_judged: int
    corrections_that_moved: int


def adoption_evidence(adoption: Adoption, today: datetime.date) -> AdoptionEvidence:
    """Fresh data, units on target, and the behind episodes with their corrections."""
    live = [u for u in adoption.units if u.go_live <= today]
    fresh = [u for u in live if u.last_day and (today - u.last_day).days <= 7]
    judged = [u for u in live if u.metrics.utilisation is not None]
    on_target = [u for u in judged if u.metrics.behind_target_days == 0]
    episodes = corrected = moved = assessed = 0
    if adoption.as_of is not None:
        for unit in adoption.units:
            unit_eps = behind_episodes(
                unit.utilisation,
                adoption.first_day,
                day_number(unit.go_live),
                day_number(adoption.as_of),
                adoption.target,
            )
            for episode in unit_eps:
                episodes += 1
                fix = next(
                    (d for d in unit.corrections if episode.start <= d <= episode.end + 1), None
                )
                if fix is None:
                    continue
                corrected += 1
                effect = change_after(unit.utilisation, adoption.first_day, fix, EFFECT_DAYS)
                if effect is not None:
                    assessed += 1
                    moved += effect > 0
    return AdoptionEvidence(
        len(fresh) / len(live) if live else None,
        len(on_target) / len(judged) if judged else None,
        episodes,
        corrected,
        assessed,
        moved,
    )
