"""Who sees which initiative, and how much of it.

- Admins and consultants see every initiative and change any.
- The owner and the sponsor see theirs whole, and change it.
- Leaders of impacted units (whose scope reaches an impacted unit, or who sit inside one) see
  it, with figures for the units of their scope only.
- Anyone whose own team an initiative touches sees its frontline page: why, what changes for
  them, when, the wins; never another team's figures.
Anything else answers 404, never a hint.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from twoway.org.access import Scope
from twoway.org.models import Unit

from .models import Initiative
from .phases import PhasePlan
from .units import UnitTree

OWNER, LEADER, FRONTLINE = "owner", "leader", "frontline"


@dataclass
class Seat:
    """A user's place in one initiative: what they may see and do."""

    scope: Scope
    initiative: Initiative
    role: str  # OWNER (admins, owner, sponsor), LEADER or FRONTLINE
    tree: UnitTree
    phases: PhasePlan

    @property
    def can_edit(self) -> bool:
        return self.role == OWNER

    @property
    def is_leader(self) -> bool:
        return self.role in (OWNER, LEADER)

    def sees_unit(self, unit_id: int) -> bool:
        """Figures of a unit: all for owners, the scope's units for leaders, none otherwise."""
        if self.role == OWNER:
            return True
        if self.role == LEADER:
            unit = self.tree.units.get(unit_id)
            return unit is not None and self.scope.covers_unit(unit)
        return False

    def concerns(self, unit_id: int) -> bool:
        """Whether plans for a unit concern the user: owners, all; leaders, units their scope
        covers and the units above their own (a site's phase reaches a team lead's team)."""
        if self.role == OWNER:
            return True
        unit = self.tree.units.get(unit_id)
        return self.role == LEADER and unit is not None and _reaches(self.scope, self.tree, unit_id)

    @property
    def team(self) -> Unit | None:
        person = self.scope.person
        return person.unit if person is not None else None


def seat_for(
    scope: Scope,
    initiative: Initiative,
    tree: UnitTree | None = None,
    phases: PhasePlan | None = None,
) -> Seat | None:
    tree = tree or UnitTree.of(scope.organisation)
    phases = phases or PhasePlan.of(initiative)
    person = scope.person
    if scope.is_admin or (
        person is not None and person.pk in (initiative.owner_id, initiative.sponsor_id)
    ):
        return Seat(scope, initiative, OWNER, tree, phases)
    impacted = phases.impacted_units()
    if scope.sees_people and any(_reaches(scope, tree, pk) for pk in impacted):
        return Seat(scope, initiative, LEADER, tree, phases)
    if person is not None and phases.phase_of(tree, person.unit_id) is not None:
        return Seat(scope, initiative, FRONTLINE, tree, phases)
    return None


def _reaches(scope: Scope, tree: UnitTree, unit_id: int) -> bool:
    """The leader's scope covers the impacted unit, or the leader sits inside it."""
    unit = tree.units.get(unit_id)
    if unit is None:
        return False
    own = scope.unit_path or ""
    return unit.path.startswith(own) or own.startswith(unit.path)


def get_seat_or_404(scope: Scope, key: str) -> Seat:
    initiative = (
        Initiative.objects.select_related("owner", "sponsor", "vision", "business_case")
        .filter(organisation=scope.organisation, key=key)
        .first()
    )
    seat = seat_for(scope, initiative) if initiative is not None else None
    if seat is None:
        raise Http404
    return seat


def get_editor_seat_or_404(scope: Scope, key: str) -> Seat:
    """The seat of someone who may change the initiative; 404 for everyone else (a leader
    who may read it gets 404 on its forms too: they are not there for them)."""
    seat = get_seat_or_404(scope, key)
    if not seat.can_edit:
        raise Http404
    return seat


def visible_initiatives(scope: Scope) -> list[Seat]:
    """Every initiative the user has a seat in, with the seat (one tree for all)."""
    tree = UnitTree.of(scope.organisation)
    initiatives = list(
        Initiative.objects.filter(organisation=scope.organisation).select_related(
            "owner", "sponsor"
        )
    )
    plans = PhasePlan.for_many(initiatives)
    seats = [seat_for(scope, i, tree, plans[i.pk]) for i in initiatives]
    return [s for s in seats if s is not None]


def can_create(scope: Scope) -> bool:
    """Admins and anyone who leads people may start an initiative (and owns it)."""
    return scope.is_admin or scope.sees_people
