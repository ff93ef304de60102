"""A unit's pulse trend, from the stored per-wave figures of `snapshots.py`.

Queries do not grow with waves or respondents: waves, stored waves (filled once per closed
wave), the related units, everyone's respondents per wave, and the unit's counts per wave.
Only the frontline lens is read: a pulse is the frontline's voice.

Privacy (docs/privacy.md, docs/method-pulse.md):
- every unit is read through disjoint windows of waves (`window_plan`): a wave with k or more
  answers is its own window, a small team's waves pool until they reach k; windows never
  overlap, so two shown windows cannot be subtracted from each other;
- a unit's window is hidden when it minus the shown windows of a unit below it would leave 1
  to k-1 answers (rule "parent minus child");
- a small team's window of several waves is shown only when it is a whole number of windows
  of every unit above it and their difference over it is 0 or k or more (so a parent's weekly
  figures cannot be summed over the window and the team's window subtracted);
- hidden windows are emptied before baselines are pooled, so a baseline is always a sum of
  shown figures and week-over-week baselines isolate nobody.
Every decision uses only waves up to the window's last one, so a shown figure is never
withdrawn when later waves arrive.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q
from django.utils import timezone

from twoway.insights.likert import Scale
from twoway.insights.pulse import (
    WindowPlan,
    baseline_counts,
    baseline_shown,
    enps_from_counts,
    overall_index,
    trend_from_counts,
    window_plan,
    windowed_counts,
)
from twoway.org.models import Unit, path_ids

from .bank import due_codes, pulse_bank
from .models import PulseSchedule, PulseWave
from .snapshots import ensure_snapshots, people_matrix, unit_counts

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
    # Shares of promoters, passives and detractors (%), shown with eNPS only.
    enps_split: tuple[float, float, float] | None = None
    first: int | None = None  # first wave number of a shown window of several waves
    pooled_into: int | None = None  # a shown later window pools this wave: its last number


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
        .select_related("campaign")
        .order_by("number")
    )


def unit_trend(schedule: PulseSchedule, unit: Unit, language: str = "en") -> Trend:
    k = schedule.k
    waves = closed_waves(schedule)
    items = rated_items()
    if not waves:
        return Trend(unit, schedule, k, items, [])
    ensure_snapshots(waves, unit.organisation_id)
    plan, invited = visible_plan(waves, unit, k)
    agree, enps = _counts(waves, unit, items)
    agree = windowed_counts(agree, _for_cells(plan, agree.shape[:-1]))
    enps = windowed_counts(enps, plan)
    invited_pooled = _pooled(invited, plan)
    trend = trend_from_counts(agree, AGREE, k, reverse=[i["reverse"] for i in items])
    enps_now = enps_from_counts(enps)
    enps_before = enps_from_counts(baseline_counts(enps))
    enps_n = enps.sum(axis=-1)
    enps_ok = enps_n >= k
    enps_base_ok = enps_ok & baseline_shown(enps_n, k)
    overall = overall_index(trend["index"].T)
    overall_change = overall_index(trend["change"].T)
    rows = []
    for t, wave in enumerate(waves):
        shown = bool(plan.shown[t])
        asked = _asked(waves, plan, t) if shown else set(due_codes(wave.number))
        respondents = int(plan.respondents[t])
        end = int(plan.end[t])
        rows.append(
            WaveRow(
                wave=wave,
                respondents=respondents if shown else None,
                invited=int(invited_pooled[t]) if shown else int(invited[t]),
                participation=(
                    respondents / invited_pooled[t] if shown and invited_pooled[t] else None
                ),
                overall=Cell(_finite(overall[t]), True, _finite(overall_change[t])),
                enps=Cell(
                    _finite(enps_now["enps"][t]) if enps_ok[t] else None,
                    ENPS_CODE in asked,
                    _finite(enps_now["enps"][t] - enps_before["enps"][t])
                    if enps_base_ok[t]
                    else None,
                ),
                enps_split=(
                    tuple(
                        float(enps_now[part][t]) for part in ("promoters", "passives", "detractors")
                    )
                    if enps_ok[t] and ENPS_CODE in asked
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
                first=waves[plan.start[t]].number if shown and plan.start[t] < t else None,
                pooled_into=waves[end].number if end > t and plan.shown[end] else None,
            )
        )
    return Trend(unit, schedule, k, items, rows)


def _asked(waves, plan: WindowPlan, t: int) -> set[str]:
    """Codes asked in any wave of the window closing at t."""
    return {code for s in range(plan.start[t], t + 1) for code in due_codes(waves[s].number)}


def _for_cells(plan: WindowPlan, shape: tuple[int, ...]) -> WindowPlan:
    """The same plan for every cell (item) of the unit: arrays broadcast to `shape`."""
    return WindowPlan(*(np.broadcast_to(a, shape) for a in dataclasses.astuple(plan)))


def _pooled(x: np.ndarray, plan: WindowPlan) -> np.ndarray:
    """Per-wave x summed over each wave's window (on every wave of the window)."""
    running = np.concatenate([[0], np.cumsum(x)])
    last = np.where(plan.end >= 0, plan.end, len(x) - 1)
    return running[last + 1] - running[plan.start]


# --- Which windows may be shown -----------------------------------------------------------------


def visible_plan(waves: list, unit: Unit, k: int) -> tuple[WindowPlan, np.ndarray]:
    """The unit's window plan with only the windows it may show, and its invited per wave."""
    above = unit.ancestor_ids()
    related = dict(
        Unit.objects.filter(organisation_id=unit.organisation_id)
        .filter(Q(path__startswith=unit.path) | Q(pk__in=above))
        .values_list("pk", "path")
    )
    ids = list(related)
    respondents, invited = people_matrix(waves, ids)
    plans = window_plan(respondents, k)
    # A team smaller than k is read wave by wave only: never pooled over weeks (its few
    # people would answer every window). One wave of k or more answers shows as before.
    small_team = window_plan(respondents, k, invited=invited)
    single = plans.start == np.arange(len(waves))
    plans = dataclasses.replace(plans, shown=plans.shown & (single | small_team.shown))
    row = {pk: r for r, pk in enumerate(ids)}
    ancestors = {
        pk: [row[p] for p in path_ids(path) if p in row and p != pk] for pk, path in related.items()
    }
    shown = _team_windows_shown(plans, respondents, ancestors, ids, k)
    me = row[unit.pk]
    below = [
        row[pk] for pk, path in related.items() if pk != unit.pk and path.startswith(unit.path)
    ]
    mine = shown[me] & ~_minus_child_leaks(plans, shown, me, below, k)
    plan = WindowPlan(plans.start[me], plans.end[me], plans.closes[me], mine, plans.respondents[me])
    return plan, invited[me]


def _team_windows_shown(plans: WindowPlan, n: np.ndarray, ancestors, ids, k) -> np.ndarray:
    """plans.shown, less windows of several waves that do not align with a unit above or
    differ from it by 1 to k-1 answers."""
    shown = plans.shown.copy()
    running = np.concatenate([np.zeros((n.shape[0], 1), dtype=np.int64), np.cumsum(n, 1)], 1)
    waves = np.arange(n.shape[1])
    for r, pk in enumerate(ids):
        several = shown[r] & (plans.start[r] < waves)
        if not several.any():
            continue
        start = plans.start[r]
        for a in ancestors[pk]:
            before = np.where(start > 0, plans.closes[a][np.maximum(start - 1, 0)], True)
            aligned = plans.closes[a] & before
            rest = running[a][waves + 1] - running[a][start] - plans.respondents[r]
            shown[r] &= ~(several & (~aligned | ((rest > 0) & (rest < k))))
    return shown


def _minus_child_leaks(plans: WindowPlan, shown: np.ndarray, me: int, below, k) -> np.ndarray:
    """Closing waves of the unit's windows from which the shown windows of one unit below
    leave 1 to k-1 answers."""
    leaks = np.zeros(shown.shape[1], dtype=bool)
    if not below:
        return leaks
    start = plans.start[me]
    inside = shown[below] & (plans.start[below] >= start[None, :])
    amount = np.where(inside, plans.respondents[below], 0)
    running = np.concatenate([np.zeros((len(below), 1), dtype=np.int64), np.cumsum(amount, 1)], 1)
    waves = np.arange(shown.shape[1])
    child = running[:, waves + 1] - running[:, start]
    rest = plans.respondents[me][None, :] - child
    return shown[me] & ((child > 0) & (rest > 0) & (rest < k)).any(axis=0)


# --- Counts ----------------------------------------------------------------------------------


def _counts(waves, unit, items):
    """Frontline counts (items, waves, 5) for agree items and (waves, 11) for eNPS."""
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


__all__ = ["Cell", "Trend", "WaveRow", "closed_waves", "unit_trend", "visible_plan"]
