"""Planning rules: change size, communication coverage and champions (docs/method-change.md)."""

from __future__ import annotations

import pytest

from twoway.insights.coverage import (
    ASPECTS,
    NOTHING_BEFORE_GO_LIVE,
    ONE_CHANNEL,
    TOO_FEW_TOUCHES,
    Touch,
    champion_coverage,
    characteristics_total,
    coverage,
    is_large_change,
)


def test_the_profile_totals_twelve_aspects_and_35_is_large():
    assert characteristics_total(dict.fromkeys(ASPECTS, 3)) == 36
    assert is_large_change(36)
    ratings = dict.fromkeys(ASPECTS, 3)
    ratings["scope"] = 2  # 35: still large
    assert is_large_change(characteristics_total(ratings))
    ratings["systems"] = 2  # 34
    assert not is_large_change(characteristics_total(ratings))


def test_an_incomplete_profile_has_no_total_yet():
    assert characteristics_total({"scope": 5}) is None
    assert not is_large_change(None)


@pytest.mark.parametrize("ratings", [{"scope": 6}, {"scope": 0}, {"scope": 2.5}, {"mood": 3}])
def test_a_bad_rating_is_refused(ratings):
    with pytest.raises(ValueError):
        characteristics_total(ratings)


def test_three_touches_on_two_channels_with_one_before_go_live_are_enough():
    touches = [Touch("email", -7, True), Touch("huddle", 0), Touch("poster", 7)]
    result = coverage(touches)
    assert result.ok
    assert (result.planned, result.sent, result.before_go_live) == (3, 1, 1)


def test_a_large_change_needs_five_touches():
    touches = [Touch("email", -7), Touch("huddle", 0), Touch("poster", 7)]
    assert coverage(touches, large=True).flags == (TOO_FEW_TOUCHES,)


def test_the_gaps_the_article_warns_about_are_flagged():
    assert coverage([]).flags == (NOTHING_BEFORE_GO_LIVE, TOO_FEW_TOUCHES)
    after_only = [Touch("email", 0), Touch("email", 3), Touch("email", 9)]
    assert coverage(after_only).flags == (NOTHING_BEFORE_GO_LIVE, ONE_CHANNEL)


def test_champions_per_hundred_agents_and_teams_without_one():
    result = champion_coverage({"A": 20, "B": 10, "C": 0}, {"A": 1, "Z": 4})
    assert result.per_100_agents == pytest.approx(100 / 30)
    assert result.teams_without == ("B", "C")
    assert result.share_of_teams == pytest.approx(1 / 3)
    assert champion_coverage({}, {}).per_100_agents is None
