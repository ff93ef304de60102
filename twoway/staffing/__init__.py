"""Contact-center staffing math: Erlang B, C and A, agents required, shrinkage and FTE, and
business cases that put money on a change. Pure NumPy/SciPy; no Django import.

The stable entry point for batch work is
`agents_required(calls, aht, interval, service_level, answer_within, **options)`.
"""

from twoway.staffing.case import (
    Baseline,
    BusinessCase,
    CaseResult,
    Scenario,
    ScenarioResult,
    ServiceTarget,
    Workaround,
    WorkaroundCost,
    evaluate_case,
    workaround_cost,
)
from twoway.staffing.casefile import case_from_dict, daily_volume_plan, load_case
from twoway.staffing.erlang import (
    QueueMetrics,
    average_speed_of_answer,
    erlang_a_metrics,
    erlang_b,
    erlang_c,
    erlang_c_metrics,
    occupancy,
    service_level,
)
from twoway.staffing.errors import InfeasibleTargetError, PlanFileError, StaffingInputError
from twoway.staffing.plan import IntervalPlan, StaffedPlan, agents_by_start, staff_plan
from twoway.staffing.planio import read_plan, write_plan
from twoway.staffing.requirements import (
    Requirement,
    agents_required,
    staffing_requirement,
    traffic_erlangs,
)
from twoway.staffing.shrinkage import scheduled_staff, total_shrinkage, weekly_fte

__all__ = [
    "Baseline",
    "BusinessCase",
    "CaseResult",
    "InfeasibleTargetError",
    "IntervalPlan",
    "PlanFileError",
    "QueueMetrics",
    "Requirement",
    "Scenario",
    "ScenarioResult",
    "ServiceTarget",
    "StaffedPlan",
    "StaffingInputError",
    "Workaround",
    "WorkaroundCost",
    "agents_by_start",
    "agents_required",
    "average_speed_of_answer",
    "case_from_dict",
    "daily_volume_plan",
    "erlang_a_metrics",
    "erlang_b",
    "erlang_c",
    "erlang_c_metrics",
    "evaluate_case",
    "load_case",
    "occupancy",
    "read_plan",
    "scheduled_staff",
    "service_level",
    "staff_plan",
    "staffing_requirement",
    "total_shrinkage",
    "traffic_erlangs",
    "weekly_fte",
    "workaround_cost",
    "write_plan",
]
