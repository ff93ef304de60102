"""Gap statistics from counts, checked against SciPy, brute force and a published example."""

import numpy as np
import pytest
from scipy import stats

from twoway.insights import (
    benjamini_hochberg,
    cliffs_delta_ci_from_counts,
    cliffs_delta_from_counts,
    infer_scale,
    mann_whitney_p_from_counts,
    mean_from_counts,
    severity,
    top2_from_counts,
)


def random_count_pairs(seed: int, cells: int = 200, points: int = 5):
    """Count tables with heavy ties: few scale points, some empty, some lopsided."""
    rng = np.random.default_rng(seed)
    weights = rng.dirichlet(np.full(points, 0.4), size=(cells, 2))
    sizes = rng.integers(2, 40, size=(cells, 2))
    a = np.array([rng.multinomial(n, w) for n, w in zip(sizes[:, 0], weights[:, 0], strict=True)])
    b = np.array([rng.multinomial(n, w) for n, w in zip(sizes[:, 1], weights[:, 1], strict=True)])
    return a, b


def expand(counts):
    return np.repeat(np.arange(len(counts)), counts)


def test_mann_whitney_p_equals_scipy_asymptotic_with_heavy_ties():
    # Reference: scipy.stats.mannwhitneyu(x, y, method="asymptotic"), two-sided, continuity on.
    a, b = random_count_pairs(seed=1)
    ours = mann_whitney_p_from_counts(a, b)
    for row in range(len(a)):
        x, y = expand(a[row]), expand(b[row])
        reference = stats.mannwhitneyu(x, y, method="asymptotic").pvalue
        assert ours[row] == pytest.approx(reference, abs=1e-9)


def test_mann_whitney_on_an_eleven_point_scale():
    a, b = random_count_pairs(seed=2, cells=50, points=11)
    ours = mann_whitney_p_from_counts(a, b)
    for row in range(len(a)):
        reference = stats.mannwhitneyu(expand(a[row]), expand(b[row]), method="asymptotic")
        assert ours[row] == pytest.approx(reference.pvalue, abs=1e-9)


def test_identical_answers_give_p_of_one_like_scipy():
    assert mann_whitney_p_from_counts([0, 4, 0], [0, 6, 0]) == pytest.approx(
        stats.mannwhitneyu([1] * 4, [1] * 6, method="asymptotic").pvalue
    )


def test_cliffs_delta_equals_brute_force_over_every_pair():
    a, b = random_count_pairs(seed=3)
    ours = cliffs_delta_from_counts(a, b)
    for row in range(len(a)):
        x, y = expand(a[row]), expand(b[row])
        signs = np.sign(x[:, None] - y[None, :])
        assert ours[row] == pytest.approx(signs.mean(), abs=1e-12)


def test_cliffs_delta_and_interval_match_the_effsize_worked_example():
    # effsize (R) README and tests/testthat/testCliff.R, Torchiano: treatment
    # c(10,10,20,20,20,30,30,30,40,50), control c(10,20,30,40,40,50) gives
    # "delta estimate: -0.25 (small), 95 percent confidence interval -0.7265846 0.3890062"
    # with the package defaults (unbiased variance, Student t).
    treatment = [2, 3, 3, 1, 1]  # counts at 10, 20, 30, 40, 50
    control = [1, 1, 1, 2, 1]
    assert cliffs_delta_from_counts(treatment, control) == pytest.approx(-0.25)
    low, high = cliffs_delta_ci_from_counts(treatment, control)
    assert low == pytest.approx(-0.7265846, abs=1e-7)
    assert high == pytest.approx(0.3890062, abs=1e-7)
    assert severity(-0.25) == "small"


def test_interval_holds_the_estimate_and_stays_within_minus_one_and_one():
    a, b = random_count_pairs(seed=4)
    delta = cliffs_delta_from_counts(a, b)
    low, high = cliffs_delta_ci_from_counts(a, b)
    assert np.all(low <= delta + 1e-12) and np.all(delta <= high + 1e-12)
    assert np.all(low >= -1) and np.all(high <= 1)


def test_fully_separated_groups_reach_the_bound():
    low, high = cliffs_delta_ci_from_counts([0, 0, 6], [5, 0, 0])
    assert cliffs_delta_from_counts([0, 0, 6], [5, 0, 0]) == 1
    assert high == 1 and 0 < low < 1


def test_q_values_equal_scipy_false_discovery_control():
    # Reference: scipy.stats.false_discovery_control(p, method="bh").
    p = np.random.default_rng(5).uniform(size=30) ** 3
    assert np.allclose(benjamini_hochberg(p), stats.false_discovery_control(p, method="bh"))


def test_missing_p_values_do_not_count_as_tests():
    q = benjamini_hochberg([0.01, np.nan, 0.04])
    assert np.isnan(q[1])
    assert q[[0, 2]] == pytest.approx(stats.false_discovery_control([0.01, 0.04]))


@pytest.mark.parametrize(
    ("delta", "band"),
    [(0.0, "negligible"), (-0.146, "negligible"), (0.147, "small"), (-0.329, "small"),
     (0.33, "medium"), (0.473, "medium"), (-0.474, "large"), (1.0, "large")],
)  # fmt: skip
def test_severity_follows_romanos_bands(delta, band):
    # Romano et al. (2006): negligible < 0.147 <= small < 0.33 <= medium < 0.474 <= large.
    assert severity(delta) == band


def test_mean_and_top_two_box_from_counts():
    scale = infer_scale(1, 5)
    counts = [1, 0, 2, 3, 4]  # answers 1, 3, 3, 4, 4, 4, 5, 5, 5, 5
    assert mean_from_counts(counts, scale) == pytest.approx(np.mean([1, 3, 3, 4, 4, 4, 5, 5, 5, 5]))
    assert top2_from_counts(counts, scale) == pytest.approx(0.7)


def test_scale_is_the_smallest_that_holds_the_answers():
    assert str(infer_scale(1, 5)) == "1-5"
    assert str(infer_scale(2, 7)) == "1-7"
    assert str(infer_scale(0, 4)) == "0-10"
    with pytest.raises(ValueError):
        infer_scale(1, 11)
