"""Hot and confidence scores, worked by hand from Consul's formulas
(consul/consul, app/lib/score_calculator.rb: hot_score and confidence_score)."""

import numpy as np
import pytest

from twoway.insights.ranking import confidence_score, hot_period, hot_score


def test_hot_is_net_recent_votes_per_day_of_the_window():
    # 10 days old, 12 up and 2 down in the window: (12 - 2) / 10 = 1.0.
    # 40 days old: the window is capped at 31 days; 31 up: 31 / 31 = 1.0.
    # Posted today (age 0.2 days): the window is one day; 3 up: 3 / 1 = 3.0.
    scores = hot_score([12, 31, 3], [2, 0, 0], [10, 40, 0.2])
    assert scores.tolist() == [1.0, 1.0, 3.0]


def test_hot_window_is_the_age_in_whole_days_between_one_and_the_maximum():
    assert hot_period([0, 0.5, 1, 1.1, 30, 31, 365]).tolist() == [1, 1, 1, 2, 30, 31, 31]
    assert hot_period([365], max_period_days=7).tolist() == [7]
    with pytest.raises(ValueError, match="at least 1"):
        hot_period([1], max_period_days=0)


def test_hot_of_more_down_than_up_is_negative():
    assert hot_score(1, 5, 4).tolist() == -1.0


def test_confidence_rewards_many_votes_and_a_large_share_in_favour():
    # (up - down) x up / total x 100: 10/0 -> 1000; 60/40 -> 20 x 0.6 x 100 = 1200;
    # 5/5 -> 0; 1/3 -> -2 x 0.25 x 100 = -50; no votes -> 1 (Consul's default).
    scores = confidence_score([10, 60, 5, 1, 0], [0, 40, 5, 3, 0])
    assert np.allclose(scores, [1000, 1200, 0, -50, 1])
