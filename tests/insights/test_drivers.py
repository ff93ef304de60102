"""Relative weights, checked against a published example, least squares and dominance analysis."""

import io
import itertools

import numpy as np
import pytest

from twoway.insights.drivers import (
    NotEnoughResponses,
    describe_drivers,
    driver_analysis,
    minimum_responses,
    relative_weights,
)

# mtcars (Henderson & Velleman 1981, R's datasets package), columns mpg cyl disp hp gear.
MTCARS = np.loadtxt(
    io.StringIO(
        """
21 6 160 110 4
21 6 160 110 4
22.8 4 108 93 4
21.4 6 258 110 3
18.7 8 360 175 3
18.1 6 225 105 3
14.3 8 360 245 3
24.4 4 146.7 62 4
22.8 4 140.8 95 4
19.2 6 167.6 123 4
17.8 6 167.6 123 4
16.4 8 275.8 180 3
17.3 8 275.8 180 3
15.2 8 275.8 180 3
10.4 8 472 205 3
10.4 8 460 215 3
14.7 8 440 230 3
32.4 4 78.7 66 4
30.4 4 75.7 52 4
33.9 4 71.1 65 4
21.5 4 120.1 97 3
15.5 8 318 150 3
15.2 8 304 150 3
13.3 8 350 245 3
19.2 8 400 175 3
27.3 4 79 66 4
26 4 120.3 91 5
30.4 4 95.1 113 5
15.8 8 351 264 5
19.7 6 145 175 5
15 8 301 335 5
21.4 4 121 109 4
"""
    )
)


def survey(seed, n=400, items=5, effects=None):
    """Correlated 1-5 answers and an outcome that depends on them unequally."""
    rng = np.random.default_rng(seed)
    mood = rng.normal(size=(n, 1))
    latent = 0.7 * mood + rng.normal(size=(n, items))
    x = np.clip(np.round(3 + latent), 1, 5)
    effects = np.linspace(1.0, 0.2, items) if effects is None else np.asarray(effects)
    y = x @ effects + rng.normal(scale=1.5, size=n)
    return x, y


def r_squared(x, y):
    design = np.column_stack([np.ones(len(y)), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coef
    return 1 - residual @ residual / ((y - y.mean()) @ (y - y.mean()))


def general_dominance(x, y):
    """Budescu's (1993) general dominance weights (the Shapley values of R^2), by brute force."""
    p = x.shape[1]
    fit = {(): 0.0}
    for size in range(1, p + 1):
        for subset in itertools.combinations(range(p), size):
            fit[subset] = r_squared(x[:, subset], y)
    weights = np.zeros(p)
    for j in range(p):
        others = [i for i in range(p) if i != j]
        for size in range(p):
            gains = [
                fit[tuple(sorted((*s, j)))] - fit[s] for s in itertools.combinations(others, size)
            ]
            weights[j] += np.mean(gains) / p
    return weights


def test_relative_weights_reproduce_the_rwa_package_example():
    # rwa (R, Martin Chan), README: rwa(mtcars, outcome = "mpg",
    # predictors = c("cyl", "disp", "hp", "gear")) gives rsquare 0.7791896 and raw weights
    # 0.2284797, 0.2221469, 0.2321744, 0.0963886 (rescaled 29.32274, 28.50999, 29.79691, 12.37037).
    raw, r2 = relative_weights(MTCARS[:, 1:], MTCARS[:, 0])
    assert r2 == pytest.approx(0.7791896, abs=1e-7)
    assert raw == pytest.approx([0.2284797, 0.2221469, 0.2321744, 0.0963886], abs=1e-7)
    assert raw / r2 * 100 == pytest.approx([29.32274, 28.50999, 29.79691, 12.37037], abs=1e-5)


def test_weights_add_up_to_the_least_squares_r_squared():
    x, y = survey(seed=1)
    raw, r2 = relative_weights(x, y)
    assert raw.sum() == pytest.approx(r_squared(x, y), abs=1e-10)
    assert r2 == pytest.approx(raw.sum())


def test_for_uncorrelated_items_weights_are_squared_correlations():
    # Columns of Q from the QR decomposition of centred data are centred and exactly
    # orthogonal, so the items' correlation matrix is the identity; then each relative weight is
    # the item's squared correlation with the outcome (Johnson 2000).
    rng = np.random.default_rng(2)
    z = rng.normal(size=(200, 4))
    x, _ = np.linalg.qr(z - z.mean(axis=0))
    y = x @ [3.0, 1.0, 0.5, 0.0] + rng.normal(scale=0.2, size=200)
    assert np.corrcoef(x, rowvar=False) == pytest.approx(np.eye(4), abs=1e-12)
    raw, _ = relative_weights(x, y)
    squared = [np.corrcoef(x[:, j], y)[0, 1] ** 2 for j in range(4)]
    assert raw == pytest.approx(squared, abs=1e-12)


def test_weights_agree_closely_with_general_dominance():
    # Johnson (2000) reports relative weights very close to general dominance weights (Budescu
    # 1993), here computed independently by brute force over every subset of items.
    x, y = survey(seed=3, items=4)
    raw, _ = relative_weights(x, y)
    assert raw == pytest.approx(general_dominance(x, y), abs=0.01)
    assert np.argsort(raw).tolist() == np.argsort(general_dominance(x, y)).tolist()


def test_bootstrap_intervals_are_seeded_and_hold_the_estimates():
    x, y = survey(seed=4, effects=[2.0, 0.5, 0.5, 0.2, 0.2])
    first = driver_analysis(x, y, seed=7, resamples=300)
    again = driver_analysis(x, y, seed=7, resamples=300)
    assert np.array_equal(first.rescaled_low, again.rescaled_low)
    assert first.rescaled.sum() == pytest.approx(100.0)
    assert (first.rescaled_low <= first.rescaled).all()
    assert (first.rescaled <= first.rescaled_high).all()
    assert (first.raw_low <= first.raw).all() and (first.raw <= first.raw_high).all()
    assert first.lead_is_clear  # item 1 weighs four times the next


def test_bootstrap_interval_narrows_with_more_responses():
    small = driver_analysis(*survey(seed=5, n=100), resamples=300)
    large = driver_analysis(*survey(seed=5, n=2000), resamples=300)
    assert np.mean(large.rescaled_high - large.rescaled_low) < np.mean(
        small.rescaled_high - small.rescaled_low
    )


def test_too_few_responses_are_refused_with_the_reason():
    x, y = survey(seed=6, n=45, items=4)
    assert minimum_responses(4) == 50 and minimum_responses(8) == 80
    with pytest.raises(NotEnoughResponses, match="at least 50 complete responses for 4 items"):
        driver_analysis(x, y)


def test_missing_answers_leave_their_respondent_out():
    x, y = survey(seed=7, n=120, items=3)
    x[:5, 1] = np.nan
    assert driver_analysis(x, y, resamples=50).n == 115


def test_an_item_everyone_answered_alike_is_refused_with_the_reason():
    x, y = survey(seed=8, n=100, items=3)
    x[:, 2] = 4
    with pytest.raises(NotEnoughResponses, match="same answer from everyone"):
        driver_analysis(x, y)


def test_drivers_are_said_plainly_most_important_first():
    x, y = survey(seed=9, items=3)
    result = driver_analysis(x, y, ["Pace of change", "Support", "Tools"], resamples=300)
    lines = describe_drivers(result)
    assert lines[0].startswith("Together these 3 items explain about ")
    top = result.rescaled[0]
    low, high = result.rescaled_low[0], result.rescaled_high[0]
    assert lines[1] == (
        f"Pace of change matters most: about {top:.0f}% of what the items explain "
        f"(likely between {low:.0f}% and {high:.0f}%)."
    )
    assert lines[2].startswith("Support comes next: about ")


def test_a_small_explained_part_is_said_to_be_small_so_shares_do_not_contradict_it():
    """Shares divide R²: "explain about 0%" then "matters most, about 30%" read as a
    contradiction. With little explained, the first sentence says so and what shares mean."""
    rng = np.random.default_rng(11)
    x = rng.integers(1, 6, size=(300, 3)).astype(float)
    y = rng.normal(0, 1, 300)  # unrelated to the items
    result = driver_analysis(x, y, ["Pace", "Voice", "Tools"], resamples=100)
    assert result.r2 < 0.05
    first = describe_drivers(result)[0]
    assert "very little" in first and "not as strong drivers" in first


def test_a_lead_within_the_noise_is_said_to_be_unclear():
    x, y = survey(seed=10, n=200, items=2, effects=[1.0, 0.95])
    result = driver_analysis(x, y, ["Pace of change", "Support"], resamples=300)
    assert not result.lead_is_clear
    assert describe_drivers(result)[-1].endswith("cannot be told apart with this many responses.")
