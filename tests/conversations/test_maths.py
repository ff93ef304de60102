"""The opinion maths on small cases worked by hand, and against SciPy, scikit-learn and brute
force where an independent reference exists."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

from twoway.insights.opinion import (
    VotesError,
    choose_next,
    differences,
    priorities,
    project,
    repness_measures,
    representative_statements,
    similar_statements,
    two_proportion_test,
    votes_from_arrays,
    weighted_silhouette,
)
from twoway.insights.opinion.counts import Counts, one_proportion_z, two_proportion_z
from twoway.insights.opinion.synthetic import synthetic_conversation


def small_votes():
    # Four people, three statements; Dee skipped statement "s3".
    return votes_from_arrays(
        ["ann", "ann", "ann", "bob", "bob", "bob", "cy", "cy", "cy", "dee", "dee"],
        ["s1", "s2", "s3", "s1", "s2", "s3", "s1", "s2", "s3", "s1", "s2"],
        [1, 1, -1, 1, 0, -1, -1, -1, 1, -1, 1],
    )


def test_the_projection_is_the_pca_of_the_mean_filled_matrix_scaled_for_sparsity():
    # Brute force: the dense matrix with NaN filled by column means, scikit-learn's PCA, then
    # sqrt(3 / votes) per person (Small et al. 2021, section 3).
    votes = small_votes()
    dense = np.array([[1, 1, -1], [1, 0, -1], [-1, -1, 1], [-1, 1, np.nan]])
    filled = np.where(np.isnan(dense), np.nanmean(dense, axis=0), dense)
    pca = PCA(n_components=2).fit(filled)
    expected = pca.transform(filled) * np.sqrt(3 / np.array([3, 3, 3, 2]))[:, None]
    ours = project(votes)
    for axis in range(2):
        sign = np.sign(ours.coords[:, axis] @ expected[:, axis])
        np.testing.assert_allclose(ours.coords[:, axis], sign * expected[:, axis], atol=1e-12)
    np.testing.assert_allclose(ours.means, [0.0, 0.25, -1 / 3])


def test_the_map_keeps_its_orientation_between_recomputes():
    conversation = synthetic_conversation(300, 30, density=0.5, seed=2)
    votes = votes_from_arrays(conversation.participant, conversation.statement, conversation.vote)
    first = project(votes)
    previous = {s: tuple(first.components[:, c]) for c, s in enumerate(votes.statements)}
    flipped = {s: (-x, -y) for s, (x, y) in previous.items()}
    again = project(votes, previous)
    np.testing.assert_allclose(again.coords, first.coords)
    np.testing.assert_allclose(project(votes, flipped).coords, -first.coords)
    # Ten more people voting does not flip the axes either.
    more = votes_from_arrays(
        np.concatenate([conversation.participant, np.repeat(np.arange(300, 310), 3)]),
        np.concatenate([conversation.statement, np.tile([0, 1, 2], 10)]),
        np.concatenate([conversation.vote, np.ones(30, dtype=int)]),
    )
    later = project(more, previous)
    assert np.corrcoef(later.coords[:300, 0], first.coords[:, 0])[0, 1] > 0.99


def test_one_and_two_proportion_tests_are_pol_is_smoothed_tests_worked_by_hand():
    # 7 agree of 9: 2 * sqrt(10) * (8/10 - 1/2) = 1.8974 (Small et al. 2021, eq. for pat).
    assert one_proportion_z(7, 9) == pytest.approx(2 * np.sqrt(10) * 0.3)
    # 8 of 10 in the group, 3 of 10 outside: p1 = 9/11, p2 = 4/11, pooled 13/22.
    pooled = 13 / 22
    expected = (9 / 11 - 4 / 11) / np.sqrt(pooled * (1 - pooled) * (2 / 11))
    assert two_proportion_z(8, 10, 3, 10) == pytest.approx(expected)
    assert two_proportion_z(10, 10, 10, 10) == 0.0


def test_representative_statements_worked_by_hand():
    # Group 0 (20 people) agrees with statement 0 (18 of 20), group 1 disagrees (2 of 20 agree);
    # statement 1 is a coin toss for both. Statement 0 represents group 0 (agree) and group 1
    # (disagree); statement 1 represents nobody.
    counts = Counts(
        agree=np.array([[18, 10], [2, 10]]),
        disagree=np.array([[2, 10], [18, 10]]),
        seen=np.array([[20, 20], [20, 20]]),
    )
    chosen = representative_statements(repness_measures(counts))
    assert [(e["column"], e["direction"]) for e in chosen[0]] == [(0, "agree")]
    assert [(e["column"], e["direction"]) for e in chosen[1]] == [(0, "disagree")]
    first = chosen[0][0]
    assert first["p_success"] == pytest.approx(19 / 22)
    assert first["repness"] == pytest.approx((19 / 22) / (3 / 22))
    assert first["best_agree"] is True


def test_a_group_that_agrees_with_nothing_still_shows_what_it_rejects():
    # Departure from red-dwarf 0.4 (which returns nothing here): with no statement the group
    # agrees with, its significant disagreements are still its representative statements.
    counts = Counts(
        agree=np.array([[0, 1], [15, 14]]),
        disagree=np.array([[20, 19], [5, 6]]),
        seen=np.array([[20, 20], [20, 20]]),
    )
    chosen = representative_statements(repness_measures(counts))
    assert [(e["column"], e["direction"]) for e in chosen[0]] == [(0, "disagree"), (1, "disagree")]


def test_weighted_silhouette_equals_scikit_learns_on_the_expanded_points():
    rng = np.random.default_rng(4)
    points = rng.normal(size=(30, 2)) + np.repeat([[0, 0], [4, 0], [0, 4]], 10, axis=0)
    weights = rng.integers(1, 6, size=30)
    labels = np.repeat([0, 1, 2], 10)
    labels[3] = 2  # one misplaced point, so scores differ from one
    expanded = np.repeat(points, weights, axis=0)
    expected = silhouette_score(expanded, np.repeat(labels, weights))
    # scikit-learn computes distances by the dot-product expansion: equal to about 1e-10.
    assert weighted_silhouette(points, weights, labels) == pytest.approx(expected, abs=1e-9)


def test_the_two_proportion_test_equals_scipys_chi_square_without_correction():
    successes = [(30, 50, 20, 60), (5, 9, 40, 41), (0, 12, 3, 30)]
    for a, n_a, b, n_b in successes:
        table = [[a, n_a - a], [b, n_b - b]]
        reference = stats.chi2_contingency(table, correction=False).pvalue
        _, p = two_proportion_test(a, n_a, b, n_b)
        assert float(p) == pytest.approx(reference, rel=1e-9)


def test_differences_control_the_false_discovery_rate_over_the_statements_tested():
    agree = np.array([[30, 5, 10, 9], [10, 4, 10, 0]])
    seen = np.array([[40, 10, 20, 10], [40, 10, 20, 0]])
    diff = differences(agree, seen)
    assert diff.difference[0] == pytest.approx(0.5)
    assert np.isnan(diff.p[3])  # the second group has no votes on it: not tested
    tested = np.isfinite(diff.p)
    # Reference: scipy.stats.false_discovery_control over the three tested p-values.
    expected = stats.false_discovery_control(diff.p[tested], method="bh")
    np.testing.assert_allclose(diff.q[tested], expected)


def test_priority_worked_by_hand_and_new_statements_come_first():
    # No votes yet: P(agree) = P(pass) = 1/2, extremity 0: (1/2 * 1/2 * 1 * (1 + 8))^2 = 5.0625.
    assert priorities([0], [0], [0], [0.0])[0] == pytest.approx(5.0625)
    # 8 agree, 1 disagree, 1 pass of 10, extremity 0.5: smoothed 9/12 and 2/12; boost 1 + 8/4.
    importance = (9 / 12) * (1 - 2 / 12) * 1.5
    assert priorities([8], [1], [10], [0.5])[0] == pytest.approx((importance * 3) ** 2)
    assert priorities([0], [0], [0], [0.0], is_meta=[True])[0] == pytest.approx(49.0)


def test_the_next_statement_is_drawn_in_proportion_to_priority():
    rng = np.random.default_rng(0)
    weights = np.array([1.0, 2.0, 7.0, 0.0])
    drawn = np.bincount([choose_next(weights, rng) for _ in range(20_000)], minlength=4)
    # Chi-square goodness of fit against the priorities (the zero weight is never drawn).
    assert drawn[3] == 0
    assert stats.chisquare(drawn[:3], 20_000 * weights[:3] / 10).pvalue > 0.001
    assert choose_next([], rng) is None


def test_similar_statements_find_a_rewording_and_ignore_a_different_idea():
    statements = [
        "Customers should reach a person without pressing through five menus",
        "We need more time between calls to write notes",
        "The new desktop crashes when we transfer a call",
    ]
    found = similar_statements("customers should reach a real person, not menus", statements)
    assert [i for i, _ in found] == [0]
    assert similar_statements("short", statements) == []


@pytest.mark.parametrize(
    "values, message",
    [
        ([1, 2], "vote 2 is not one of 1 (agree), -1 (disagree), 0 (pass)"),
        ([1, "yes"], "vote 'yes' is not one of"),
        ([], "there are no votes"),
    ],
)
def test_bad_votes_are_refused_with_a_clear_message(values, message):
    with pytest.raises(VotesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        votes_from_arrays(["a", "b"][: len(values)], ["s", "s"][: len(values)], values)


def test_a_second_vote_on_the_same_statement_is_refused():
    with pytest.raises(VotesError, match="participant 'a' voted more than once on statement 's'"):
        votes_from_arrays(["a", "a"], ["s", "s"], [1, -1])


def test_an_unknown_statement_is_refused():
    with pytest.raises(VotesError, match="statement 'zz' is not one of"):
        votes_from_arrays(["a"], ["zz"], [1], statement_order=["s1", "s2"])
