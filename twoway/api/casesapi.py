"""Business cases: read the organisation's saved cases with their figures, save a new one
from the same plain data as `twoway case FILE` (docs/staffing.md), delete one's own.

Who may: admins, consultants and leaders, as on the pages; only a case's owner or an admin
deletes it (403 otherwise).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Annotated, Any, Literal, get_type_hints

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, create_model, model_validator

from twoway.cases.access import can_change, get_case_or_404, get_cases_scope_or_404
from twoway.cases.compute import evaluate
from twoway.cases.models import BusinessCase
from twoway.cases.services import create_case, delete_case
from twoway.org.api_errors import ERRORS, field_error
from twoway.staffing import (
    Baseline,
    Scenario,
    ServiceTarget,
    StaffingInputError,
    Workaround,
    daily_volume_plan,
)

from .paging import DEFAULT_LIMIT, PAGED, paginate
from .params import TEXT_PATTERN, Limit, Page, Slug, path_id

router = Router(tags=["cases"])
MAX_INTERVALS = 20_000
# Offered load of one interval. Above it the Erlang A search takes seconds, and no single queue
# of a contact center carries it: split the queue.
MAX_ERLANGS = 10_000.0
STRICT = ConfigDict(extra="forbid", allow_inf_nan=False)


class CaseOut(Schema):
    id: int
    name: str
    owner: str | None
    editable: bool  # the caller may delete it
    created_at: str
    updated_at: str
    summary: dict[str, Any]  # headline figures of the first scenario at the last save


class CaseDetailOut(CaseOut):
    case: dict[str, Any]  # the plain data, as POST takes it (the workload as intervals)
    figures: dict[str, Any] | None  # the evaluation; null with `problem` when it fails
    problem: str | None


class StrictSchema(Schema):
    model_config = STRICT


def library_fields(kind: type) -> dict[str, Any]:
    """The fields and defaults of a library dataclass, so that the API documents and checks
    exactly what the library takes (and, strict, refuses unknown keys with a 422)."""
    hints = get_type_hints(kind)
    return {
        f.name: (hints[f.name], ... if f.default is dataclasses.MISSING else f.default)
        for f in dataclasses.fields(kind)
    }


TargetIn = create_model("TargetIn", __base__=StrictSchema, **library_fields(ServiceTarget))
BaselineIn = create_model(
    "BaselineIn",
    __base__=StrictSchema,
    **library_fields(Baseline),
    shrinkage_components=(dict[str, float] | None, None),
    shrinkage_method=(Literal["multiplicative", "additive"], "multiplicative"),
)
ScenarioIn = create_model("ScenarioIn", __base__=StrictSchema, **library_fields(Scenario))
WorkaroundIn = create_model("WorkaroundIn", __base__=StrictSchema, **library_fields(Workaround))


Calls = Annotated[float, Field(ge=0, le=10_000_000)]
Seconds = Annotated[float, Field(gt=0, le=86_400)]


def check_load(calls: float, aht: float, interval: float) -> None:
    """Refuse an interval whose offered load (calls x handle time / interval) passes
    MAX_ERLANGS; pydantic reports the ValueError as a 422 at the workload."""
    if calls * aht / interval > MAX_ERLANGS:
        raise ValueError(
            f"an interval carries {calls * aht / interval:,.0f} Erlangs (calls x handle time / "
            f"interval length); the most one queue may carry is {MAX_ERLANGS:,.0f}: split it"
        )


class DailyWorkloadIn(StrictSchema):
    """Daily volumes spread evenly over the opening hours: one number for every day, or seven
    (Monday first)."""

    daily_calls: Calls | list[Calls] = Field(
        ..., description="Calls a day: one number for every day, or seven."
    )
    aht: float = Field(..., gt=0, le=86400, description="Average handle time, seconds.")
    open_hours: float = Field(12.0, gt=0, le=24)
    opens_at: float = Field(8.0, ge=0, lt=24, description="Opening hour, 8.5 for 08:30.")
    interval_seconds: float = Field(900.0, ge=300, le=3600)
    queue: str = Field("all", max_length=100, pattern=TEXT_PATTERN)

    @model_validator(mode="after")
    def bounded_load(self):
        calls = self.daily_calls if isinstance(self.daily_calls, list) else [self.daily_calls]
        if len(calls) not in (1, 7):
            raise ValueError("daily_calls needs 1 or 7 numbers, Monday first")
        slots = max(1.0, self.open_hours * 3600.0 / self.interval_seconds)
        check_load(max(calls, default=0.0) / slots, self.aht, self.interval_seconds)
        return self


class IntervalWorkloadIn(StrictSchema):
    """A workload plan: one row per queue and interval start, as `twoway staffing plan` reads."""

    queue: list[str] = Field(..., max_length=MAX_INTERVALS)
    start: list[str] = Field(..., max_length=MAX_INTERVALS)
    calls: list[Calls] = Field(..., max_length=MAX_INTERVALS)
    aht: list[Seconds] = Field(..., max_length=MAX_INTERVALS)
    interval_seconds: float = Field(900.0, ge=300, le=3600)

    @model_validator(mode="after")
    def same_lengths(self):
        if not len(self.queue) == len(self.start) == len(self.calls) == len(self.aht):
            raise ValueError("queue, start, calls and aht must have one value per interval each")
        for calls, aht in zip(self.calls, self.aht, strict=True):
            check_load(calls, aht, self.interval_seconds)
        return self


class CaseIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=200, pattern=TEXT_PATTERN)
    description: str = Field("", max_length=2000, pattern=TEXT_PATTERN)
    currency: str = Field("$", max_length=8, pattern=TEXT_PATTERN)
    workload: DailyWorkloadIn | IntervalWorkloadIn
    target: TargetIn = Field(default_factory=TargetIn)  # type: ignore[valid-type]
    baseline: BaselineIn = Field(default_factory=BaselineIn)  # type: ignore[valid-type]
    scenarios: list[ScenarioIn] = Field(default_factory=list, max_length=20)  # type: ignore[valid-type]
    workarounds: list[WorkaroundIn] = Field(default_factory=list, max_length=50)  # type: ignore[valid-type]


def finite(value: Any) -> Any:
    """The figures with NaN and infinities as null: JSON has no such numbers."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def case_out(scope, user, case: BusinessCase) -> dict[str, Any]:
    return {
        "id": case.pk,
        "name": case.name,
        "owner": case.owner.get_username() if case.owner else None,
        "editable": can_change(scope, user, case),
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
        "summary": finite(case.summary),
    }


def detail_out(scope, user, case: BusinessCase) -> dict[str, Any]:
    try:
        figures, problem = finite(evaluate(case.data).to_dict()), None
    except StaffingInputError as error:
        figures, problem = None, str(error)
    out = case_out(scope, user, case)
    return {**out, "case": finite(case.data), "figures": figures, "problem": problem}


@router.get("/orgs/{slug}/cases", response={200: list[CaseOut], **ERRORS}, openapi_extra=PAGED)
def list_cases(
    request, response: HttpResponse, slug: Slug, page: Page = 1, limit: Limit = DEFAULT_LIMIT
):
    """Saved cases, last saved first, with the headline figures kept at their last save."""
    scope = get_cases_scope_or_404(request, slug)
    cases = BusinessCase.objects.filter(organisation=scope.organisation).select_related("owner")
    return [
        case_out(scope, request.user, c) for c in paginate(request, response, cases, page, limit)
    ]


@router.get("/orgs/{slug}/cases/{case_id}", response={200: CaseDetailOut, **ERRORS})
def get_case(request, slug: Slug, case_id: path_id("case")):
    """The case's data and its figures: baseline and scenarios in FTE and money, payback and
    NPV, workarounds priced, agents per interval start."""
    scope = get_cases_scope_or_404(request, slug)
    return detail_out(scope, request.user, get_case_or_404(scope, case_id))


def library_error(error: StaffingInputError, given: dict[str, Any] | None = None):
    """The library names the field it refuses ("baseline.shrinkage", or only "shrinkage"):
    so does the 422, under the body, at the place in the request where that field was given."""
    return field_error(["body", *locate(error.field, given or {})], error.problem)


def locate(field: str, given: dict[str, Any]) -> list[str | int]:
    """Where in the request `field` was written: the library names some fields without their
    section (`shrinkage` is a baseline's or a scenario's)."""
    if "." in field or field in given:
        return list(field.split("."))
    for section in ("baseline", "target", "workload"):
        if field in (given.get(section) or {}):
            return [section, field]
    for section in ("scenarios", "workarounds"):
        for i, entry in enumerate(given.get(section) or []):
            if field in entry:
                return [section, i, field]
    return [field]


def case_data(payload: CaseIn) -> tuple[dict[str, Any], dict[str, Any]]:
    """The stored data (the workload as intervals, as the pages keep it) and how the workload
    was given, so that the case page shows the same inputs."""
    data = payload.dict()
    workload = data.pop("workload")
    baseline = {k: v for k, v in data.pop("baseline").items() if v is not None}
    data["baseline"] = baseline
    if isinstance(payload.workload, DailyWorkloadIn):
        daily = workload["daily_calls"]
        calls = daily if isinstance(daily, list) else [daily]
        plan = daily_volume_plan(
            calls[0] if len(calls) == 1 else calls,
            workload["aht"],
            open_hours=workload["open_hours"],
            opens_at=workload["opens_at"],
            interval_seconds=workload["interval_seconds"],
            queue=workload["queue"],
        )
        inputs = {"kind": "daily", **{k: v for k, v in workload.items() if k != "queue"}}
        inputs["daily_calls"] = calls
        data["workload"] = plan.to_dict()
    else:
        data["workload"] = workload
        inputs = {"kind": "plan", "filename": "API"}
    return data, inputs


@router.post("/orgs/{slug}/cases", response={201: CaseDetailOut, **ERRORS})
def new_case(request, slug: Slug, payload: CaseIn):
    """Save a case owned by the caller. The body is the case as in a `twoway case` TOML file,
    the workload given as daily volumes or as intervals (never a file path)."""
    scope = get_cases_scope_or_404(request, slug)
    try:
        data, inputs = case_data(payload)
        case = create_case(scope.organisation, request.user, data, inputs)
    except StaffingInputError as error:
        raise library_error(error, payload.dict(exclude_unset=True)) from None
    return Status(201, detail_out(scope, request.user, case))


@router.delete("/orgs/{slug}/cases/{case_id}", response={204: None, **ERRORS})
def remove_case(request, slug: Slug, case_id: path_id("case")):
    scope = get_cases_scope_or_404(request, slug)
    case = get_case_or_404(scope, case_id)
    if not can_change(scope, request.user, case):
        raise HttpError(403, "Only the case's owner or an admin may delete it.")
    delete_case(case)
    return Status(204, None)
