"""The change load map of an organisation: teams x ISO weeks, from every phase of every
initiative not abandoned (proposed ones too: the map is where a plan is checked before it is
approved). The arithmetic is `twoway.insights.load`; this module reads the phases.

Four queries whatever the size: units, settings, phases, phase units.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from twoway.insights.load import (
    LoadMap,
    PhaseSpan,
    added_overload,
    change_load,
    iso_week,
    monday_of,
)
from twoway.org.models import Organisation, Unit

from .config import settings_for
from .models import Initiative, Phase, Status
from .units import UnitTree


def load_map(
    organisation: Organisation,
    first: datetime.date,
    weeks: int,
    *,
    tree: UnitTree | None = None,
    extra: list[PhaseSpan] | None = None,
    exclude_phase: int | None = None,
) -> tuple[LoadMap, UnitTree]:
    tree = tree or UnitTree.of(organisation)
    leaves = tree.leaves()
    team_index = {pk: i for i, pk in enumerate(leaves)}
    spans = phase_spans(organisation, tree, team_index, first, weeks, exclude_phase)
    return change_load(
        [*spans, *(extra or [])], [tree.path(pk) for pk in leaves], first, weeks
    ), tree


def phase_spans(
    organisation, tree, team_index, first, weeks, exclude_phase=None
) -> list[PhaseSpan]:
    monday = monday_of(first)
    last = monday + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=1)
    weights = settings_for(organisation).weights()
    phases = (
        Phase.objects.filter(
            initiative__organisation=organisation, start__lte=last, sustain_until__gte=monday
        )
        .exclude(initiative__status=Status.ABANDONED)
        .exclude(pk=exclude_phase)
        .values_list("pk", "initiative__key", "start", "sustain_until", "impact")
    )
    phases = list(phases)
    links = Phase.units.through.objects.filter(phase_id__in=[p[0] for p in phases])
    units_of: dict[int, list[int]] = {}
    for phase_id, unit_id in links.values_list("phase_id", "unit_id"):
        units_of.setdefault(phase_id, []).append(unit_id)
    teams_of: dict[int, list[int]] = {}
    spans = []
    for pk, key, start, end, impact in phases:
        teams: set[int] = set()
        for unit_id in units_of.get(pk, []):
            if unit_id not in teams_of:
                teams_of[unit_id] = [
                    team_index[t] for t in tree.teams_under(unit_id) if t in team_index
                ]
            teams.update(teams_of[unit_id])
        spans.append(PhaseSpan(key, sorted(teams), start, end, weights[impact]))
    return spans


def overload_warning(
    initiative: Initiative,
    units: Sequence[Unit],
    start: datetime.date,
    sustain_until: datetime.date,
    impact: str,
    exclude_phase: int | None = None,
) -> list[tuple[str, str, float]]:
    """(team path, ISO week, load) where this phase would push a team over capacity."""
    organisation = initiative.organisation
    weeks = (monday_of(sustain_until) - monday_of(start)).days // 7 + 1
    before, tree = load_map(organisation, start, weeks, exclude_phase=exclude_phase)
    team_index = {pk: i for i, pk in enumerate(tree.leaves())}
    teams = sorted(
        {team_index[t] for u in units for t in tree.teams_under(u.pk) if t in team_index}
    )
    weight = settings_for(organisation).weights()[impact]
    span = PhaseSpan(initiative.key, teams, start, sustain_until, weight)
    after, _ = load_map(
        organisation, start, weeks, tree=tree, extra=[span], exclude_phase=exclude_phase
    )
    capacity = settings_for(organisation).capacity
    return [
        (after.teams[t], iso_week(after.weeks[w]), load)
        for t, w, load in added_overload(before, after, initiative.key, capacity)
    ]
