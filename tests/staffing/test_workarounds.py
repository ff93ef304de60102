"""Workaround pricing, worked by hand, and the board's array pricing against the reference
`workaround_cost` of twoway.staffing (one call per workaround)."""

import numpy as np
import pytest

from twoway.staffing import StaffingInputError, workaround_cost
from twoway.staffing.workarounds import (
    PricingAssumptions,
    price_workaround,
    price_workarounds,
    times_per_shift,
)

DEFAULTS = PricingAssumptions()


def test_contacts_per_shift_come_from_paid_time_shrinkage_occupancy_and_handle_time():
    # 8 h x 3600 s x (1 - 0.30) x 0.85 / 360 s = 17,136 / 360 = 47.6 contacts.
    assert DEFAULTS.contacts_per_shift == pytest.approx(47.6)


def test_half_a_minute_on_every_contact_for_forty_people():
    # 47.6 contacts x 0.5 min = 23.8 min a shift; x 40 people = 952 min a day;
    # x 230 days / 60 = 3,649.33 h a year; x $30 = $109,480; 952 / 480 = 1.983 FTE.
    cost = price_workaround(0.5, 1, "contact", 40, DEFAULTS)
    assert cost.hours_per_year == pytest.approx(3649.333, rel=1e-6)
    assert cost.cost_per_year == pytest.approx(109_480.0)
    assert cost.fte == pytest.approx(952 / 480)


def test_ten_minutes_twice_a_week_for_a_hundred_people():
    # 2 a week / 5 shifts = 0.4 a shift; 10 min x 0.4 x 100 = 400 min a day;
    # 400 x 230 / 60 = 1,533.33 h; $46,000; 400 / 480 = 0.833 FTE.
    cost = price_workaround(10, 2, "week", 100, DEFAULTS)
    assert cost.cost_per_year == pytest.approx(46_000.0)
    assert cost.fte == pytest.approx(400 / 480)


def test_per_shift_is_the_business_case_pages_workaround():
    # The cases page's default: 2 min, 6 times a day, 100 agents: $138,000 and 2.5 FTE.
    cost = price_workaround(2, 6, "shift", 100, DEFAULTS)
    assert cost.cost_per_year == pytest.approx(138_000.0) and cost.fte == pytest.approx(2.5)


def test_the_board_in_arrays_equals_one_reference_call_per_workaround():
    rng = np.random.default_rng(4)
    n = 500
    minutes = rng.uniform(0.1, 5, n)
    often = rng.uniform(0.01, 1, n)
    per = rng.choice(["contact", "shift", "week"], n)
    people = rng.integers(1, 300, n)
    assumptions = PricingAssumptions(cost_per_hour=41.5, shrinkage=0.35, aht_seconds=420)
    prices = price_workarounds(minutes, often, per, people, assumptions)
    for i in range(n):
        per_day = float(times_per_shift(often[i], per[i], assumptions))
        reference = workaround_cost(
            minutes[i], per_day, people[i], 41.5,
            working_days_per_year=230, paid_hours_per_day=8,
        )  # fmt: skip
        assert prices.cost_per_year[i] == pytest.approx(reference.cost_per_year)
        assert prices.fte[i] == pytest.approx(reference.fte)
        assert prices.hours_per_year[i] == pytest.approx(reference.hours_per_year)


@pytest.mark.parametrize(
    ("minutes", "often", "per", "people", "field"),
    [
        (0, 1, "shift", 10, "minutes_lost"),
        (-3, 1, "shift", 10, "minutes_lost"),
        (481, 1, "shift", 10, "minutes_lost"),  # more than an 8-hour shift
        (5, 0, "shift", 10, "how_often"),
        (5, 1, "shift", 0, "people_affected"),
        (5, 1, "hour", 10, "per"),
        (30, 1, "contact", 10, "how_often"),  # 30 min x 47.6 contacts: more than the shift
        (float("nan"), 1, "shift", 10, "minutes_lost"),
    ],
)
def test_bad_figures_name_their_field(minutes, often, per, people, field):
    with pytest.raises(StaffingInputError) as caught:
        price_workaround(minutes, often, per, people, DEFAULTS)
    assert caught.value.field == field


def test_assumptions_out_of_range_name_their_field():
    with pytest.raises(StaffingInputError) as caught:
        PricingAssumptions(shrinkage=1.0)
    assert caught.value.field == "shrinkage"
    with pytest.raises(StaffingInputError) as caught:
        PricingAssumptions(aht_seconds=0)
    assert caught.value.field == "aht_seconds"
