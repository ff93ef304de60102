"""Stored per-wave pulse figures: a closed wave's counts, rolled up the unit tree, kept once.

A closed wave never changes (intake refuses answers after it closes), so its frontline answer
counts, respondents and invitations are read from the diagnostic tables once, summed into
every unit's subtree, and stored here, like the diagnostic's ResultSnapshot. Trend pages then
read one row per wave for the unit's counts and one row per wave for everyone's respondents,
however many answers there were. Raw counts are stored, never a suppressed view: k is applied
by `trends.py` at reading time, so a change of threshold needs no recomputation.

Known limit: the roll-up follows the unit tree as it was when the wave was first read; a unit
moved later keeps its closed waves under its old parents.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.db.models import Count, Sum

from twoway.org.models import Unit, path_ids
from twoway.surveys.models import AnswerCount, Invitation, Lens, Response

from .models import PulseUnitSnapshot, PulseWaveSnapshot

SCALE_LOW = {"agree": 1, "enps": 0}
SCALE_POINTS = {"agree": 5, "enps": 11}


def ensure_snapshots(waves: list, organisation_id: int) -> None:
    """Store the figures of every closed wave in `waves` that has none yet.

    Five queries for any number of missing waves (existing, counts, respondents, invitations,
    units) plus the bulk inserts; nothing when every wave is stored.
    """
    done = set(PulseWaveSnapshot.objects.filter(wave__in=waves).values_list("wave_id", flat=True))
    missing = [w for w in waves if w.pk not in done]
    if not missing:
        return
    units = dict(Unit.objects.filter(organisation_id=organisation_id).values_list("pk", "path"))
    ancestors = {pk: _ancestors(path, units) for pk, path in units.items()}
    by_campaign = {w.campaign_id: w for w in missing}
    counts = _rolled_counts(by_campaign, ancestors)
    people = _rolled_people(by_campaign, ancestors)
    PulseUnitSnapshot.objects.bulk_create(
        (
            PulseUnitSnapshot(wave=wave, unit_id=unit_id, counts=cells)
            for wave in missing
            for unit_id, cells in counts[wave.campaign_id].items()
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    ids = list(units)
    PulseWaveSnapshot.objects.bulk_create(
        (
            PulseWaveSnapshot(wave=wave, people=_people_record(ids, people[wave.campaign_id]))
            for wave in missing
        ),
        batch_size=200,
        ignore_conflicts=True,
    )


def _ancestors(path: str, units: dict[int, str]) -> list[int]:
    """The unit itself and every unit above it, by its materialised path."""
    return [p for p in path_ids(path) if p in units]


def _rolled_counts(by_campaign: dict, ancestors: dict) -> dict[int, dict[int, dict]]:
    """campaign -> unit -> code -> counts list, every unit's answers added to its ancestors."""
    rolled: dict[int, dict[int, dict]] = {cid: defaultdict(dict) for cid in by_campaign}
    rows = (
        AnswerCount.objects.filter(campaign_id__in=list(by_campaign), lens=Lens.FRONTLINE)
        .values_list("campaign_id", "unit_id", "item__code", "item__kind", "value")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for campaign_id, unit_id, code, kind, value, n in rows:
        scale = "agree" if kind == "agree5" else "enps" if kind == "scale0_10" else None
        if scale is None or not 0 <= value - SCALE_LOW[scale] < SCALE_POINTS[scale]:
            continue
        for ancestor in ancestors.get(unit_id, ()):
            cells = rolled[campaign_id][ancestor]
            row = cells.setdefault(code, [0] * SCALE_POINTS[scale])
            row[value - SCALE_LOW[scale]] += int(n)
    return rolled


def _rolled_people(by_campaign: dict, ancestors: dict) -> dict[int, dict[int, list[int]]]:
    """campaign -> unit -> [respondents, invited] of the unit's subtree (frontline answers)."""
    rolled = {cid: defaultdict(lambda: [0, 0]) for cid in by_campaign}
    responses = (
        Response.objects.filter(campaign_id__in=list(by_campaign), is_leader=False)
        .values_list("campaign_id", "unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    invitations = (
        Invitation.objects.filter(campaign_id__in=list(by_campaign))
        .values_list("campaign_id", "unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for column, rows in ((0, responses), (1, invitations)):
        for campaign_id, unit_id, n in rows:
            for ancestor in ancestors.get(unit_id, ()):
                rolled[campaign_id][ancestor][column] += int(n)
    return rolled


def _people_record(ids: list[int], people: dict[int, list[int]]) -> dict:
    present = [pk for pk in ids if pk in people]
    return {
        "units": present,
        "respondents": [people[pk][0] for pk in present],
        "invited": [people[pk][1] for pk in present],
    }


def people_matrix(waves: list, unit_ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Respondents and invited (units, waves) of each unit's subtree, from stored waves."""
    row = {pk: r for r, pk in enumerate(unit_ids)}
    col = {w.pk: t for t, w in enumerate(waves)}
    respondents = np.zeros((len(unit_ids), len(waves)), dtype=np.int64)
    invited = np.zeros_like(respondents)
    stored = PulseWaveSnapshot.objects.filter(wave__in=waves).values_list("wave_id", "people")
    for wave_id, people in stored:
        t = col[wave_id]
        for pk, n, m in zip(people["units"], people["respondents"], people["invited"], strict=True):
            r = row.get(pk)
            if r is not None:
                respondents[r, t] = n
                invited[r, t] = m
    return respondents, invited


def unit_counts(waves: list, unit: Unit) -> dict[int, dict]:
    """wave id -> item code -> counts list of the unit's subtree, from stored waves."""
    return dict(
        PulseUnitSnapshot.objects.filter(wave__in=waves, unit=unit).values_list("wave_id", "counts")
    )
