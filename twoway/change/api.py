"""The change initiatives API (OpenAPI at /api/docs, tag "change"): initiatives, phases,
adoption rows in batches, metrics and the load map. Token or session auth as the rest of the
API; scoped like the pages (anything out of scope answers 404); the JSON keys of metrics and
load are those of `twoway change metrics` and `twoway change load`.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.responses import Status

from twoway.insights.load import iso_week
from twoway.org.access import Scope, scope_for
from twoway.org.api_errors import ERRORS, field_error
from twoway.org.models import Organisation

from .access import Seat, can_create, get_seat_or_404, visible_initiatives
from .adoption import compute_adoption
from .imports import rows_from_records
from .loadmap import load_map, overload_warning
from .models import Impact
from .services import ChangeError, add_phase, create_initiative, import_adoption

router = Router(tags=["change"])
MAX_BATCH = 50_000
FROM = Query(None, alias="from")  # `from` is a Python keyword


def scope_or_404(request, slug: str) -> Scope:
    organisation = Organisation.objects.filter(slug=slug).first()
    scope = scope_for(request.user, organisation) if organisation else None
    if scope is None:
        raise Http404
    return scope


def editor_seat(request, slug: str, key: str) -> Seat:
    seat = get_seat_or_404(scope_or_404(request, slug), key)
    if not seat.can_edit:
        raise Http404
    return seat


def refused(error: ChangeError) -> ValidationError:
    return field_error(["body", error.field] if error.field else ["body"], error.message)


class PhaseOut(Schema):
    id: int
    name: str
    units: list[str]
    start: datetime.date
    go_live: datetime.date
    sustain_until: datetime.date
    impact: str


class InitiativeOut(Schema):
    key: str
    title: str
    status: str
    target: float
    target_days: int
    phases: list[PhaseOut]


class InitiativeIn(Schema):
    key: str
    title: str
    target: float = 0.80
    target_days: int = 30
    why: str = ""
    what_changes: str = ""


class PhaseIn(Schema):
    units: list[str]  # paths ("Center / Site / Team"), names or numbers
    start: datetime.date
    go_live: datetime.date
    sustain_until: datetime.date
    impact: str = Impact.MEDIUM
    name: str = ""


class PhaseCreated(Schema):
    phase: PhaseOut
    warnings: list[str]


class AdoptionRowIn(Schema):
    date: str
    unit: str
    eligible: int | str
    adopted: int | str
    proficiency: float | str | None = None


class AdoptionIn(Schema):
    rows: list[AdoptionRowIn]
    dry_run: bool = False


def initiative_out(seat: Seat) -> InitiativeOut:
    initiative, plan = seat.initiative, seat.phases
    return InitiativeOut(
        key=initiative.key,
        title=initiative.title,
        status=initiative.status,
        target=initiative.target_level,
        target_days=initiative.target_days,
        phases=[phase_out(seat, p) for p in plan.phases],
    )


def phase_out(seat: Seat, phase) -> PhaseOut:
    return PhaseOut(
        id=phase.pk,
        name=phase.name,
        units=sorted(seat.tree.path(pk) for pk in seat.phases.units.get(phase.pk, [])),
        start=phase.start,
        go_live=phase.go_live,
        sustain_until=phase.sustain_until,
        impact=phase.impact,
    )


@router.get("/orgs/{slug}/initiatives", response={200: list[InitiativeOut], **ERRORS})
def list_initiatives(request, slug: str):
    """Every initiative the caller has a seat in."""
    return [initiative_out(seat) for seat in visible_initiatives(scope_or_404(request, slug))]


@router.post("/orgs/{slug}/initiatives", response={201: InitiativeOut, **ERRORS})
def create(request, slug: str, payload: InitiativeIn):
    """A new initiative, owned by the caller (admins and people who lead people)."""
    scope = scope_or_404(request, slug)
    if not can_create(scope):
        raise Http404
    try:
        initiative = create_initiative(
            scope.organisation,
            payload.key,
            payload.title,
            actor=request.user,
            target_level=payload.target,
            target_days=payload.target_days,
            why=payload.why,
            what_changes=payload.what_changes,
            owner=scope.person,
        )
    except ChangeError as error:
        raise refused(error) from None
    return Status(201, initiative_out(get_seat_or_404(scope, initiative.key)))


@router.get("/orgs/{slug}/initiatives/{key}", response={200: InitiativeOut, **ERRORS})
def initiative_detail(request, slug: str, key: str):
    return initiative_out(get_seat_or_404(scope_or_404(request, slug), key))


@router.post("/orgs/{slug}/initiatives/{key}/phases", response={201: PhaseCreated, **ERRORS})
def create_phase(request, slug: str, key: str, payload: PhaseIn):
    """A rollout phase; `warnings` names the team-weeks it pushes over the capacity."""
    seat = editor_seat(request, slug, key)
    lookup = seat.tree.lookup()
    units = []
    for text in payload.units:
        unit_id, why = lookup.find(text)
        if unit_id is None:
            raise field_error(["body", "units"], why)
        units.append(seat.tree.units[unit_id])
    warnings = [
        f"{team} would carry a change load of {load:g} in {week}, over the capacity"
        for team, week, load in overload_warning(
            seat.initiative, units, payload.start, payload.sustain_until, payload.impact
        )
    ]
    try:
        phase = add_phase(
            seat.initiative,
            units,
            payload.start,
            payload.go_live,
            payload.sustain_until,
            impact=payload.impact,
            name=payload.name,
            actor=request.user,
        )
    except ChangeError as error:
        raise refused(error) from None
    seat = get_seat_or_404(seat.scope, key)
    return Status(201, PhaseCreated(phase=phase_out(seat, phase), warnings=warnings))


@router.post("/orgs/{slug}/initiatives/{key}/adoption", response={200: dict, **ERRORS, 422: dict})
def post_adoption(request, slug: str, key: str, payload: AdoptionIn):
    """A batch of daily rows per unit (never per agent), checked as a file import is: every
    error with its row (1 is the batch's first) and column, and then nothing is written."""
    seat = editor_seat(request, slug, key)
    if len(payload.rows) > MAX_BATCH:
        raise HttpError(413, f"At most {MAX_BATCH:,} rows a batch.")
    data = rows_from_records([row.dict() for row in payload.rows])
    plan = import_adoption(
        seat.initiative, data, "api.csv", dry_run=payload.dry_run, actor=request.user
    )
    if not plan.ok:
        errors = [
            {"row": e.row - 1 if e.row > 1 else None, "column": e.column, "message": e.message}
            for e in plan.error_list()
        ]
        return Status(422, {"errors": errors, "total_errors": plan.errors.total})
    return {"dry_run": payload.dry_run, **plan.summary()}


@router.get("/orgs/{slug}/initiatives/{key}/metrics", response={200: dict, **ERRORS})
def metrics(request, slug: str, key: str, as_of: datetime.date | None = None):
    """The `twoway change metrics` JSON, with the units of the caller's scope."""
    seat = get_seat_or_404(scope_or_404(request, slug), key)
    if not seat.is_leader:
        raise Http404
    body = compute_adoption(seat.initiative, as_of, seat.tree).as_json()
    visible = {seat.tree.path(pk) for pk in seat.tree.units if seat.sees_unit(pk)}
    body["units"] = [u for u in body["units"] if u["unit"] in visible]
    return body


@router.get("/orgs/{slug}/load", response={200: dict, **ERRORS})
def load(request, slug: str, weeks: int, first: datetime.date | None = FROM):
    """One row per team of the caller's scope and ISO week: unit, week, load, initiatives."""
    scope = scope_or_404(request, slug)
    if not can_create(scope):
        raise Http404
    if not 1 <= weeks <= 520:
        raise field_error(["query", "weeks"], "a whole number from 1 to 520")
    result, tree = load_map(scope.organisation, first or timezone.localdate(), weeks)
    teams = {tree.path(pk) for pk in tree.leaves() if scope.covers_unit(tree.units[pk])}
    return {
        "from": iso_week(result.weeks[0]),
        "rows": [row for row in result.rows() if row["unit"] in teams],
    }
