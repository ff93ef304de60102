"""A unit's pulse trend, from stored answer counts through `twoway.insights.pulse`.

Five queries whatever the number of waves or respondents: waves, counts by (wave, item,
value), respondents and invitations by (wave, unit) over the unit's subtree, and the subtree's
units. Only the frontline lens is read: a pulse is the frontline's voice.

Privacy: a cell is shown only with k or more answers, and a baseline only when the pure rules
allow it (`baseline_shown`). A whole wave is hidden for the unit when a unit below it is shown
and the difference between the two is 1 to k-1 respondents (unit minus child would isolate
them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Sum
from django.utils import timezone

from twoway.insights.likert import Scale
from twoway.insights.pulse import (
    baseline_counts,
    baseline_shown,
    enps_from_counts,
    overall_index,
    trend_from_counts,
)
from twoway.org.models import Unit
from twoway.surveys.models import AnswerCount, Invitation, Lens, Response

from .bank import due_codes, pulse_bank
from .models import PulseSchedule, PulseWave

AGREE = Scale(1, 5)
ENPS_CODE = "enps"


@dataclass
class Cell:
    value: float | None  # None: hidden (fewer than k) or not asked
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


def unit_trend(schedule: PulseSchedule, unit: Unit, language: str = "en") -> Trend:
    k = max(schedule.threshold, schedule.organisation.anonymity_threshold)
    waves = list(
        PulseWave.objects.filter(schedule=schedule, campaign__closes_at__lte=timezone.now())
        .select_related("campaign")
        .order_by("number")
    )
    items = rated_items()
    if not waves:
        return Trend(unit, schedule, k, items, [])
    ids = [w.campaign_id for w in waves]
    col = {cid: t for t, cid in enumerate(ids)}
    agree, enps = _counts(ids, col, unit, items)
    responded, invited, blocked = _people(ids, col, unit, k)
    trend = trend_from_counts(agree, AGREE, k, reverse=[i["reverse"] for i in items])
    index = np.where(blocked[None, :], np.nan, trend["index"])
    change = np.where(blocked[None, :], np.nan, trend["change"])
    enps_now = enps_from_counts(enps)
    enps_before = enps_from_counts(baseline_counts(enps))
    enps_n = enps.sum(axis=-1)
    enps_ok = (enps_n >= k) & ~blocked
    enps_base_ok = enps_ok & baseline_shown(enps_n, k)
    overall = overall_index(index.T)
    overall_change = overall_index(change.T)
    rows = []
    for t, wave in enumerate(waves):
        asked = set(due_codes(wave.number))
        shown_people = responded[t] >= k and not blocked[t]
        cells = [
            Cell(_finite(index[i, t]), item["code"] in asked, _finite(change[i, t]))
            for i, item in enumerate(items)
        ]
        enps_cell = Cell(
            _finite(enps_now["enps"][t]) if enps_ok[t] else None,
            ENPS_CODE in asked,
            _finite(enps_now["enps"][t] - enps_before["enps"][t]) if enps_base_ok[t] else None,
        )
        rows.append(
            WaveRow(
                wave=wave,
                respondents=int(responded[t]) if shown_people else None,
                invited=int(invited[t]),
                participation=responded[t] / invited[t] if shown_people and invited[t] else None,
                overall=Cell(_finite(overall[t]), True, _finite(overall_change[t])),
                enps=enps_cell,
                items=cells,
            )
        )
    return Trend(unit, schedule, k, items, rows)


def _counts(ids, col, unit, items):
    """Frontline counts (items, waves, 5) for agree items and (waves, 11) for eNPS."""
    position = {item["code"]: i for i, item in enumerate(items)}
    agree = np.zeros((len(items), len(ids), 5), dtype=np.int64)
    enps = np.zeros((len(ids), 11), dtype=np.int64)
    rows = (
        AnswerCount.objects.filter(
            campaign_id__in=ids, unit__path__startswith=unit.path, lens=Lens.FRONTLINE
        )
        .values_list("campaign_id", "item__code", "value")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for campaign_id, code, value, n in rows:
        t = col[campaign_id]
        if code == ENPS_CODE and 0 <= value <= 10:
            enps[t, value] += n
        elif code in position and 1 <= value <= 5:
            agree[position[code], t, value - 1] += n
    return agree, enps


def _people(ids, col, unit, k):
    """Respondents and invited per wave for the subtree, and waves hidden for differencing."""
    units = dict(
        Unit.objects.filter(
            organisation_id=unit.organisation_id, path__startswith=unit.path
        ).values_list("pk", "path")
    )
    per_unit = np.zeros((len(units), len(ids)), dtype=np.int64)
    row_of = {pk: r for r, pk in enumerate(units)}
    responses = (
        Response.objects.filter(campaign_id__in=ids, unit_id__in=units.keys(), is_leader=False)
        .values_list("campaign_id", "unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for campaign_id, unit_id, n in responses:
        per_unit[row_of[unit_id], col[campaign_id]] = n
    invited = np.zeros(len(ids), dtype=np.int64)
    rows = (
        Invitation.objects.filter(campaign_id__in=ids, unit_id__in=units.keys())
        .values_list("campaign_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for campaign_id, n in rows:
        invited[col[campaign_id]] = n
    below = _subtree_sums(units, per_unit, row_of)
    total = below.pop(unit.pk)
    blocked = np.zeros(len(ids), dtype=bool)
    for sums in below.values():
        rest = total - sums
        blocked |= (sums >= k) & (rest > 0) & (rest < k)
    return total, invited, blocked


def _subtree_sums(units: dict[int, str], per_unit, row_of) -> dict[int, np.ndarray]:
    """Each unit's own row added to every ancestor's total, by its materialised path."""
    sums = {pk: np.zeros(per_unit.shape[1], dtype=np.int64) for pk in units}
    for pk, path in units.items():
        for part in path.strip("/").split("/"):
            ancestor = int(part)
            if ancestor in sums:
                sums[ancestor] += per_unit[row_of[pk]]
    return sums
