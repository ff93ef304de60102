"""Who sees what: an account's scope within one organisation.

Admins and consultants see the whole organisation. Everyone else sees the subtree of the unit
their person sits on, when their role leads people (a team lead: their team; a manager: their
subtree; a director sitting on a site or center: that site or center). Agents and support
staff have no view of people or units. Anything outside a scope answers 404, never a hint.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import LEADER_ROLES, Membership, Organisation, Person, RosterUpload, Unit

MAX_ID = 2**63 - 1  # BigAutoField; a larger number overflows PostgreSQL's bigint


@dataclass(frozen=True)
class Scope:
    organisation: Organisation
    level: str
    person: Person | None
    # "" means the whole organisation; None means no unit at all.
    unit_path: str | None

    @property
    def is_admin(self) -> bool:
        return self.level in (Membership.Level.ADMIN, Membership.Level.CONSULTANT)

    @property
    def sees_people(self) -> bool:
        return self.unit_path is not None

    def units(self) -> QuerySet[Unit]:
        units = Unit.objects.filter(organisation=self.organisation)
        return units.filter(self._unit_filter("")) if self.sees_people else units.none()

    def people(self) -> QuerySet[Person]:
        people = Person.objects.filter(organisation=self.organisation)
        return people.filter(self._unit_filter("unit__")) if self.sees_people else people.none()

    def covers_unit(self, unit: Unit) -> bool:
        if unit.organisation_id != self.organisation.pk or self.unit_path is None:
            return False
        return unit.path.startswith(self.unit_path)

    def _unit_filter(self, prefix: str) -> Q:
        if not self.unit_path:
            return Q()
        return Q(**{f"{prefix}path__startswith": self.unit_path})


def scope_for(user, organisation: Organisation) -> Scope | None:
    """The user's scope in the organisation, or None when they have no access to it."""
    if not user.is_authenticated:
        return None
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        return None
    person = (
        Person.objects.select_related("unit")
        .filter(organisation=organisation, user=user, is_active=True)
        .first()
    )
    if membership.level != Membership.Level.MEMBER:
        return Scope(organisation, membership.level, person, "")
    if person is None or person.role not in LEADER_ROLES:
        return Scope(organisation, membership.level, person, None)
    return Scope(organisation, membership.level, person, person.unit.path)


def get_scope_or_404(request, slug: str) -> Scope:
    organisation = Organisation.objects.filter(slug=slug).first()
    scope = scope_for(request.user, organisation) if organisation else None
    if scope is None:
        raise Http404
    return scope


def get_leader_scope_or_404(request, slug: str) -> Scope:
    """The scope of someone who leads people (or an admin); 404 for agents and outsiders."""
    scope = get_scope_or_404(request, slug)
    if not scope.sees_people:
        raise Http404
    return scope


def get_admin_scope_or_404(request, slug: str) -> Scope:
    scope = get_scope_or_404(request, slug)
    if not scope.is_admin:
        raise Http404
    return scope


def organisations_for(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def id_or_404(value) -> int:
    """A database id from a URL or query string; anything else ("abc", "1.5", a number past
    the database's integers) is a page that does not exist, not a server error."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_ID:
        raise Http404
    return int(text)


def get_unit_in_scope_or_404(scope: Scope, unit_id) -> Unit:
    """A unit of the scope's organisation that the scope covers; 404 otherwise."""
    unit = get_object_or_404(Unit, pk=id_or_404(unit_id), organisation=scope.organisation)
    if not scope.covers_unit(unit):
        raise Http404
    return unit


def get_pending_upload_or_404(request, scope: Scope, upload_id) -> RosterUpload:
    """A roster upload of this user, not applied yet."""
    return get_object_or_404(
        RosterUpload,
        pk=upload_id,
        organisation=scope.organisation,
        uploaded_by=request.user,
        applied_at__isnull=True,
    )
