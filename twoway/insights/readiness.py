"""Readiness for a change (ADKAR) from answer counts: per unit, the mean of each element, the
barrier point and the leader-versus-frontline gap (docs/method-change.md).

ADKAR (Hiatt, *ADKAR: a model for change in business, government and our community*, Prosci
2006) orders five elements: awareness, desire, knowledge, ability, reinforcement, each rated
1-5. A person cannot get past the first element that is weak; Prosci calls the first element
rated 3 or lower the *barrier point*. Figures and gaps come from `results.gap_results`, so
they keep the diagnostic's suppression (k, no subtraction, leaders aggregated upward).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from twoway.insights.results import gap_results

ELEMENTS: tuple[str, ...] = ("awareness", "desire", "knowledge", "ability", "reinforcement")
BARRIER_AT = 3.0
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Barrier:
    """The first element at or below 3 among those shown, and whether an element before it
    is hidden (then a hidden one may be the real barrier)."""

    element: str | None
    uncertain: bool


def barrier_point(means: Mapping[str, float | None]) -> Barrier:
    """The barrier point of one unit, from its frontline mean per element (None: hidden)."""
    hidden_before = False
    for element in ELEMENTS:
        mean = means.get(element)
        if mean is None:
            hidden_before = True
            continue
        if mean <= BARRIER_AT + TOLERANCE:
            return Barrier(element, hidden_before)
    return Barrier(None, hidden_before)


@dataclass
class UnitReadiness:
    unit: str
    frontline: dict[str, float | None] = field(default_factory=dict)  # element -> mean
    leaders: dict[str, float | None] = field(default_factory=dict)
    n: dict[str, int | None] = field(default_factory=dict)  # frontline respondents
    gaps: dict[str, dict[str, Any] | None] = field(default_factory=dict)

    @property
    def barrier(self) -> Barrier:
        return barrier_point(self.frontline)


def readiness_by_unit(counts: pl.DataFrame, k: int) -> dict[str, UnitReadiness]:
    """Per unit path: element means (frontline and leaders), frontline n, and gaps.

    `counts` is the table `gap_results` reads (unit, lens, item, value, count) with items
    named by element. Hidden cells give None; the leaders' figure of a unit is the one its
    gap compares with (the nearest level above with enough leaders).
    """
    if counts.is_empty():
        return {}
    records = gap_results(counts, k)
    leaders = {
        (r["unit"], r["item"]): r["mean"]
        for r in records
        if r["lens"] == "leader" and not r["suppressed"]
    }
    out: dict[str, UnitReadiness] = {}
    for r in records:
        if r["lens"] != "frontline" or r["item"] not in ELEMENTS:
            continue
        unit = out.setdefault(r["unit"], UnitReadiness(r["unit"]))
        element = r["item"]
        shown = not r["suppressed"]
        unit.frontline[element] = r["mean"] if shown else None
        unit.n[element] = r["n"] if shown else None
        gap = r.get("gap") if shown else None
        unit.gaps[element] = gap
        unit.leaders[element] = leaders.get((gap["leader_unit"], element)) if gap else None
    return out
