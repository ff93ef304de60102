"""Form data and saved cases shared by the business-case tests."""

from __future__ import annotations

from twoway.cases.casedata import new_case_data
from twoway.cases.services import create_case

FORM = {
    "name": "New desktop",
    "description": "",
    "currency": "$",
    "workload_source": "daily",
    "daily_calls": "5200, 4800, 4700, 4600, 4400, 2100, 1500",
    "aht": "330",
    "open_hours": "12",
    "opens_at": "08:00",
    "interval_minutes": "15",
    "service_level": "80",
    "answer_within": "20",
    "max_occupancy": "",
    "patience": "",
    "shrinkage": "30",
    "cost_per_hour": "32",
    "paid_hours_per_fte_per_week": "40",
    "attrition_rate": "35",
    "replacement_cost": "6000",
    "fcr": "72",
    "repeats_per_unresolved": "1",
    "discount_rate": "8",
    "horizon_years": "3",
    "scenario_name": "Desktop",
    "aht_seconds_saved": "20",
    "volume_change": "0",
    "fcr_gain": "0",
    "scenario_shrinkage": "",
    "scenario_attrition_rate": "",
    "scenario_replacement_cost": "",
    "one_off_cost": "250000",
    "running_cost_per_year": "30000",
    "workaround_name": "",
    "minutes_lost_per_occurrence": "",
    "occurrences_per_agent_per_day": "",
    "agents_affected": "",
}


def form(**changes) -> dict[str, str]:
    """A valid business-case form with some fields changed."""
    return {**FORM, **{key: str(value) for key, value in changes.items()}}


def saved_case(organisation, owner, name="Saved case"):
    data, inputs = new_case_data()
    data["name"] = name
    data["scenarios"] = [{"name": "Chatbot", "volume_change": -0.1, "one_off_cost": 100000.0}]
    return create_case(organisation, owner, data, inputs)
