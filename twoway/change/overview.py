"""What the initiative and portfolio pages show, read in a fixed number of queries.

Adoption figures are the expensive part (a year of daily rows per unit): they are computed once
per version of the initiative's data and day, kept in `AdoptionSnapshot`, and every later view
reads one row. Figures are per unit; a seat shows the units its scope covers.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.insights.adoption import day_date, day_number
from twoway.insights.coverage import characteristics_total, is_large_change

from .access import Seat
from .adoption import Adoption, adoption_evidence, compute_adoption
from .charts import adoption_svg, timeline_svg
from .models import AdaptAlert, AdoptionSnapshot, Initiative
from .templatetags.change_tags import days, ratio, share

CHART_DAYS = 730  # the chart shows at most the last two years


def adoption_payload(initiative: Initiative, adoption: Adoption | None = None) -> dict[str, Any]:
    """The stored figures for the current version and day, computed when missing (or from
    `adoption` when the caller has just computed it, as an import does)."""
    today = timezone.localdate().isoformat()
    stored = AdoptionSnapshot.objects.filter(initiative=initiative).first()
    fresh = stored and stored.version == initiative.version and stored.payload.get("day") == today
    if fresh and adoption is None:
        return stored.payload
    payload = _compute_payload(initiative, today, adoption)
    with transaction.atomic():
        AdoptionSnapshot.objects.update_or_create(
            initiative=initiative, defaults={"version": initiative.version, "payload": payload}
        )
    return payload


def _compute_payload(
    initiative: Initiative, today: str, adoption: Adoption | None
) -> dict[str, Any]:
    adoption = adoption or compute_adoption(initiative)
    evidence = adoption_evidence(adoption, datetime.date.fromisoformat(today))
    payload: dict[str, Any] = {
        "day": today,
        "as_of": adoption.as_of.isoformat() if adoption.as_of else None,
        "units": [_unit_row(u) for u in adoption.units],
        "overall": _unit_row(adoption.overall) if adoption.overall else None,
        "evidence": evidence.__dict__,
        "chart": None,
    }
    if adoption.overall is not None and adoption.as_of is not None:
        end = day_number(adoption.as_of) - adoption.first_day + 1
        start = max(0, end - CHART_DAYS)
        series = adoption.overall.utilisation[start:end]
        t = range(
            adoption.first_day + start - day_number(adoption.overall.go_live),
            adoption.first_day + end - day_number(adoption.overall.go_live),
        )
        target = adoption.target.at(list(t))
        payload["chart"] = {
            "first": day_date(adoption.first_day + start).isoformat(),
            "utilisation": [_number(v) for v in series],
            "target": [_number(v) for v in target],
        }
    return payload


def _number(v: float) -> float | None:
    return None if v is None or math.isnan(v) else round(float(v), 4)


def _unit_row(unit) -> dict[str, Any]:
    return {
        "unit_id": unit.unit_id,
        "path": unit.path,
        "go_live": unit.go_live.isoformat(),
        "last_day": unit.last_day.isoformat() if unit.last_day else None,
        **unit.metrics.as_dict(),
    }


def _shown(unit: dict, short: str) -> dict:
    """A unit's row with its figures already written out: the table can hold 500 rows, and
    formatting in Python costs a fraction of template filters."""
    return {
        **unit,
        "short": short,
        "utilisation_text": share(unit["utilisation"]),
        "t80_text": days(unit["t80_days"]),
        "sustainment_text": ratio(unit["sustainment"]),
    }


@dataclass
class AdoptionView:
    as_of: str | None
    units: list[dict]
    overall: dict | None
    chart: str
    hidden_units: int  # units with figures outside the seat's scope


def adoption_view(seat: Seat) -> AdoptionView:
    payload = adoption_payload(seat.initiative)
    units = [
        _shown(u, seat.tree.short(u["unit_id"]))
        for u in payload["units"]
        if seat.sees_unit(u["unit_id"])
    ]
    chart = ""
    if payload["chart"]:
        c = payload["chart"]
        chart = adoption_svg(
            datetime.date.fromisoformat(c["first"]),
            c["utilisation"],
            c["target"],
            title=_("Adoption of the whole initiative"),
            desc=_(
                "Daily utilisation over the last 7 days (solid line) against the target curve "
                "(dashed); the table below gives each unit's figures."
            ),
        )
    return AdoptionView(
        payload["as_of"], units, payload["overall"], chart, len(payload["units"]) - len(units)
    )


def timeline(seat: Seat) -> str:
    phases = [(p.name, p.start, p.go_live, p.sustain_until) for p in seat.phases.phases]
    return timeline_svg(
        phases,
        timezone.localdate(),
        title=_("Rollout phases"),
        desc=_(
            "Each phase runs from its start (light) through its go-live to sustain-until "
            "(dark); the red line is today. The table beside it lists the dates."
        ),
    )


def phase_rows(seat: Seat) -> list[dict]:
    tree = seat.tree
    return [
        {
            "phase": p,
            "units": sorted(tree.short(pk) for pk in seat.phases.units[p.pk]),
            "slipped": (p.go_live - p.planned_go_live).days,
        }
        for p in seat.phases.phases
    ]


def size_of(initiative: Initiative) -> dict:
    try:
        total = characteristics_total(initiative.characteristics or {})
    except ValueError:
        total = None
    return {
        "total": total,
        "large": is_large_change(total),
        "rated": len(initiative.characteristics or {}),
    }


def open_alerts(seat: Seat) -> list[AdaptAlert]:
    alerts = AdaptAlert.objects.filter(initiative=seat.initiative, cleared_by__isnull=True)
    return [a for a in alerts.select_related("unit") if seat.sees_unit(a.unit_id)]


def business_case_summary(initiative: Initiative) -> dict | None:
    case = initiative.business_case
    return case.summary if case is not None and case.summary else None
