"""Which units an initiative covers, and when each goes live.

A unit is covered by a phase naming it or a unit above it; that phase's go-live is its day 0.
A larger unit whose teams go live in several phases (a site given in an adoption file while
its teams are phased) counts from the earliest go-live below it. Phases never overlap in
units (services refuses "a unit impacted twice"), so each unit has at most one phase.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .models import Initiative, Phase
from .units import UnitTree


@dataclass
class PhasePlan:
    """The initiative's phases with their unit ids, read once."""

    phases: list[Phase]
    units: dict[int, list[int]]  # phase id -> unit ids it names

    @classmethod
    def of(cls, initiative: Initiative) -> PhasePlan:
        phases = list(initiative.phases.prefetch_related("units").order_by("go_live", "pk"))
        return cls(phases, {p.pk: [u.pk for u in p.units.all()] for p in phases})

    @classmethod
    def for_many(cls, initiatives) -> dict[int, PhasePlan]:
        """Plans of many initiatives in two queries."""
        ids = [i.pk for i in initiatives]
        phases = list(Phase.objects.filter(initiative_id__in=ids).order_by("go_live", "pk"))
        links = Phase.units.through.objects.filter(phase_id__in=[p.pk for p in phases])
        units: dict[int, list[int]] = {p.pk: [] for p in phases}
        for phase_id, unit_id in links.values_list("phase_id", "unit_id"):
            units[phase_id].append(unit_id)
        plans = {pk: cls([], {}) for pk in ids}
        for phase in phases:
            plan = plans[phase.initiative_id]
            plan.phases.append(phase)
            plan.units[phase.pk] = units[phase.pk]
        return plans

    @property
    def first_start(self) -> datetime.date | None:
        return min((p.start for p in self.phases), default=None)

    def phase_of(self, tree: UnitTree, unit_id: int) -> Phase | None:
        """The phase naming this unit or a unit above it."""
        above = set(tree.ancestors(unit_id))
        return next((p for p in self.phases if above & set(self.units[p.pk])), None)

    def go_live_of(self, tree: UnitTree, unit_id: int) -> datetime.date | None:
        """Day 0 of a unit: its phase's go-live, else the earliest go-live below it."""
        phase = self.phase_of(tree, unit_id)
        if phase is not None:
            return phase.go_live
        below = set(tree.subtree(unit_id))
        lives = [p.go_live for p in self.phases if below & set(self.units[p.pk])]
        return min(lives, default=None)

    def impacted_units(self) -> set[int]:
        return {pk for ids in self.units.values() for pk in ids}

    def impacted_teams(self, tree: UnitTree) -> list[int]:
        teams = {t for pk in self.impacted_units() for t in tree.teams_under(pk)}
        return sorted(teams, key=lambda pk: tree.path(pk).casefold())

    def go_lives(self, tree: UnitTree) -> dict[int, datetime.date]:
        """Day 0 of every unit of the organisation the initiative reaches."""
        found = {}
        for pk in tree.units:
            day = self.go_live_of(tree, pk)
            if day is not None:
                found[pk] = day
        return found
