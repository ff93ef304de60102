"""Units and people, read-only, as the unit tree and people pages show them to the caller."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpResponse
from ninja import Router, Schema

from twoway.org.access import get_leader_scope_or_404, get_unit_in_scope_or_404
from twoway.org.api_errors import ERRORS
from twoway.org.forms import PeopleFilterForm
from twoway.org.models import Person, Unit
from twoway.org.views import filter_people

from .paging import DEFAULT_LIMIT, PAGED, paginate
from .params import Limit, OptionalLimit, Page, Slug, path_id, query_id, query_text

router = Router(tags=["organisation"])

UnitKind = Literal["center", "site", "group", "team"]
Role = Literal["agent", "team_lead", "supervisor", "manager", "director", "executive", "support"]


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    is_virtual: bool
    depth: int
    path: list[int]  # ids from the root down to the unit itself


class PersonOut(Schema):
    id: int
    employee_id: str
    first_name: str
    last_name: str
    email: str
    phone: str
    role: str
    job_title: str
    unit_id: int
    manager_id: int | None
    hire_date: str | None
    tenure_band: str
    work_location: str
    language: str
    shift: str
    is_active: bool
    left_on: str | None


def unit_out(unit: Unit) -> UnitOut:
    return UnitOut(
        id=unit.pk,
        name=unit.name,
        kind=unit.kind,
        parent_id=unit.parent_id,
        is_virtual=unit.is_virtual,
        depth=unit.depth,
        path=unit.ancestor_ids(),
    )


def person_out(person: Person) -> PersonOut:
    return PersonOut(
        id=person.pk,
        employee_id=person.employee_id,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
        phone=person.phone,
        role=person.role,
        job_title=person.job_title,
        unit_id=person.unit_id,
        manager_id=person.manager_id,
        hire_date=person.hire_date.isoformat() if person.hire_date else None,
        tenure_band=person.tenure_band,
        work_location=person.work_location,
        language=person.language,
        shift=person.shift,
        is_active=person.is_active,
        left_on=person.left_on.isoformat() if person.left_on else None,
    )


@router.get("/orgs/{slug}/units", response={200: list[UnitOut], **ERRORS}, openapi_extra=PAGED)
def list_units(
    request,
    response: HttpResponse,
    slug: Slug,
    kind: UnitKind | None = None,
    parent_id: query_id("Only the children of this unit.") = None,
    under: query_id("Only this unit and the units below it.") = None,
    q: query_text("Only units whose name contains this.") = "",
    page: Page = 1,
    limit: OptionalLimit = None,
):
    """Units in the caller's scope, in tree order (the scope of a team lead is their team)."""
    scope = get_leader_scope_or_404(request, slug)
    units = scope.units()
    if kind:
        units = units.filter(kind=kind)
    if parent_id is not None:
        units = units.filter(parent_id=parent_id)
    if under is not None:
        top = scope.units().filter(pk=under).first()
        units = units.filter(top.subtree_filter()) if top else units.none()
    if q.strip():
        units = units.filter(name__icontains=q.strip())
    return [unit_out(u) for u in paginate(request, response, units.order_by("path"), page, limit)]


@router.get("/orgs/{slug}/units/{unit_id}", response={200: UnitOut, **ERRORS})
def get_unit(request, slug: Slug, unit_id: path_id("unit")):
    scope = get_leader_scope_or_404(request, slug)
    return unit_out(get_unit_in_scope_or_404(scope, unit_id))


@router.get("/orgs/{slug}/people", response={200: list[PersonOut], **ERRORS}, openapi_extra=PAGED)
def list_people(
    request,
    response: HttpResponse,
    slug: Slug,
    q: query_text("Name, employee ID or e-mail contains this.") = "",
    role: Role | None = None,
    location: Literal["onsite", "remote", "hybrid"] | None = None,
    status: Literal["active", "left", "all"] = "active",
    unit: query_id("Only people of this unit and the units below it.") = None,
    page: Page = 1,
    limit: Limit = DEFAULT_LIMIT,
):
    """People of the caller's units, filtered as on the people page, by last name."""
    scope = get_leader_scope_or_404(request, slug)
    form = PeopleFilterForm(
        {"q": q, "role": role or "", "location": location or "", "status": status, "unit": unit}
    )
    people = filter_people(scope, form)
    return [person_out(p) for p in paginate(request, response, people, page, limit)]


@router.get("/orgs/{slug}/people/{person_id}", response={200: PersonOut, **ERRORS})
def get_person(request, slug: Slug, person_id: path_id("person")):
    scope = get_leader_scope_or_404(request, slug)
    person = scope.people().filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person_out(person)
