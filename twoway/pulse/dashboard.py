"""The manager dashboard ("My team"): the reader's unit at the latest wave, its focus areas,
its teams ranked, sibling units the reader also leads, the wave open now, and alerts.

Figures come from `overview.latest_overview` (the released figures of each closed wave, as
the trend pages show them) and live participation from `live.py`; other units appear only where
the reader's scope covers them, so a team lead sees no other team.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from twoway.org.access import Scope
from twoway.org.models import Unit, UnitKind
from twoway.org.naming import label_units, unit_labels
from twoway.surveys.audience import UnitParticipation

from .live import live_participation, open_waves
from .models import PulseSchedule, PulseWave
from .overview import ItemScore, Overview, UnitScore, latest_overview

FOCUS_ITEMS = 3
MAX_RANKED = 80


@dataclass
class LiveWave:
    wave: PulseWave
    own: UnitParticipation
    teams: list[UnitParticipation]


@dataclass
class Dashboard:
    unit: Unit
    schedule: PulseSchedule | None
    overview: Overview | None
    own: UnitScore | None
    lowest: list[ItemScore] = field(default_factory=list)
    falling: list[ItemScore] = field(default_factory=list)
    ranked: list[UnitScore] = field(default_factory=list)
    hidden_teams: int = 0
    siblings: list[UnitScore] = field(default_factory=list)
    live: list[LiveWave] = field(default_factory=list)


def ranked_candidates(scope: Scope, unit: Unit) -> tuple[list[Unit], list[Unit]]:
    """The units the dashboard may compare: the teams under the unit, and its children (ranked
    instead where no team is shown), all within the scope."""
    below = [u for u in scope.units().filter(unit.subtree_filter()) if u.pk != unit.pk]
    teams = [u for u in below if u.kind == UnitKind.TEAM][:MAX_RANKED]
    children = [u for u in below if u.parent_id == unit.pk][:MAX_RANKED]
    return teams, children


def sibling_units(scope: Scope, unit: Unit) -> list[Unit]:
    """Units beside the reader's own that the scope covers too (an admin's or a director's,
    never a team lead's: their scope is their team)."""
    if unit.parent_id is None:
        return []
    return [u for u in scope.units().filter(parent_id=unit.parent_id).exclude(pk=unit.pk)]


def build_dashboard(scope: Scope, unit: Unit, schedule: PulseSchedule | None) -> Dashboard:
    labels = unit_labels(scope.organisation.pk)
    teams, children = ranked_candidates(scope, unit)
    siblings = label_units(sibling_units(scope, unit), labels)
    label_units([unit, *teams, *children], labels)
    dashboard = Dashboard(unit, schedule, None, None)
    if schedule is not None:
        compared = list({u.pk: u for u in [unit, *teams, *children, *siblings]}.values())
        overview = latest_overview(schedule, compared)
        by_unit = overview.by_unit()
        dashboard.overview = overview
        dashboard.own = by_unit.get(unit.pk)
        if dashboard.own is not None:
            dashboard.lowest, dashboard.falling = focus_areas(dashboard.own)
        scores = [by_unit[u.pk] for u in teams if u.pk in by_unit]
        if not any(s.shown for s in scores):
            scores = [by_unit[u.pk] for u in children if u.pk in by_unit]
        dashboard.ranked = rank(scores)
        dashboard.hidden_teams = sum(1 for s in scores if not s.shown)
        dashboard.siblings = rank([by_unit[u.pk] for u in siblings if u.pk in by_unit])
    dashboard.live = live_waves(scope, unit, sorted(teams, key=lambda u: u.label.casefold()))
    return dashboard


def rank(scores: list[UnitScore]) -> list[UnitScore]:
    """Shown units from the highest index down; hidden ones are left out of the ranking."""
    shown = [s for s in scores if s.shown]
    return sorted(shown, key=lambda s: (-(s.overall or 0.0), s.unit.label))


def focus_areas(score: UnitScore) -> tuple[list[ItemScore], list[ItemScore]]:
    """The lowest items of the wave, and those that fell most against the baseline."""
    shown = [i for i in score.items if i.index is not None]
    lowest = sorted(shown, key=lambda i: (i.index, i.code))[:FOCUS_ITEMS]
    falling = sorted(
        (i for i in shown if i.change is not None and round(i.change) < 0),
        key=lambda i: (i.change, i.code),
    )[:FOCUS_ITEMS]
    return lowest, falling


def live_waves(scope: Scope, unit: Unit, teams: list[Unit]) -> list[LiveWave]:
    found = []
    for wave in open_waves(scope.organisation):
        rows = live_participation(wave, [unit, *teams])
        found.append(LiveWave(wave, rows[0], rows[1:]))
    return found
