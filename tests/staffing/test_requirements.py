"""Agents required: pyworkforce as an independent oracle, edges, scale and bad input."""

import math

import numpy as np
import pytest
from pyworkforce.queuing import ErlangC

from twoway.staffing import (
    InfeasibleTargetError,
    StaffingInputError,
    agents_required,
    erlang_c_metrics,
    staffing_requirement,
)


def _pyworkforce(calls, aht, interval, level, within, cap=1.0):
    # pyworkforce only needs consistent units, so seconds throughout.
    return ErlangC(calls, aht, within, interval).required_positions(level, max_occupancy=cap)


def _pyworkforce_starts_too_high(traffic):
    # pyworkforce starts its search at round(traffic + 1); the smallest stable staffing is
    # floor(traffic) + 1, which differs when the fractional part is 0.5 or more.
    return round(traffic + 1) > math.floor(traffic) + 1


def test_agrees_with_pyworkforce_on_a_random_sweep():
    rng = np.random.default_rng(20240501)
    calls = rng.uniform(1, 400, 150)
    aht = rng.uniform(60, 600, 150)
    level = rng.uniform(0.5, 0.95, 150)
    within = rng.choice([10.0, 20.0, 30.0, 60.0], 150)
    ours = agents_required(calls, aht, 900.0, level, within)
    ours_sl = erlang_c_metrics(ours, calls * aht / 900.0, aht, within).service_level
    for i in range(150):
        theirs = _pyworkforce(calls[i], aht[i], 900.0, level[i], within[i])
        traffic = calls[i] * aht[i] / 900.0
        if theirs["raw_positions"] != ours[i]:
            # The only disagreement allowed is pyworkforce's off-by-one, shown below.
            assert _pyworkforce_starts_too_high(traffic) and ours[i] == math.floor(traffic) + 1
            continue
        assert ours_sl[i] == pytest.approx(theirs["service_level"], abs=1e-9)


def test_pyworkforce_is_one_agent_too_many_when_the_fraction_is_at_least_a_half():
    # 12 calls an hour at 180 s: 0.6 Erlangs. One agent answers 84% within 600 s:
    # P(wait) = 0.6 and 1 - 0.6 e^{-(1 - 0.6) 600 / 180} = 0.842 >= 0.8. pyworkforce starts at
    # round(1.6) = 2 agents and never looks at 1, though its own formula says 1 is enough.
    ours = agents_required(12, 180, 3600, 0.8, 600)
    theirs = ErlangC(12, 180, 600, 3600).required_positions(0.8)["raw_positions"]
    assert ours == 1
    assert theirs == 2
    assert ErlangC(12, 180, 600, 3600).service_level(1) >= 0.8
    assert erlang_c_metrics(1, 0.6, 180, 600).service_level == pytest.approx(0.842, abs=1e-3)


def test_call_centre_helper_example_needs_fourteen_agents():
    assert agents_required(100, 180, 1800, 0.8, 20) == 14
    assert agents_required(100, 180, 1800, 0.8, 20, max_occupancy=0.7) == 15  # 10 / 0.7 -> 15


def test_occupancy_cap_is_met_exactly_at_the_boundary():
    # 8.5 Erlangs at an 85% cap is exactly 10 agents, though 8.5 / 0.85 = 10.000000000000002.
    assert agents_required(85, 90, 900, 0.01, 20, max_occupancy=0.85) == 10


def test_tiny_traffic_needs_one_agent():
    assert agents_required(0.01, 180, 900, 0.8, 20) == 1


def test_asa_target_can_drive_the_answer():
    base = agents_required(100, 180, 1800, 0.8, 20)
    stricter = agents_required(100, 180, 1800, 0.8, 20, asa=2.0)
    assert stricter > base
    assert erlang_c_metrics(stricter, 10.0, 180, 20).asa <= 2.0
    assert erlang_c_metrics(stricter - 1, 10.0, 180, 20).asa > 2.0


def test_answer_is_the_smallest_meeting_the_target():
    calls = np.array([10.0, 55.0, 400.0, 2000.0])
    agents = agents_required(calls, 300.0, 900.0, 0.8, 20.0)
    traffic = calls * 300.0 / 900.0
    assert np.all(erlang_c_metrics(agents, traffic, 300.0, 20.0).service_level >= 0.8)
    assert np.all(erlang_c_metrics(agents - 1, traffic, 300.0, 20.0).service_level < 0.8)


def test_a_hundred_thousand_erlangs_is_exact():
    """No overflow at very large traffic; speed is measured in bench/staffing.py."""
    calls = 100_000 * 900 / 300
    agents = agents_required(calls, 300, 900, 0.8, 20)
    assert erlang_c_metrics(agents, 1e5, 300, 20).service_level >= 0.8
    assert erlang_c_metrics(agents - 1, 1e5, 300, 20).service_level < 0.8


def test_erlang_a_needs_fewer_agents_and_respects_an_abandonment_ceiling():
    plain = agents_required(100, 180, 1800, 0.8, 20)
    patient = agents_required(100, 180, 1800, 0.8, 20, patience=120)
    capped = agents_required(100, 180, 1800, 0.8, 20, patience=120, max_abandon=0.01)
    assert patient < plain
    assert capped > patient
    result = staffing_requirement(100, 180, 1800, 0.8, 20, patience=120, max_abandon=0.01)
    assert result.metrics.p_abandon <= 0.01


def test_scalars_in_give_an_int_out_and_arrays_give_arrays():
    assert isinstance(agents_required(100, 180, 1800, 0.8, 20), int)
    assert agents_required([100, 200], 180, 1800, 0.8, 20).shape == (2,)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"calls": 0}, "calls"),
        ({"calls": -5}, "calls"),
        ({"aht": 0}, "aht"),
        ({"aht": -1}, "aht"),
        ({"interval": 0}, "interval"),
        ({"service_level": 1.0}, "service_level"),
        ({"service_level": 0.0}, "service_level"),
        ({"answer_within": -1}, "answer_within"),
        ({"max_occupancy": 0.0}, "max_occupancy"),
        ({"max_occupancy": 1.2}, "max_occupancy"),
        ({"patience": -3}, "patience"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    args = {"calls": 100, "aht": 180, "interval": 1800, "service_level": 0.8, "answer_within": 20}
    args.update(kwargs)
    with pytest.raises(StaffingInputError) as caught:
        agents_required(**args)
    assert caught.value.field == field
    assert f'"{field}"' in str(caught.value)


def test_bad_element_in_an_array_is_located():
    with pytest.raises(StaffingInputError, match="at index 2"):
        agents_required([10, 20, -1], 180, 900, 0.8, 20)


def test_targets_beyond_a_seat_cap_are_impossible():
    with pytest.raises(InfeasibleTargetError, match="max_agents"):
        agents_required(1000, 300, 900, 0.8, 20, max_occupancy=0.8, max_agents=300)
    assert agents_required(1000, 300, 900, 0.8, 20, max_agents=400) <= 400
