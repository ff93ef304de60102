"""The staffing calculator: agents for one interval (Erlang C, or A with a patience) and the
yearly cost of a workaround, as `twoway staffing required` and the workaround page compute
them. No organisation data: any account may call it."""

from __future__ import annotations

import math
from typing import Annotated

from ninja import Query, Router, Schema

from twoway.org.api_errors import ERRORS, field_error
from twoway.staffing import StaffingInputError, staffing_requirement, workaround_cost

from .casesapi import MAX_ERLANGS, finite, library_error
from .params import query_text

router = Router(tags=["staffing"])
DAY = 86_400.0


def positive(description: str, most: float):
    return Annotated[float, Query(gt=0, le=most, allow_inf_nan=False, description=description)]


class RequirementOut(Schema):
    agents: int
    service_level: float | None
    asa: float | None
    occupancy: float | None
    p_wait: float | None
    p_abandon: float | None = None  # Erlang A only
    traffic: float | None = None
    scheduled: int | None = None  # with a shrinkage: people to schedule for `agents`


class WorkaroundOut(Schema):
    name: str
    hours_per_year: float
    cost_per_year: float
    fte: float


@router.get("/staffing/required", response={200: RequirementOut, **ERRORS})
def agents_required(
    request,
    calls: positive("Calls offered in the interval.", 1_000_000),
    aht: positive("Average handle time, seconds.", DAY),
    interval: Annotated[
        float, Query(ge=60, le=DAY, allow_inf_nan=False, description="Interval length, s.")
    ] = 900.0,
    target_sl: Annotated[
        float, Query(gt=0, lt=1, description="Share answered within answer_within.")
    ] = 0.8,
    answer_within: Annotated[
        float, Query(ge=0, le=DAY, allow_inf_nan=False, description="Seconds.")
    ] = 20.0,
    shrinkage: Annotated[
        float | None, Query(ge=0, lt=1, description="Share of paid time off the phones.")
    ] = None,
    max_occupancy: Annotated[
        float | None, Query(ge=0.05, le=1, description="Occupancy cap.")
    ] = None,
    patience: Annotated[
        float | None,
        Query(ge=1, le=DAY, allow_inf_nan=False, description="Mean patience (Erlang A), s."),
    ] = None,
):
    """The fewest agents that meet the service level (and the occupancy cap), with what they
    deliver; the same figures as `twoway staffing required --format json`."""
    load = calls * aht / interval
    if load > MAX_ERLANGS:
        message = (
            f"with this aht and interval the offered load is {load:,.0f} Erlangs; the "
            f"calculator takes up to {MAX_ERLANGS:,.0f} for one queue"
        )
        raise field_error(["query", "calls"], message)
    options = {"max_occupancy": max_occupancy, "patience": patience}
    try:
        result = staffing_requirement(
            calls,
            aht,
            interval,
            target_sl,
            answer_within,
            **{k: v for k, v in options.items() if v is not None},
        ).as_dict()
    except StaffingInputError as error:
        raise _query_error(error) from None
    if shrinkage is not None:
        result["scheduled"] = math.ceil(int(result["agents"]) / (1.0 - shrinkage) - 1e-9)
    return finite(result)


QUERY_NAMES = {"service_level": "target_sl"}


def _query_error(error: StaffingInputError):
    error = library_error(error)
    for entry in error.errors:
        field = entry["loc"][-1]
        entry["loc"] = ["query", QUERY_NAMES.get(field, field)]
    return error


@router.get("/staffing/workaround", response={200: WorkaroundOut, **ERRORS})
def workaround(
    request,
    minutes_lost_per_occurrence: positive("Minutes lost each time.", 24 * 60),
    occurrences_per_agent_per_day: positive("Times a day per agent.", 10_000),
    agents_affected: positive("Agents who lose the time.", 1_000_000),
    cost_per_hour: positive("Loaded cost of an agent hour.", 100_000),
    working_days_per_year: positive("Working days a year.", 366) = 230.0,
    paid_hours_per_day: positive("Paid hours a day.", 24) = 8.0,
    name: query_text("What the workaround is.") = "workaround",
):
    """A workaround's cost a year: minutes lost x times a day x agents x working days, at the
    loaded hourly cost; its capacity in FTE."""
    try:
        cost = workaround_cost(
            minutes_lost_per_occurrence,
            occurrences_per_agent_per_day,
            agents_affected,
            cost_per_hour,
            working_days_per_year,
            paid_hours_per_day,
            name=name or "workaround",
        )
    except StaffingInputError as error:
        raise _query_error(error) from None
    return WorkaroundOut(
        name=cost.name,
        hours_per_year=cost.hours_per_year,
        cost_per_year=cost.cost_per_year,
        fte=cost.fte,
    )
