"""Adoption figures against hand-computed series: a unit reaching 0.80 on a known day, a stall,
its alert and a recovery, gaps in the data, sustainment (docs/method-change.md)."""

from __future__ import annotations

import numpy as np
import pytest

from twoway.insights.adoption import (
    TargetCurve,
    adoption_metrics,
    behind_days,
    behind_episodes,
    change_after,
    dense_counts,
    rolling_utilisation,
)

GO_LIVE = 1000  # any day number: the figures count from go-live


def series(adopted_by_day: dict[int, int], eligible: int = 10):
    """Dense utilisation from day GO_LIVE on, with `eligible` on every day that has a row."""
    days = sorted(adopted_by_day)
    e, a = dense_counts(
        [GO_LIVE + d for d in days],
        [eligible] * len(days),
        [adopted_by_day[d] for d in days],
        first_day=GO_LIVE,
        n_days=max(days) + 1,
    )
    return rolling_utilisation(e[0], a[0])


def metrics(util, as_of_t, corrections=(), target=None):
    return adoption_metrics(
        util, GO_LIVE, GO_LIVE, GO_LIVE + as_of_t, target, [GO_LIVE + c for c in corrections]
    )


def test_utilisation_is_the_seven_day_ratio_of_sums():
    # Days 0..3 adopt 1, 2, 3, 4 of 10; the window holds only days with rows.
    util = series({0: 1, 1: 2, 2: 3, 3: 4})
    assert util.tolist() == pytest.approx([0.1, 0.15, 0.2, 0.25])
    # A window over 7 days: days 0..6 adopt 0..6 of 10 -> 21/70.
    assert series({d: d for d in range(7)})[6] == pytest.approx(21 / 70)


def test_a_unit_reaches_080_on_day_14():
    # 5 of 10 for days 0-9, 10 of 10 from day 10. Window ending t (10 <= t <= 16) holds t-9
    # full days: (35 + 5 (t - 9)) / 70. Day 13: 55/70 = 0.786; day 14: 60/70 = 0.857.
    util = series({d: 5 if d < 10 else 10 for d in range(40)})
    assert util[13] == pytest.approx(55 / 70)
    assert util[14] == pytest.approx(60 / 70)
    assert metrics(util, 13).t80_days is None  # not yet as of day 13
    assert metrics(util, 30).t80_days == 14


def test_exactly_080_counts_as_reached():
    util = series({d: 8 for d in range(10)})  # 8/10 from day 0: 0.8, not 0.7999...
    assert metrics(util, 5).t80_days == 0


def test_a_stall_alerts_on_the_seventh_day_behind():
    # 3 of 10 every day. The target is 0.8 t / 30; behind means 0.3 < target - 0.10, i.e.
    # target > 0.4, i.e. t > 15. Day 15 is exactly on the line (0.3 = 0.4 - 0.1): not behind.
    util = series({d: 3 for d in range(40)})
    assert metrics(util, 15).behind_target_days == 0
    assert metrics(util, 16).behind_target_days == 1
    sixth = metrics(util, 21)
    assert (sixth.behind_target_days, sixth.alert) == (6, False)
    seventh = metrics(util, 22)
    assert (seventh.behind_target_days, seventh.alert) == (7, True)
    assert seventh.behind_since == GO_LIVE + 16


def test_a_correction_clears_the_alert_and_the_recovery_ends_the_run():
    # Stalled at 3/10 until day 24, then 10/10 from day 25 after a correction on day 24.
    util = series({d: 3 if d <= 24 else 10 for d in range(45)})
    assert metrics(util, 23).alert  # 8 days behind, nothing logged yet
    after = metrics(util, 24, corrections=[24])
    assert (after.behind_target_days, after.alert) == (9, False)
    # Day 27: (3 x 10 + 4 x 3) / 70 = 0.60 < 0.72 - 0.10: still behind, still no alert.
    assert metrics(util, 27, corrections=[24]).behind_target_days == 12
    # Day 28: (4 x 10 + 3 x 3) / 70 = 0.70 > 0.7467 - 0.10: the run is over.
    assert metrics(util, 28, corrections=[24]).behind_target_days == 0


def test_a_correction_before_the_run_began_does_not_clear_it():
    util = series({d: 3 for d in range(40)})
    assert metrics(util, 22, corrections=[10]).alert
    assert not metrics(util, 22, corrections=[16]).alert  # on the run's first day counts
    assert metrics(util, 22, corrections=[23]).alert  # logged after the as-of day


def test_days_without_data_are_not_behind_and_break_the_run():
    # Stalled at 3/10, but no rows on days 20-26: days 20-26 still have rows in their window
    # until day 26, whose window (20-26) is empty.
    adopted = {d: 3 for d in range(40) if not 20 <= d <= 26}
    util = series(adopted)
    assert np.isnan(util[26])
    assert not np.isnan(util[25])  # day 19 is in its window
    assert metrics(util, 26).utilisation is None
    assert metrics(util, 26).behind_target_days == 0
    assert metrics(util, 30).behind_target_days == 4  # 27, 28, 29, 30


def test_sustainment_compares_day_90_with_day_30():
    # 8/10 until day 60, then 6/10: day 30 reads 0.8, day 90 (window 84-90) reads 0.6.
    util = series({d: 8 if d <= 60 else 6 for d in range(100)})
    assert metrics(util, 89).sustainment is None  # before day 90
    assert metrics(util, 90).sustainment == pytest.approx(0.6 / 0.8)


def test_sustainment_is_null_when_day_30_is_zero():
    util = series({d: 0 if d <= 40 else 5 for d in range(100)})
    assert metrics(util, 95).sustainment is None


def test_the_target_curve_rises_then_stays_flat():
    target = TargetCurve(0.8, 30)
    assert target.at([0, 15, 30, 60]).tolist() == pytest.approx([0.0, 0.4, 0.8, 0.8])
    assert np.isnan(target.at(-1))
    assert TargetCurve(0.6, 10).at(5) == pytest.approx(0.3)


@pytest.mark.parametrize("level, days", [(0, 30), (1.2, 30), (0.8, 0), (0.8, 2.5)])
def test_a_bad_target_is_refused(level, days):
    with pytest.raises(ValueError):
        TargetCurve(level, days)


def test_an_editable_target_moves_the_behind_days():
    util = series({d: 3 for d in range(40)})
    # Target 0.5 over 10 days: behind when 0.3 < 0.05 t - 0.1, i.e. t > 8.
    gentle = TargetCurve(0.5, 10)
    assert metrics(util, 8, target=gentle).behind_target_days == 0
    assert metrics(util, 9, target=gentle).behind_target_days == 1


def test_days_before_go_live_are_never_behind():
    # No adoption at all from 5 days before go-live: before go-live there is no target, and
    # until day 3 the target minus 0.10 is below zero (0.8 x 3 / 30 = 0.08).
    e, a = dense_counts([GO_LIVE - 5 + d for d in range(10)], [10] * 10, [0] * 10, GO_LIVE - 5, 10)
    util = rolling_utilisation(e[0], a[0])
    behind = behind_days(util, GO_LIVE - 5, GO_LIVE, TargetCurve())
    assert behind.tolist() == [False] * 9 + [True]  # day 4: 0 < 0.107 - 0.10
    assert adoption_metrics(util, GO_LIVE - 5, GO_LIVE, GO_LIVE + 3).behind_target_days == 0


def test_behind_episodes_and_the_effect_of_a_correction():
    util = series({d: 3 if d <= 24 else 10 for d in range(45)})
    (episode,) = behind_episodes(util, GO_LIVE, GO_LIVE, GO_LIVE + 44, TargetCurve())
    assert (episode.start - GO_LIVE, episode.alerted - GO_LIVE, episode.end - GO_LIVE) == (
        16,
        22,
        27,
    )
    assert not episode.ongoing
    assert change_after(util, GO_LIVE, GO_LIVE + 24, 14) == pytest.approx(1.0 - 0.3)


def test_units_are_computed_side_by_side():
    e, a = dense_counts([0, 0, 1], [10, 4, 10], [5, 4, 10], 0, 2, units=[0, 1, 0], n_units=2)
    util = rolling_utilisation(e, a)
    assert util[0].tolist() == pytest.approx([0.5, 0.75])
    assert util[1].tolist() == [1.0, 1.0]  # day 1 of unit 1 still has day 0 in its window
