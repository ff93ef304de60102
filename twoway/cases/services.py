"""The writes of the cases app, shared by the web pages and, later, the API and other apps.

A case is saved with the headline figures of its evaluation, so lists never recompute.
"""

from __future__ import annotations

import copy
from typing import Any

from django.utils.translation import gettext as _

from twoway.org.models import Organisation
from twoway.staffing import IntervalPlan

from .casedata import default_case_data
from .compute import evaluate, summarise
from .models import BusinessCase


def create_case(
    organisation: Organisation, owner, data: dict[str, Any], inputs: dict[str, Any]
) -> BusinessCase:
    """Save a new case owned by `owner`; raises StaffingInputError if it does not evaluate."""
    summary = summarise(evaluate(data))
    return BusinessCase.objects.create(
        organisation=organisation,
        owner=owner,
        name=data["name"][:200],
        data=data,
        workload_inputs=inputs,
        summary=summary,
    )


def update_case(case: BusinessCase, data: dict[str, Any], inputs: dict[str, Any]) -> BusinessCase:
    """Replace a saved case's data; raises StaffingInputError if it does not evaluate."""
    case.summary = summarise(evaluate(data))
    case.name = data["name"][:200]
    case.data = data
    case.workload_inputs = inputs
    case.save(update_fields=["name", "data", "workload_inputs", "summary", "updated_at"])
    return case


def create_case_from_plan(
    organisation: Organisation, owner, name: str, plan: IntervalPlan, filename: str
) -> BusinessCase:
    """A new case whose workload is an uploaded plan, with default levers to start from."""
    data = default_case_data(name, plan.to_dict())
    return create_case(organisation, owner, data, {"kind": "plan", "filename": filename})


def replace_workload(case: BusinessCase, plan: IntervalPlan, filename: str) -> BusinessCase:
    """Put an uploaded plan under an existing case, keeping every lever."""
    data = copy.deepcopy(case.data)
    data["workload"] = plan.to_dict()
    return update_case(case, data, {"kind": "plan", "filename": filename})


def duplicate_case(case: BusinessCase, owner) -> BusinessCase:
    """A copy owned by `owner`, which they can change without touching the original."""
    data = copy.deepcopy(case.data)
    data["name"] = _("Copy of %(name)s") % {"name": case.name}
    return BusinessCase.objects.create(
        organisation=case.organisation,
        owner=owner,
        name=data["name"][:200],
        data=data,
        workload_inputs=copy.deepcopy(case.workload_inputs),
        summary=copy.deepcopy(case.summary),
    )


def delete_case(case: BusinessCase) -> None:
    case.delete()
