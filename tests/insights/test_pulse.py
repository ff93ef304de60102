"""Pulse statistics from counts, checked by hand, against SciPy and against the exact audit."""

import numpy as np
import pytest
from scipy import stats

from twoway.insights.audit import AtomMembership, audit_leaks
from twoway.insights.likert import Scale
from twoway.insights.pulse import (
    baseline_counts,
    baseline_shown,
    drop_alerts,
    enps_ci_from_counts,
    enps_from_counts,
    index_from_counts,
    mann_whitney_less_p,
    overall_index,
    participation_alerts,
    participation_rate,
    trend_from_counts,
    two_proportion_less_p,
)

AGREE = Scale(1, 5)
K = 5


def expand(counts):
    return np.repeat(np.arange(len(counts)), counts)


def steady_series(waves, per_wave, distribution, cells=1):
    """Counts (cells, waves, 5) with the same answers every wave."""
    row = np.asarray(distribution) * per_wave // sum(distribution)
    return np.tile(row, (cells, waves, 1))


# --- index -------------------------------------------------------------------------------------


def test_index_rescales_the_mean_to_0_100():
    # By hand: answers 1, 3, 3, 5, 5 -> mean 3.4 -> (3.4 - 1) / 4 * 100 = 60.
    assert index_from_counts([1, 0, 2, 0, 2], AGREE) == pytest.approx(60.0)
    # On 0-10: answers 10, 10, 5 -> mean 25/3 -> 83.33.
    assert index_from_counts([0] * 5 + [1] + [0] * 4 + [2], Scale(0, 10)) == pytest.approx(250 / 3)


def test_reverse_keyed_item_counts_agreement_as_worse():
    assert index_from_counts([1, 0, 2, 0, 2], AGREE, reverse=True) == pytest.approx(40.0)


def test_index_is_computed_for_every_cell_at_once():
    rng = np.random.default_rng(4)
    counts = rng.integers(0, 6, size=(7, 3, 4, 5))  # units x waves x items x points
    reverse = np.array([False, True, False, False])
    index = index_from_counts(counts, AGREE, reverse=reverse)
    assert index.shape == (7, 3, 4)
    u, w, i = 5, 2, 1
    answers = expand(counts[u, w, i]) + 1
    assert index[u, w, i] == pytest.approx(100 - (answers.mean() - 1) / 4 * 100)


def test_empty_cell_has_no_index():
    assert np.isnan(index_from_counts([0, 0, 0, 0, 0], AGREE))


def test_overall_index_is_the_mean_of_the_items_shown():
    assert overall_index([60.0, np.nan, 80.0]) == pytest.approx(70.0)
    assert np.isnan(overall_index([np.nan, np.nan]))


# --- eNPS --------------------------------------------------------------------------------------


def test_enps_by_hand():
    # 2 detractors (3, 6), 3 passives (7, 8, 8), 5 promoters (9, 9, 10, 10, 10): 50% - 20% = 30.
    counts = np.zeros(11, dtype=int)
    for answer in (3, 6, 7, 8, 8, 9, 9, 10, 10, 10):
        counts[answer] += 1
    result = enps_from_counts(counts)
    assert result["promoters"] == pytest.approx(50.0)
    assert result["passives"] == pytest.approx(30.0)
    assert result["detractors"] == pytest.approx(20.0)
    assert result["enps"] == pytest.approx(30.0)


def test_enps_standard_error_is_that_of_a_mean_of_plus_one_zero_minus_one():
    # Scoring promoters +1, passives 0, detractors -1, eNPS/100 is the mean score and the
    # multinomial variance (p + d - (p - d)^2) / n is its population variance over n:
    # reference scipy.stats.sem(scores, ddof=0).
    rng = np.random.default_rng(5)
    counts = rng.integers(0, 8, size=(50, 11))
    result = enps_from_counts(counts)
    for row in range(len(counts)):
        answers = expand(counts[row])
        scores = np.where(answers >= 9, 1, np.where(answers <= 6, -1, 0))
        assert result["enps"][row] == pytest.approx(scores.mean() * 100)
        assert result["se"][row] == pytest.approx(stats.sem(scores, ddof=0) * 100)


def test_enps_interval_holds_the_estimate_within_minus_100_and_100():
    all_promoters = [0] * 9 + [3, 4]
    low, high = enps_ci_from_counts(all_promoters)
    assert low == high == pytest.approx(100.0)
    low, high = enps_ci_from_counts([1, 0, 0, 0, 0, 0, 1, 2, 0, 3, 3])
    estimate = enps_from_counts([1, 0, 0, 0, 0, 0, 1, 2, 0, 3, 3])["enps"]
    assert -100 <= low < estimate < high <= 100


def test_enps_refuses_counts_that_are_not_0_to_10():
    with pytest.raises(ValueError, match="11 points"):
        enps_from_counts([1, 2, 3, 4, 5])


def test_participation_rate():
    assert participation_rate([8, 0], [10, 0])[0] == pytest.approx(0.8)
    assert np.isnan(participation_rate([8, 0], [10, 0])[1])


# --- the tests behind alerts ------------------------------------------------------------------


def random_count_pairs(seed, cells=150, points=5):
    rng = np.random.default_rng(seed)
    weights = rng.dirichlet(np.full(points, 0.5), size=(cells, 2))
    a = np.array([rng.multinomial(rng.integers(2, 30), w) for w in weights[:, 0]])
    b = np.array([rng.multinomial(rng.integers(2, 120), w) for w in weights[:, 1]])
    return a, b


@pytest.mark.parametrize("points", [5, 11])
def test_one_sided_mann_whitney_equals_scipy(points):
    # Reference: scipy.stats.mannwhitneyu(now, before, alternative="less",
    # method="asymptotic"), continuity correction on, ties corrected.
    a, b = random_count_pairs(seed=points, points=points)
    ours = mann_whitney_less_p(a, b)
    for row in range(len(a)):
        reference = stats.mannwhitneyu(
            expand(a[row]), expand(b[row]), alternative="less", method="asymptotic"
        )
        assert ours[row] == pytest.approx(reference.pvalue, abs=1e-9)


def test_two_proportion_test_equals_scipy_chi_square_halved():
    # Reference: scipy.stats.chi2_contingency(table, correction=False): chi^2 = z^2, so the
    # one-sided p for a fall is half the two-sided p.
    rng = np.random.default_rng(7)
    for _ in range(50):
        m1, m0 = rng.integers(10, 60), rng.integers(40, 240)
        r0 = rng.integers(m0 // 2, m0)
        r1 = rng.integers(1, int(m1 * r0 / m0))  # a lower rate now
        table = [[r1, m1 - r1], [r0, m0 - r0]]
        two_sided = stats.chi2_contingency(table, correction=False).pvalue
        assert two_proportion_less_p(r1, m1, r0, m0) == pytest.approx(two_sided / 2, rel=1e-9)


# --- baseline ----------------------------------------------------------------------------------


def test_baseline_pools_the_previous_waves_only():
    counts = np.array([[1, 0], [2, 0], [3, 1], [4, 1], [5, 2], [6, 3]])
    base = baseline_counts(counts, waves=4)
    assert base[0].tolist() == [0, 0]  # nothing before the first wave
    assert base[2].tolist() == [3, 0]  # waves 0 and 1
    assert base[5].tolist() == [14, 4]  # waves 1 to 4, not wave 5 itself


def test_baseline_is_hidden_when_it_pools_a_wave_under_k():
    n = np.array([6, 0, 7, 2, 8, 9, 9, 9, 9, 9])
    shown = baseline_shown(n, K, waves=4)
    assert shown[3]  # waves 0-2: 6, 0, 7
    assert not shown[4] and not shown[7]  # wave 3 (2 people) is among the last four
    assert shown[8]  # waves 4-7
    assert not shown[0]  # no waves before


# --- pooling waves and the privacy rule ------------------------------------------------------


def leaks_among(wave_sizes, shown_windows, k):
    """Exact audit: can the shown windows (lists of waves) be combined to isolate 1..k-1
    answers? Each wave is an atom; twoway.insights.audit decides by exact linear algebra."""
    waves = len(wave_sizes)
    cells = [[t] for t in range(waves)] + [list(w) for w in shown_windows]
    sizes = list(wave_sizes) + [sum(wave_sizes[t] for t in w) for w in shown_windows]
    shown = [False] * waves + [True] * len(shown_windows)
    return audit_leaks(AtomMembership(cells), sizes, shown, k)


def test_overlapping_windows_would_isolate_a_small_wave():
    # Why waves are never pooled into a figure of their own: this week's window (waves 1-4)
    # minus last week's (0-3) is wave 4 minus wave 0. With wave 0 empty, that is wave 4 alone:
    # 2 people.
    sizes = [0, 3, 3, 3, 2]
    assert leaks_among(sizes, [[0, 1, 2, 3], [1, 2, 3, 4]], K)


def test_shown_baselines_and_waves_never_isolate_fewer_than_k_answers():
    rng = np.random.default_rng(10)
    for _ in range(60):
        sizes = rng.choice([0, 1, 2, 5, 6, 9], size=20)
        ok = baseline_shown(sizes, K, waves=4)
        cells = [[t] for t in range(20) if sizes[t] >= K]
        cells += [list(range(max(t - 4, 0), t)) for t in np.flatnonzero(ok)]
        assert not leaks_among(sizes.tolist(), cells, K)


# --- drop alerts -------------------------------------------------------------------------------


def test_a_large_unlikely_drop_is_flagged_with_scipy_p():
    counts = steady_series(6, 20, [0, 1, 2, 5, 2])  # mostly 4s
    counts[0, 5] = [4, 8, 4, 4, 0]  # this wave: mostly 1s and 2s
    alerts = drop_alerts(counts, AGREE, K, wave=5)
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.cell == (0,) and alert.baseline_waves == (1, 4)
    assert alert.n == 20 and alert.n_baseline == 80
    assert alert.change == pytest.approx(
        index_from_counts(counts[0, 5], AGREE) - index_from_counts(counts[0, 1:5].sum(0), AGREE)
    )
    reference = stats.mannwhitneyu(
        expand(counts[0, 5]), expand(counts[0, 1:5].sum(0)), alternative="less", method="asymptotic"
    )
    assert alert.p == pytest.approx(reference.pvalue)


def test_a_drop_smaller_than_the_set_points_is_not_flagged():
    counts = steady_series(6, 400, [0, 1, 2, 5, 2])
    counts[0, 5] = [0, 60, 80, 200, 60]  # unlikely by chance with 400 people, but about 4 points
    change = index_from_counts(counts[0, 5], AGREE) - index_from_counts(counts[0, 4], AGREE)
    assert -10 < change < -2
    assert mann_whitney_less_p(counts[0, 5], counts[0, 1:5].sum(0)) < 0.05
    assert drop_alerts(counts, AGREE, K, wave=5) == []


def test_a_big_drop_among_few_people_is_not_flagged_when_it_could_be_chance():
    counts = steady_series(6, 6, [0, 1, 2, 2, 1])
    counts[0, 5] = [1, 1, 2, 2, 0]  # about 17 points lower, 6 people
    assert index_from_counts(counts[0, 5], AGREE) < index_from_counts(counts[0, 4], AGREE) - 10
    assert drop_alerts(counts, AGREE, K, wave=5) == []


def test_a_cell_under_k_gets_no_alert_record():
    counts = steady_series(6, 20, [0, 1, 2, 5, 2])
    counts[0, 5] = [4, 0, 0, 0, 0]  # four people, all at 1
    assert drop_alerts(counts, AGREE, K, wave=5) == []


def test_a_baseline_holding_a_small_wave_gets_no_alert_record():
    counts = steady_series(6, 20, [0, 1, 2, 5, 2])
    counts[0, 5] = [10, 10, 0, 0, 0]
    counts[0, 3] = [0, 0, 0, 3, 0]  # three people in the baseline's third wave
    assert drop_alerts(counts, AGREE, K, wave=5) == []


def test_reverse_keyed_item_alerts_when_agreement_rises():
    counts = steady_series(6, 20, [2, 5, 2, 1, 0], cells=2)
    counts[:, 5] = [0, 0, 4, 8, 8]  # far more agreement with, say, "I feel overloaded"
    alerts = drop_alerts(counts, AGREE, K, wave=5, reverse=[True, False])
    assert [a.cell for a in alerts] == [(0,)]
    assert alerts[0].change < -10


def test_alerts_cover_units_by_items():
    counts = steady_series(6, 20, [0, 1, 2, 5, 2], cells=12).reshape(4, 3, 6, 5)
    counts[2, 1, 5] = [10, 10, 0, 0, 0]
    assert [a.cell for a in drop_alerts(counts, AGREE, K, wave=5)] == [(2, 1)]


def test_wave_outside_the_series_is_refused():
    with pytest.raises(ValueError, match="wave 6"):
        drop_alerts(steady_series(6, 20, [1, 1, 1, 1, 1]), AGREE, K, wave=6)


# --- participation alerts ----------------------------------------------------------------------


def test_participation_collapse_is_flagged_against_chi_square():
    invited = np.full((3, 6), 40)
    answered = np.full((3, 6), 32)
    answered[0, 5] = 12  # 80% -> 30%
    answered[1, 5] = 28  # 80% -> 70%: a fall, not a collapse
    answered[2, 5] = 3  # 80% -> under k: a hidden figure, never described, not even as "few"
    alerts = participation_alerts(answered, invited, K, wave=5)
    assert [a.cell for a in alerts] == [(0,)]
    first = alerts[0]
    assert first.rate == pytest.approx(0.3) and first.rate_baseline == pytest.approx(0.8)
    two_sided = stats.chi2_contingency([[12, 28], [128, 32]], correction=False).pvalue
    assert first.p == pytest.approx(two_sided / 2)


def test_participation_alerts_read_only_figures_the_release_shows():
    invited = np.full((2, 6), 40)
    answered = np.full((2, 6), 32)
    answered[:, 5] = 12
    shown = np.ones((2, 6), dtype=bool)
    shown[1, 5] = False  # hidden this wave (say, to protect a sibling): no alert about it
    alerts = participation_alerts(answered, invited, K, wave=5, shown=shown)
    assert [a.cell for a in alerts] == [(0,)]


def test_participation_of_a_team_of_fewer_than_k_is_never_described():
    invited = np.full((1, 6), 4)
    answered = np.array([[4, 4, 4, 4, 4, 0]])
    assert participation_alerts(answered, invited, K, wave=5) == []


# --- trend -------------------------------------------------------------------------------------


def test_trend_hides_waves_under_k_and_their_baselines():
    counts = steady_series(8, 10, [0, 1, 2, 5, 2])
    counts[0, 3] = [0, 0, 2, 1, 0]
    trend = trend_from_counts(counts, AGREE, K)
    assert np.isnan(trend["index"][0, 3]) and trend["n"][0, 3] == 0
    assert np.isfinite(trend["index"][0, 2])
    # Baselines of waves 4-7 pool wave 3 (3 people): hidden.
    assert np.isnan(trend["baseline"][0, 4:]).all()
    assert trend["change"][0, 2] == pytest.approx(0.0)
