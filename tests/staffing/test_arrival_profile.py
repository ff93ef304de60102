"""An intraday arrival profile: the same daily contacts, peaked as a usual inbound day."""

import numpy as np
import pytest

from twoway.staffing import StaffingInputError, daily_volume_plan
from twoway.staffing.casefile import arrival_weights


def test_shares_sum_to_one_and_the_morning_peak_leads():
    hours = 8 + (np.arange(48) + 0.5) * 0.25  # 08:00 to 20:00 in quarter hours
    flat, peaks = arrival_weights(hours), arrival_weights(hours, "two_peaks")
    assert flat.sum() == pytest.approx(1) and peaks.sum() == pytest.approx(1)
    assert np.allclose(flat, 1 / 48)
    assert hours[np.argmax(peaks)] == pytest.approx(10.375, abs=0.25)
    afternoon = peaks[(hours > 13) & (hours < 16)].max()
    assert peaks.max() > afternoon > peaks[-1]  # a smaller second peak, a quiet evening


def test_a_peaked_day_keeps_each_days_volume_and_needs_more_agents_at_its_peak():
    flat = daily_volume_plan(4800, 330)
    peaked = daily_volume_plan(4800, 330, profile="two_peaks")
    assert float(np.sum(peaked.calls)) == pytest.approx(float(np.sum(flat.calls)))
    assert float(np.max(peaked.calls)) > 1.5 * float(np.max(flat.calls))


def test_an_unknown_profile_names_its_field():
    with pytest.raises(StaffingInputError, match="arrival_profile"):
        daily_volume_plan(4800, 330, profile="weekend")
