"""Between the form and the saved case: the library's plain data, built and read back.

Only what the form shows is replaced; everything else in a saved case (weeks per year, a
second scenario written by another front-end, the service-level basis) is kept as it was.
"""

from __future__ import annotations

import copy
from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from twoway.staffing import (
    Baseline,
    CaseResult,
    ServiceTarget,
    StaffingInputError,
    daily_volume_plan,
)

from .compute import evaluate
from .forms import CASE_FIELDS, DAILY_DEFAULTS, CaseForm


def _daily_workload(inputs: dict[str, Any]) -> dict[str, Any]:
    daily = inputs["daily_calls"]
    # The library takes one number for every day, or a list of seven (not a list of one).
    plan = daily_volume_plan(
        daily[0] if len(daily) == 1 else daily,
        inputs["aht"],
        open_hours=inputs["open_hours"],
        opens_at=inputs["opens_at"],
        interval_seconds=inputs["interval_seconds"],
        profile=inputs.get("arrival_profile") or "flat",
    )
    return plan.to_dict()


def _replace_first(items: list[dict[str, Any]], item: dict[str, Any] | None) -> list:
    rest = items[1:]
    return rest if item is None else [{**(items[0] if items else {}), **item}, *rest]


def case_data_from_form(form: CaseForm, existing: dict[str, Any] | None) -> dict[str, Any]:
    """The case as `BusinessCase.to_dict()` data, from a valid form over the saved data."""
    data = copy.deepcopy(existing or {})
    levers = form.levers()
    inputs = form.workload_inputs()
    data["name"] = form.cleaned_data["name"]
    data["description"] = form.cleaned_data["description"]
    data["currency"] = form.cleaned_data["currency"]
    data["target"] = {**data.get("target", {}), **levers["target"]}
    data["baseline"] = {**data.get("baseline", {}), **levers["baseline"]}
    if inputs["kind"] == "daily":
        data["workload"] = _daily_workload(inputs)
    workaround = levers["workaround"]
    if any(value not in (None, "") for value in workaround.values()):
        workaround["name"] = workaround["name"] or "Workaround"
    else:
        workaround = None
    data["scenarios"] = _replace_first(data.get("scenarios", []), levers["scenario"])
    data["workarounds"] = _replace_first(data.get("workarounds", []), workaround)
    return data


def evaluate_form(
    form: CaseForm, existing: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, CaseResult | None]:
    """Validate the form and evaluate the case; library errors land on the form's fields."""
    if not form.is_valid():
        return None, None
    try:
        data = case_data_from_form(form, existing)
        return data, evaluate(data)
    except StaffingInputError as error:
        form.add_library_error(error)
        return None, None


def form_initial(data: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """Initial form values for a saved case (shares back to percent)."""
    sections = {
        "target": data.get("target", {}),
        "baseline": data.get("baseline", {}),
        "scenario": (data.get("scenarios") or [{}])[0],
        "workaround": (data.get("workarounds") or [{}])[0],
    }
    initial: dict[str, Any] = {
        "name": data.get("name", ""),
        "description": data.get("description", ""),
        "currency": data.get("currency", "$"),
    }
    for name, (section, key, is_percent) in CASE_FIELDS.items():
        value = sections[section].get(key)
        if value is not None:
            initial[name] = _plain_number(value * 100.0 if is_percent else value)
    initial.update(_workload_initial(data, inputs))
    return initial


def _plain_number(value: Any) -> Any:
    """80 rather than 80.0 or 80.00000000000001 in the form (shares come back from percent)."""
    if isinstance(value, float):
        value = round(value, 6)
        return int(value) if value.is_integer() else value
    return value


def _workload_initial(data: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    if inputs.get("kind") == "plan":
        daily = DAILY_DEFAULTS
        interval = data.get("workload", {}).get("interval_seconds", 900)
        source = "plan"
    else:
        daily = {**DAILY_DEFAULTS, **inputs}
        interval = daily["interval_seconds"]
        source = "daily"
    hours = int(daily["opens_at"])
    return {
        "workload_source": source,
        "daily_calls": daily["daily_calls"],
        "aht": _plain_number(daily["aht"]),
        "open_hours": _plain_number(daily["open_hours"]),
        "opens_at": f"{hours:02d}:{round((daily['opens_at'] - hours) * 60):02d}",
        "interval_minutes": round(interval / 60),
        "arrival_profile": daily.get("arrival_profile") or "flat",
    }


def default_case_data(name: str, workload: dict[str, Any]) -> dict[str, Any]:
    """A case over `workload` with the library's default target and baseline and no change."""
    return {
        "name": name,
        "description": "",
        "currency": "$",
        "target": asdict(ServiceTarget()),
        "baseline": asdict(Baseline()),
        "workload": workload,
        "scenarios": [{"name": pgettext("default scenario name", "Change")}],
        "workarounds": [],
    }


def new_case_data() -> tuple[dict[str, Any], dict[str, Any]]:
    """The case a new page starts from, and its workload inputs: the default daily volumes."""
    inputs = {"kind": "daily", **DAILY_DEFAULTS}
    return default_case_data(_("New business case"), _daily_workload(inputs)), inputs
