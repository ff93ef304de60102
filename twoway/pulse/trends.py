"""A unit's pulse trend, from the stored per-wave figures of `snapshots.py`.

Queries do not grow with waves or respondents: waves, stored waves (filled once per closed
wave), everyone's released respondents per wave, and the unit's released counts per wave.
Only the frontline lens is read: a pulse is the frontline's voice.

Privacy (docs/privacy.md, docs/method-pulse.md): every figure is a cell of its wave's release,
where the whole organisation's cells of that wave were suppressed together, so that no page's
figures, nor any set of pages', isolate fewer than k people by subtraction or bounds. Waves are
never pooled into a figure of their own: answers pooled over weeks would count answers, not
people (the same person answers each week), and a parent's weekly figures summed over those
weeks, minus the pooled team, would describe the few others. A trailing baseline pools only
cells shown in their own wave, so it is a sum of figures a reader sees anyway.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone

from twoway.insights.likert import Scale
from twoway.insights.pulse import (
    baseline_counts,
    enps_from_counts,
    overall_index,
    trend_from_counts,
)
from twoway.org.models import Unit

from .bank import due_codes, pulse_bank
from .models import PulseSchedule, PulseWave
from .snapshots import ensure_snapshots, people_matrix, unit_counts

AGREE = Scale(1, 5)
ENPS_CODE = "enps"


@dataclass
class Cell:
    value: float | None  # None: hidden, or not asked
    asked: bool = True
    change: float | None = None

    @property
    def hidden(self) -> bool:
        return self.asked and self.value is None


@dataclass
class WaveRow:
    wave: PulseWave
    respondents: int | None  # None: hidden
    invited: int
    participation: float | None
    overall: Cell
    enps: Cell
    items: list[Cell] = field(default_factory=list)
    # Shares of promoters, passives and detractors (%), shown with eNPS only.
    enps_split: tuple[float, float, float] | None = None


@dataclass
class Trend:
    unit: Unit
    schedule: PulseSchedule
    k: int
    items: list[dict]  # bank items with a rating: code, text, reverse
    rows: list[WaveRow]


def _finite(x) -> float | None:
    return None if x is None or not math.isfinite(float(x)) else float(x)


def rated_items() -> list[dict]:
    return [i for i in pulse_bank()["items"] if i["kind"] == "agree5"]


def closed_waves(schedule: PulseSchedule) -> list[PulseWave]:
    return list(
        PulseWave.objects.filter(schedule=schedule, campaign__closes_at__lte=timezone.now())
        .select_related("campaign__organisation", "schedule__organisation")
        .order_by("number")
    )


def unit_trend(schedule: PulseSchedule, unit: Unit, language: str = "en") -> Trend:
    k = schedule.k
    waves = closed_waves(schedule)
    items = rated_items()
    if not waves:
        return Trend(unit, schedule, k, items, [])
    ensure_snapshots(waves, unit.organisation_id)
    respondents, invited = (a[0] for a in people_matrix(waves, [unit.pk]))
    agree, enps = _counts(waves, unit, items)
    trend = trend_from_counts(agree, AGREE, k, reverse=[i["reverse"] for i in items])
    enps_now = enps_from_counts(enps)
    enps_before = enps_from_counts(baseline_counts(enps))
    enps_n = enps.sum(axis=-1)
    enps_base_n = baseline_counts(enps).sum(axis=-1)
    overall = overall_index(trend["index"].T)
    overall_change = overall_index(trend["change"].T)
    rows = []
    for t, wave in enumerate(waves):
        asked = set(due_codes(wave.number))
        shown_enps = bool(enps_n[t] >= k)
        shown_people = respondents[t] >= 0
        rows.append(
            WaveRow(
                wave=wave,
                respondents=int(respondents[t]) if shown_people else None,
                invited=int(invited[t]),
                participation=(
                    respondents[t] / invited[t] if shown_people and invited[t] >= k else None
                ),
                overall=Cell(_finite(overall[t]), True, _finite(overall_change[t])),
                enps=Cell(
                    _finite(enps_now["enps"][t]) if shown_enps else None,
                    ENPS_CODE in asked,
                    _finite(enps_now["enps"][t] - enps_before["enps"][t])
                    if shown_enps and enps_base_n[t] >= k
                    else None,
                ),
                enps_split=(
                    tuple(
                        float(enps_now[part][t]) for part in ("promoters", "passives", "detractors")
                    )
                    if shown_enps and ENPS_CODE in asked
                    else None
                ),
                items=[
                    Cell(
                        _finite(trend["index"][i, t]),
                        item["code"] in asked,
                        _finite(trend["change"][i, t]),
                    )
                    for i, item in enumerate(items)
                ],
            )
        )
    return Trend(unit, schedule, k, items, rows)


def _counts(waves, unit, items):
    """Released frontline counts (items, waves, 5) for agree items and (waves, 11) for eNPS;
    zero where the wave's release hides the cell."""
    position = {item["code"]: i for i, item in enumerate(items)}
    agree = np.zeros((len(items), len(waves), 5), dtype=np.int64)
    enps = np.zeros((len(waves), 11), dtype=np.int64)
    stored = unit_counts(waves, unit)
    for t, wave in enumerate(waves):
        for code, counts in stored.get(wave.pk, {}).items():
            if code == ENPS_CODE and len(counts) == 11:
                enps[t] = counts
            elif code in position and len(counts) == 5:
                agree[position[code], t] = counts
    return agree, enps


__all__ = ["Cell", "Trend", "WaveRow", "closed_waves", "unit_trend"]
