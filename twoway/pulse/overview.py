"""The latest closed wave for many units at once: the pulse's tree, the manager dashboard, the
report e-mail.

Every figure is the same as the unit's trend page shows for that wave (`trends.unit_trend`): the
index of the released counts of `snapshots.py`, its change against the unit's own trailing
baseline of shown waves, and the released respondents. Nothing is computed from raw answers, so
nothing here is new to a reader who could open each unit's trend page (docs/privacy.md, 5).

Queries stay constant in the number of units: closed waves, stored waves, respondents, and the
released counts of the window's waves for the units asked about.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from twoway.insights.pulse import (
    DEFAULT_BASELINE_WAVES,
    enps_from_counts,
    overall_index,
    trend_from_counts,
)
from twoway.org.models import Unit

from .bank import due_codes
from .models import PulseSchedule, PulseUnitSnapshot, PulseWave
from .snapshots import ensure_snapshots, people_matrix
from .trends import AGREE, ENPS_CODE, closed_waves, rated_items


@dataclass
class ItemScore:
    code: str
    text: dict  # language -> wording
    index: float | None  # None: hidden, or not asked in the wave
    change: float | None
    asked: bool


@dataclass
class UnitScore:
    unit: Unit
    overall: float | None  # None: hidden
    change: float | None
    respondents: int | None
    invited: int
    participation: float | None
    enps: float | None = None  # at the latest wave that asked it (see enps_wave)
    enps_wave: int | None = None
    items: list[ItemScore] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.overall is not None


@dataclass
class Overview:
    schedule: PulseSchedule
    wave: PulseWave | None
    k: int
    scores: list[UnitScore]

    def by_unit(self) -> dict[int, UnitScore]:
        return {s.unit.pk: s for s in self.scores}


def _finite(x) -> float | None:
    return None if x is None or not math.isfinite(float(x)) else float(x)


def latest_overview(schedule: PulseSchedule, units: list[Unit]) -> Overview:
    """Each unit's figures at the schedule's latest closed wave (hidden where the wave's
    release hides them)."""
    k = schedule.k
    waves = closed_waves(schedule)[-(DEFAULT_BASELINE_WAVES + 1) :]
    if not waves or not units:
        return Overview(schedule, waves[-1] if waves else None, k, [])
    ensure_snapshots(waves, schedule.organisation_id)
    ids = [u.pk for u in units]
    respondents, invited = people_matrix(waves, ids)
    items = rated_items()
    agree, enps = _window_counts(waves, ids, items)
    reverse = np.array([i["reverse"] for i in items], dtype=bool)
    trend = trend_from_counts(agree, AGREE, k, reverse=reverse)
    last = len(waves) - 1
    overall = overall_index(trend["index"][:, :, last], axis=-1)
    overall_change = overall_index(trend["change"][:, :, last], axis=-1)
    asked = set(due_codes(waves[-1].number))
    enps_value, enps_wave = _latest_enps(waves, enps, k)
    scores = []
    for r, unit in enumerate(units):
        shown_people = respondents[r, last] >= 0
        scores.append(
            UnitScore(
                unit=unit,
                overall=_finite(overall[r]),
                change=_finite(overall_change[r]),
                respondents=int(respondents[r, last]) if shown_people else None,
                invited=int(invited[r, last]),
                participation=(
                    float(respondents[r, last] / invited[r, last])
                    if shown_people and invited[r, last] >= k
                    else None
                ),
                enps=enps_value[r],
                enps_wave=enps_wave[r],
                items=[
                    ItemScore(
                        item["code"],
                        item["frontline"],
                        _finite(trend["index"][r, i, last]),
                        _finite(trend["change"][r, i, last]),
                        item["code"] in asked,
                    )
                    for i, item in enumerate(items)
                ],
            )
        )
    return Overview(schedule, waves[-1], k, scores)


def _window_counts(waves: list[PulseWave], unit_ids: list[int], items: list[dict]):
    """Released counts (units, items, waves, 5) and eNPS counts (units, waves, 11)."""
    row = {pk: r for r, pk in enumerate(unit_ids)}
    col = {w.pk: t for t, w in enumerate(waves)}
    position = {item["code"]: i for i, item in enumerate(items)}
    agree = np.zeros((len(unit_ids), len(items), len(waves), 5), dtype=np.int64)
    enps = np.zeros((len(unit_ids), len(waves), 11), dtype=np.int64)
    stored = PulseUnitSnapshot.objects.filter(wave__in=waves, unit_id__in=unit_ids).values_list(
        "wave_id", "unit_id", "counts"
    )
    for wave_id, unit_id, counts in stored:
        r, t = row[unit_id], col[wave_id]
        for code, values in counts.items():
            if code == ENPS_CODE and len(values) == 11:
                enps[r, t] = values
            elif code in position and len(values) == 5:
                agree[r, position[code], t] = values
    return agree, enps


def _latest_enps(waves, enps, k) -> tuple[list[float | None], list[int | None]]:
    """Per unit, eNPS at the latest wave of the window that asked it and shows it, and that
    wave's number: the question is not asked every week, so "this week" is often blank."""
    values = enps_from_counts(enps)["enps"]
    n = enps.sum(axis=-1)
    found_values: list[float | None] = []
    found_waves: list[int | None] = []
    for r in range(enps.shape[0]):
        shown = [t for t in range(len(waves)) if n[r, t] >= k]
        if shown:
            found_values.append(_finite(values[r, shown[-1]]))
            found_waves.append(waves[shown[-1]].number)
        else:
            found_values.append(None)
            found_waves.append(None)
    return found_values, found_waves


__all__ = ["ItemScore", "Overview", "UnitScore", "latest_overview"]
