"""Shrinkage, FTE, business cases and workaround costs."""

import json

import numpy as np
import pytest

from twoway.staffing import (
    BusinessCase,
    IntervalPlan,
    Scenario,
    StaffingInputError,
    case_from_dict,
    daily_volume_plan,
    evaluate_case,
    scheduled_staff,
    total_shrinkage,
    weekly_fte,
    workaround_cost,
)


def test_shrinkage_components_combine_multiplicatively_or_additively():
    parts = {"breaks": 0.1, "training": 0.1, "absence": 0.1}
    assert total_shrinkage(parts) == pytest.approx(1 - 0.9**3)
    assert total_shrinkage(parts, "additive") == pytest.approx(0.3)


def test_shrinkage_of_one_hundred_percent_is_refused():
    with pytest.raises(StaffingInputError, match="shrinkage"):
        scheduled_staff(10, 1.0)
    with pytest.raises(StaffingInputError, match="100%"):
        total_shrinkage([0.6, 0.5], "additive")


def test_scheduled_staff_and_weekly_fte():
    assert scheduled_staff(14, 0.3) == pytest.approx(20.0)
    # 96 intervals of 15 minutes x 7 days with 10 scheduled = 1680 hours = 42 FTE of 40 h.
    assert weekly_fte(np.full(672, 10.0), 900, 40) == pytest.approx(42.0)


def test_workaround_cost_is_minutes_times_frequency_times_people_times_wage():
    cost = workaround_cost(2, 6, 120, 32.0, working_days_per_year=230, paid_hours_per_day=8)
    assert cost.hours_per_year == pytest.approx(2 * 6 * 120 * 230 / 60)  # 5,520 h
    assert cost.cost_per_year == pytest.approx(5520 * 32.0)
    assert cost.fte == pytest.approx(2 * 6 * 120 / 480)  # 3 FTE of capacity


def _case(**scenario):
    plan = daily_volume_plan(4000, 300, open_hours=12)
    return BusinessCase(name="Test", workload=plan, scenarios=[Scenario(name="Change", **scenario)])


def test_a_shorter_handle_time_saves_fte_and_money_and_pays_back():
    result = evaluate_case(_case(aht_seconds_saved=20, one_off_cost=100_000))
    change = result.scenarios[0]
    assert change.fte < result.baseline.fte
    assert change.money_saved_per_year == pytest.approx(
        result.baseline.total_cost_per_year - change.total_cost_per_year
    )
    assert change.payback_months == pytest.approx(12 * 100_000 / change.money_saved_per_year)
    years = np.arange(1, 4)
    expected_npv = -100_000 + np.sum(change.money_saved_per_year / 1.08**years)
    assert change.npv == pytest.approx(expected_npv)


def test_fte_is_scheduled_hours_over_paid_hours():
    result = evaluate_case(_case())
    base = result.baseline
    hours = base.agents.sum() * 0.25 / (1 - 0.30)
    assert base.fte == pytest.approx(hours / 40.0)
    assert base.labour_cost_per_year == pytest.approx(hours * 52 * 30.0)


def test_better_fcr_removes_repeat_contacts():
    # FCR 70% -> 80% with one repeat per unresolved contact: 1.2 / 1.3 of the contacts remain.
    result = evaluate_case(_case(fcr_gain=0.10))
    assert result.scenarios[0].calls_per_week == pytest.approx(
        result.baseline.calls_per_week * 1.2 / 1.3
    )


def test_a_change_that_costs_more_never_pays_back():
    result = evaluate_case(_case(running_cost_per_year=1e9, one_off_cost=10))
    assert result.scenarios[0].payback_months is None
    assert result.scenarios[0].npv < 0


def test_case_round_trips_through_json():
    case = _case(aht_seconds_saved=15)
    again = case_from_dict(json.loads(json.dumps(case.to_dict())))
    assert evaluate_case(again).to_dict() == evaluate_case(case).to_dict()


def test_misspelt_lever_is_an_error_not_a_silent_zero():
    data = _case().to_dict()
    data["scenarios"][0]["aht_second_saved"] = 20
    with pytest.raises(StaffingInputError, match="aht_second_saved"):
        case_from_dict(data)


def test_closed_intervals_need_no_agents():
    plan = IntervalPlan(
        ["q", "q"], ["Mon 00:00", "Mon 08:00"], np.array([0.0, 100.0]), np.array([300.0, 300.0])
    )
    result = evaluate_case(BusinessCase(name="x", workload=plan))
    assert result.baseline.agents.tolist()[0] == 0
    assert result.baseline.agents.tolist()[1] > 0


def test_weekly_plan_with_three_scenarios_recomputes_quickly():

    rng = np.random.default_rng(3)
    n = 13_440
    plan = IntervalPlan(
        [f"q{i % 20}" for i in range(n)],
        [f"s{i // 20}" for i in range(n)],
        rng.uniform(10, 2000, n),
        rng.uniform(180, 600, n),
    )
    case = BusinessCase(
        name="big",
        workload=plan,
        scenarios=[
            Scenario("A", aht_seconds_saved=20),
            Scenario("B", fcr_gain=0.05),
            Scenario("C", volume_change=-0.1),
        ],
    )
    result = evaluate_case(case)  # speed is measured in bench/staffing.py, not asserted here
    assert len(result.agents_by_start["A"]) == 672
