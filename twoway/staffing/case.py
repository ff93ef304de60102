"""Business cases: what a change does to agents, FTE and money, against a baseline.

A case is plain data (dataclasses in, dataclasses and dicts out), so a web page can keep it in a
JSON field, a command can read it from TOML, and both get the same numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from twoway.staffing.errors import StaffingInputError
from twoway.staffing.plan import IntervalPlan, agents_by_start
from twoway.staffing.requirements import agents_required
from twoway.staffing.shrinkage import check_shrinkage


@dataclass
class ServiceTarget:
    """The service every scenario must deliver, interval by interval."""

    service_level: float = 0.8
    answer_within: float = 20.0
    max_occupancy: float | None = None
    patience: float | None = None
    sl_basis: str = "offered"

    def options(self) -> dict[str, Any]:
        """Keyword options for `agents_required`."""
        out: dict[str, Any] = {}
        if self.max_occupancy is not None:
            out["max_occupancy"] = self.max_occupancy
        if self.patience is not None:
            out["patience"] = self.patience
            out["sl_basis"] = self.sl_basis
        return out


@dataclass
class Baseline:
    """How the operation runs and costs today. Money is per year unless named otherwise."""

    shrinkage: float = 0.30
    cost_per_hour: float = 30.0
    paid_hours_per_fte_per_week: float = 40.0
    weeks_per_year: float = 52.0
    attrition_rate: float = 0.30
    replacement_cost: float = 5000.0
    fcr: float = 0.70
    repeats_per_unresolved: float = 1.0
    discount_rate: float = 0.08
    horizon_years: int = 3


@dataclass
class Scenario:
    """A change, as levers relative to the baseline; None keeps the baseline's value."""

    name: str
    aht_seconds_saved: float = 0.0
    volume_change: float = 0.0
    fcr_gain: float = 0.0
    shrinkage: float | None = None
    attrition_rate: float | None = None
    replacement_cost: float | None = None
    cost_per_hour: float | None = None
    one_off_cost: float = 0.0
    running_cost_per_year: float = 0.0


@dataclass
class Workaround:
    """Time the frontline loses to a broken process or tool, several times a day."""

    name: str
    minutes_lost_per_occurrence: float
    occurrences_per_agent_per_day: float
    agents_affected: float
    working_days_per_year: float = 230.0
    paid_hours_per_day: float = 8.0


@dataclass(frozen=True)
class WorkaroundCost:
    name: str
    hours_per_year: float
    cost_per_year: float
    fte: float


@dataclass
class BusinessCase:
    """A baseline, the scenarios to compare with it and the weekly workload they all serve."""

    name: str
    workload: IntervalPlan
    target: ServiceTarget = field(default_factory=ServiceTarget)
    baseline: Baseline = field(default_factory=Baseline)
    scenarios: list[Scenario] = field(default_factory=list)
    workarounds: list[Workaround] = field(default_factory=list)
    currency: str = "$"
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data (the workload inline), which `case_from_dict` reads back."""
        return {
            "name": self.name,
            "description": self.description,
            "currency": self.currency,
            "target": asdict(self.target),
            "baseline": asdict(self.baseline),
            "workload": self.workload.to_dict(),
            "scenarios": [asdict(s) for s in self.scenarios],
            "workarounds": [asdict(w) for w in self.workarounds],
        }


@dataclass
class ScenarioResult:
    """Agents, FTE and money for one scenario (the baseline is a scenario with no levers)."""

    name: str
    agents: NDArray[np.int64]
    calls_per_week: float
    mean_aht: float
    fte: float
    scheduled_hours_per_week: float
    labour_cost_per_year: float
    attrition_cost_per_year: float
    running_cost_per_year: float
    total_cost_per_year: float
    one_off_cost: float = 0.0
    fte_saved: float = 0.0
    money_saved_per_year: float = 0.0
    payback_months: float | None = None
    npv: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["agents"] = self.agents.tolist()
        return out


@dataclass
class CaseResult:
    case: BusinessCase
    baseline: ScenarioResult
    scenarios: list[ScenarioResult]
    workarounds: list[WorkaroundCost]
    assumptions: list[dict[str, Any]]
    starts: list[str]
    agents_by_start: dict[str, list[float]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.case.name,
            "currency": self.case.currency,
            "baseline": self.baseline.to_dict(),
            "scenarios": [s.to_dict() for s in self.scenarios],
            "workarounds": [asdict(w) for w in self.workarounds],
            "assumptions": self.assumptions,
            "starts": self.starts,
            "agents_by_start": self.agents_by_start,
        }


def workaround_cost(
    minutes_lost_per_occurrence: float,
    occurrences_per_agent_per_day: float,
    agents_affected: float,
    cost_per_hour: float,
    working_days_per_year: float = 230.0,
    paid_hours_per_day: float = 8.0,
    name: str = "workaround",
) -> WorkaroundCost:
    """minutes x occurrences per agent per day x agents x working days / 60 x loaded cost; its
    capacity in FTE is the share of each affected agent's paid day lost, times the agents."""
    values = {
        "minutes_lost_per_occurrence": minutes_lost_per_occurrence,
        "occurrences_per_agent_per_day": occurrences_per_agent_per_day,
        "agents_affected": agents_affected,
        "cost_per_hour": cost_per_hour,
        "working_days_per_year": working_days_per_year,
        "paid_hours_per_day": paid_hours_per_day,
    }
    for key, value in values.items():
        if not float(value) >= 0 or (key == "paid_hours_per_day" and float(value) == 0):
            raise StaffingInputError(key, f"must be greater than 0 (got {value})")
    minutes_per_day = minutes_lost_per_occurrence * occurrences_per_agent_per_day * agents_affected
    hours = minutes_per_day * working_days_per_year / 60.0
    return WorkaroundCost(
        name=name,
        hours_per_year=hours,
        cost_per_year=hours * cost_per_hour,
        fte=minutes_per_day / (60.0 * paid_hours_per_day),
    )


def _volume_factor(case: BusinessCase, scenario: Scenario) -> float:
    """Contacts relative to the baseline: deflection times the repeats that better FCR removes.

    Each contact not resolved first time brings `repeats_per_unresolved` more, so contacts per
    issue are 1 + (1 - FCR) r; the factor is the ratio of that quantity after and before.
    """
    base = case.baseline
    fcr = base.fcr + scenario.fcr_gain
    if not 0.0 <= fcr <= 1.0:
        raise StaffingInputError(
            "fcr_gain", f"takes first-contact resolution to {fcr:.0%}, outside 0-100%"
        )
    if scenario.volume_change <= -1.0:
        raise StaffingInputError(
            "volume_change", f"of {scenario.volume_change:.0%} leaves no contacts"
        )
    repeats = base.repeats_per_unresolved
    return (
        (1.0 + scenario.volume_change)
        * (1.0 + (1.0 - fcr) * repeats)
        / (1.0 + (1.0 - base.fcr) * repeats)
    )


def _staff_scenario(case: BusinessCase, scenario: Scenario) -> ScenarioResult:
    plan, base, target = case.workload, case.baseline, case.target
    calls = plan.calls * _volume_factor(case, scenario)
    aht = plan.aht - scenario.aht_seconds_saved
    if (aht <= 0).any():
        raise StaffingInputError(
            "aht_seconds_saved", f"of {scenario.aht_seconds_saved:g} s leaves no handle time"
        )
    agents = np.zeros(len(plan), dtype=np.int64)
    open_ = calls > 0
    agents[open_] = agents_required(
        calls[open_],
        aht[open_],
        plan.interval_seconds,
        target.service_level,
        target.answer_within,
        **target.options(),
    )
    shrinkage = check_shrinkage(
        base.shrinkage if scenario.shrinkage is None else scenario.shrinkage
    )
    hours = float(agents.sum()) * plan.interval_seconds / 3600.0 / (1.0 - shrinkage)
    fte = hours / base.paid_hours_per_fte_per_week
    cost_per_hour = base.cost_per_hour if scenario.cost_per_hour is None else scenario.cost_per_hour
    attrition = base.attrition_rate if scenario.attrition_rate is None else scenario.attrition_rate
    replace_cost = (
        base.replacement_cost if scenario.replacement_cost is None else scenario.replacement_cost
    )
    labour = hours * base.weeks_per_year * cost_per_hour
    turnover = fte * attrition * replace_cost
    return ScenarioResult(
        name=scenario.name,
        agents=agents,
        calls_per_week=float(calls.sum()),
        mean_aht=float(np.average(aht, weights=calls)) if calls.sum() > 0 else 0.0,
        fte=fte,
        scheduled_hours_per_week=hours,
        labour_cost_per_year=labour,
        attrition_cost_per_year=turnover,
        running_cost_per_year=scenario.running_cost_per_year,
        total_cost_per_year=labour + turnover + scenario.running_cost_per_year,
        one_off_cost=scenario.one_off_cost,
    )


def _compare(result: ScenarioResult, baseline: ScenarioResult, base: Baseline) -> ScenarioResult:
    """Fill in FTE and money saved, payback in months and NPV over the horizon."""
    result.fte_saved = baseline.fte - result.fte
    result.money_saved_per_year = baseline.total_cost_per_year - result.total_cost_per_year
    saved = result.money_saved_per_year
    if saved > 0:
        result.payback_months = 12.0 * result.one_off_cost / saved
    years = np.arange(1, int(base.horizon_years) + 1)
    result.npv = float(-result.one_off_cost + np.sum(saved / (1.0 + base.discount_rate) ** years))
    return result


# Assumptions whose value is a share of 0..1 (the form takes them as percentages).
SHARE_ASSUMPTIONS = frozenset(
    {
        "Service level target",
        "Maximum occupancy",
        "Shrinkage",
        "Attrition per year",
        "First-contact resolution",
        "Discount rate",
    }
)


def _assumptions(case: BusinessCase) -> list[dict[str, Any]]:
    """Every number the result depends on, with what it means."""
    base, target = case.baseline, case.target
    model = "Erlang A (callers abandon)" if target.patience else "Erlang C (no abandonment)"
    rows = [
        ("Queueing model", model, "per queue and interval; agents rounded up per interval"),
        (
            "Service level target",
            target.service_level,
            f"answered within {target.answer_within:g} s",
        ),
        ("Maximum occupancy", target.max_occupancy, "None means no cap"),
        ("Mean patience (s)", target.patience, "only with Erlang A"),
        (
            "Workload",
            f"{len(case.workload)} intervals",
            f"{case.workload.interval_seconds:g} s each, one week",
        ),
        ("Shrinkage", base.shrinkage, "share of paid time not available for contacts"),
        ("Loaded cost per paid hour", base.cost_per_hour, case.currency),
        ("Paid hours per FTE per week", base.paid_hours_per_fte_per_week, ""),
        ("Weeks per year", base.weeks_per_year, ""),
        ("Attrition per year", base.attrition_rate, "share of FTE replaced each year"),
        ("Cost to replace an agent", base.replacement_cost, case.currency),
        ("First-contact resolution", base.fcr, "baseline"),
        ("Repeats per unresolved contact", base.repeats_per_unresolved, ""),
        ("Discount rate", base.discount_rate, "per year, for NPV"),
        ("Horizon (years)", base.horizon_years, "for NPV"),
    ]
    return [
        {"name": n, "value": round(v, 6) if isinstance(v, float) else v, "note": note}
        for n, v, note in rows
    ]


def evaluate_case(case: BusinessCase) -> CaseResult:
    """Staff the workload under the baseline and every scenario and price the differences."""
    baseline = _staff_scenario(case, Scenario(name="Baseline"))
    scenarios = [
        _compare(_staff_scenario(case, s), baseline, case.baseline) for s in case.scenarios
    ]
    starts, base_series = agents_by_start(case.workload, baseline.agents)
    series = {baseline.name: base_series.tolist()}
    for result in scenarios:
        series[result.name] = agents_by_start(case.workload, result.agents)[1].tolist()
    costs = [
        workaround_cost(
            w.minutes_lost_per_occurrence,
            w.occurrences_per_agent_per_day,
            w.agents_affected,
            case.baseline.cost_per_hour,
            w.working_days_per_year,
            w.paid_hours_per_day,
            w.name,
        )
        for w in case.workarounds
    ]
    return CaseResult(case, baseline, scenarios, costs, _assumptions(case), starts, series)
