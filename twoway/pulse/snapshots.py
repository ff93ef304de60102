"""Stored per-wave pulse figures: what a closed wave's release shows, per unit, kept once.

A closed wave never changes (intake refuses answers after it closes). Its release, the cells any
page may show, is decided once for the whole organisation with every view and split of the
campaign together (`twoway.surveys.results.stored_records`, over `twoway.insights.release`).
Here each unit's *shown* frontline figures of that release are copied out in the form the pulse
pages read: item code -> counts list, and the respondents, only where shown. Trends, alerts,
drivers, the manager home and the huddle read these rows and nothing else, so every figure
they show is a cell of the wave's release (or a sum of such cells), whatever page shows it and
whoever looks: a subset of a safe release is safe.

A wave's rows are kept with the k they were made for; when the organisation raises k, the next
read makes them again.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.db import transaction
from django.db.models import Count

from twoway.org.models import LEADER_ROLES, Unit
from twoway.surveys.models import Invitation, Item
from twoway.surveys.results import RESPONDENTS, campaign_k, stored_records, unit_key

from .models import PulseUnitSnapshot, PulseWave, PulseWaveSnapshot

SCALE_LOW = {"agree5": 1, "scale0_10": 0}
SCALE_POINTS = {"agree5": 5, "scale0_10": 11}


def ensure_snapshots(waves: list[PulseWave], organisation_id: int) -> None:
    """Store the released figures of every closed wave in `waves` not stored at its k yet.

    One query when every wave is stored; a wave not stored costs its release (computed once
    for all pages) and a few queries.
    """
    stored = dict(PulseWaveSnapshot.objects.filter(wave__in=waves).values_list("wave_id", "k"))
    missing = [w for w in waves if stored.get(w.pk) != campaign_k(w.campaign)]
    if not missing:
        return
    paths = dict(Unit.objects.filter(organisation_id=organisation_id).values_list("path", "pk"))
    for wave in missing:
        _store_wave(wave, paths)


def _store_wave(wave: PulseWave, unit_by_path: dict[str, int]) -> None:
    campaign = wave.campaign
    k = campaign_k(campaign)
    records = stored_records(campaign, "now", None)
    kinds = dict(Item.objects.filter(template_id=campaign.template_id).values_list("code", "kind"))
    by_key = {unit_key(path): pk for path, pk in unit_by_path.items()}
    counts: dict[int, dict[str, list[int]]] = defaultdict(dict)
    respondents: dict[int, int] = {}
    for record in records:
        unit_id = by_key.get(record["unit"])
        if unit_id is None or record["lens"] != "frontline" or record["suppressed"]:
            continue
        if record["item"] == RESPONDENTS:
            respondents[unit_id] = int(record["n"])
        elif kinds.get(record["item"]) in SCALE_POINTS:
            counts[unit_id][record["item"]] = _counts_list(record, kinds[record["item"]])
    invited = _invited_frontline(campaign.pk, unit_by_path)
    units = sorted(set(invited) | set(respondents))
    people = {
        "units": units,
        "respondents": [respondents.get(u) for u in units],  # None: not shown
        "invited": [invited.get(u, 0) for u in units],
    }
    with transaction.atomic():
        PulseUnitSnapshot.objects.filter(wave=wave).delete()
        PulseWaveSnapshot.objects.filter(wave=wave).delete()
        PulseUnitSnapshot.objects.bulk_create(
            [PulseUnitSnapshot(wave=wave, unit_id=u, counts=c) for u, c in counts.items()],
            batch_size=2000,
        )
        PulseWaveSnapshot.objects.create(wave=wave, people=people, k=k)


def _counts_list(record: dict, kind: str) -> list[int]:
    low = SCALE_LOW[kind]
    distribution = record["distribution"]
    return [int(distribution.get(str(low + j), 0)) for j in range(SCALE_POINTS[kind])]


def _invited_frontline(campaign_id: int, unit_by_path: dict[str, int]) -> dict[int, int]:
    """Frontline people invited per unit subtree: the denominator of participation (a head
    count, known from the roster, never a response)."""
    rows = (
        Invitation.objects.filter(campaign_id=campaign_id)
        .exclude(person__role__in=LEADER_ROLES)
        .values_list("unit__path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    invited: dict[int, int] = defaultdict(int)
    for path, n in rows:
        parts = path.strip("/").split("/")
        for depth in range(1, len(parts) + 1):
            above = "/" + "/".join(parts[:depth]) + "/"
            if above in unit_by_path:
                invited[unit_by_path[above]] += n
    return invited


def people_matrix(waves: list, unit_ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Released respondents (-1 where not shown) and frontline invited, (units, waves)."""
    row = {pk: r for r, pk in enumerate(unit_ids)}
    col = {w.pk: t for t, w in enumerate(waves)}
    respondents = np.full((len(unit_ids), len(waves)), -1, dtype=np.int64)
    invited = np.zeros_like(respondents)
    stored = PulseWaveSnapshot.objects.filter(wave__in=waves).values_list("wave_id", "people")
    for wave_id, people in stored:
        t = col[wave_id]
        for pk, n, m in zip(people["units"], people["respondents"], people["invited"], strict=True):
            r = row.get(pk)
            if r is not None:
                respondents[r, t] = -1 if n is None else n
                invited[r, t] = m
    return respondents, invited


def unit_counts(waves: list, unit: Unit) -> dict[int, dict]:
    """wave id -> item code -> released counts list of the unit's subtree."""
    return dict(
        PulseUnitSnapshot.objects.filter(wave__in=waves, unit=unit).values_list("wave_id", "counts")
    )


def all_unit_counts(waves: list) -> dict[tuple[int, int], dict]:
    """(wave id, unit id) -> item code -> released counts list, for every unit."""
    rows = PulseUnitSnapshot.objects.filter(wave__in=waves).values_list(
        "wave_id", "unit_id", "counts"
    )
    return {(wave_id, unit_id): counts for wave_id, unit_id, counts in rows}
