"""Pulse statistics from answer counts: index, eNPS, participation, baselines, alerts.

Layout shared by every function here (the vocabulary of `likert.py`, one more axis):
- count arrays are (..., waves, points): counts[..., t, j] answers at scale point j in wave t;
  leading axes are cells (units, items), so one call covers a whole organisation;
- per-cell numbers (respondents n, invited people) are (..., waves).

Privacy (docs/privacy.md): the counts given here are the cells a wave's release shows (zero
where it hides them), so every figure computed from them is a function of shown cells; a
trailing baseline only pools waves that are empty or shown (`baseline_shown`). Waves are never
pooled into a figure of their own (docs/method-pulse.md says why). See docs/method-pulse.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

from twoway.insights.anonymity import validate_threshold
from twoway.insights.gap import benjamini_hochberg
from twoway.insights.likert import Scale, mean_from_counts

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

ENPS_SCALE = Scale(0, 10)
DEFAULT_BASELINE_WAVES = 4
DEFAULT_MIN_DROP = 10.0
DEFAULT_MIN_FALL = 0.3
DEFAULT_ALPHA = 0.05


# --- Index, eNPS, participation ---------------------------------------------------------------


def index_from_counts(
    counts: npt.ArrayLike, scale: Scale, reverse: bool | npt.ArrayLike = False
) -> FloatArray:
    """0-100 index per cell: the mean answer rescaled, (mean - low) / (high - low) * 100.

    `reverse` marks reverse-keyed items (agreeing is bad), whose index is 100 minus that; it
    broadcasts against the cells, counts.shape[:-1]. NaN where a cell has no answers.
    """
    mean = mean_from_counts(counts, scale)
    index = (mean - scale.low) / (scale.high - scale.low) * 100.0
    return np.where(np.asarray(reverse, dtype=bool), 100.0 - index, index)


def overall_index(item_index: npt.ArrayLike, axis: int = -1) -> FloatArray:
    """Overall index: the plain mean of the item indices shown (NaN items skipped).

    Every item counts the same whatever its number of answers, so an item answered by many
    people does not outweigh the others. NaN where no item is shown.
    """
    x = np.asarray(item_index, dtype=np.float64)
    shown = np.isfinite(x)
    total = np.where(shown, x, 0.0).sum(axis=axis)
    count = shown.sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, np.nan)


def enps_from_counts(counts_0_10: npt.ArrayLike) -> dict[str, FloatArray]:
    """eNPS per cell from counts at 0..10 (11 points on the last axis).

    Returns arrays: n, promoters (9-10), passives (7-8), detractors (0-6) as percentages of n,
    enps = %promoters - %detractors (-100..100) and its standard error `se` in eNPS points:
    100 * sqrt((p + d - (p - d)^2) / n), the multinomial variance of a difference of two shares
    (p promoters, d detractors, as fractions). NaN where a cell has no answers.
    """
    c = np.asarray(counts_0_10, dtype=np.float64)
    if c.shape[-1] != ENPS_SCALE.size:
        raise ValueError(
            f"eNPS counts need 11 points (0 to 10) on the last axis, not {c.shape[-1]}"
        )
    n = c.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        promoters = c[..., 9:].sum(axis=-1) / n
        passives = c[..., 7:9].sum(axis=-1) / n
        detractors = c[..., :7].sum(axis=-1) / n
        variance = (promoters + detractors - (promoters - detractors) ** 2) / n
    return {
        "n": n,
        "promoters": promoters * 100.0,
        "passives": passives * 100.0,
        "detractors": detractors * 100.0,
        "enps": (promoters - detractors) * 100.0,
        "se": np.sqrt(variance) * 100.0,
    }


def enps_ci_from_counts(
    counts_0_10: npt.ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Wald interval for eNPS, enps -/+ z * se, kept within -100..100."""
    result = enps_from_counts(counts_0_10)
    z = stats.norm.ppf(0.5 + confidence / 2)
    low = np.clip(result["enps"] - z * result["se"], -100.0, 100.0)
    high = np.clip(result["enps"] + z * result["se"], -100.0, 100.0)
    return low, high


def participation_rate(respondents: npt.ArrayLike, invited: npt.ArrayLike) -> FloatArray:
    """Share of invited people who answered (NaN where nobody was invited).

    Answers through a team code can make respondents exceed invitations; the rate is then
    above 1, as the diagnostic's participation page says.
    """
    r = np.asarray(respondents, dtype=np.float64)
    m = np.asarray(invited, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(m > 0, r / m, np.nan)


# --- Trailing baseline ------------------------------------------------------------------------


def trailing_sum(x: npt.ArrayLike, waves: int = DEFAULT_BASELINE_WAVES, axis: int = -1) -> IntArray:
    """For each wave t, the sum of x over waves t-waves .. t-1 along `axis` (fewer at the start).

    With counts (..., waves, points) and axis=-2 this is the trailing baseline's pooled counts.
    """
    if waves < 1:
        raise ValueError(f"a baseline needs at least one wave, not {waves}")
    a = np.moveaxis(np.asarray(x, dtype=np.int64), axis, -1)
    zero = np.zeros((*a.shape[:-1], 1), dtype=np.int64)
    running = np.concatenate([zero, np.cumsum(a, axis=-1)], axis=-1)
    t = np.arange(a.shape[-1])
    window = running[..., t] - running[..., np.maximum(t - waves, 0)]
    return np.moveaxis(window, -1, axis)


def baseline_counts(counts: npt.ArrayLike, waves: int = DEFAULT_BASELINE_WAVES) -> IntArray:
    """Pooled counts of the previous `waves` waves, for every wave: shape of `counts`."""
    return trailing_sum(counts, waves, axis=-2)


def baseline_shown(n: npt.ArrayLike, k: int, waves: int = DEFAULT_BASELINE_WAVES) -> BoolArray:
    """Whether each wave's trailing baseline may be described, from respondents n (..., waves).

    Yes when the previous `waves` waves hold k or more respondents together AND each of them is
    empty or has k or more. Then the baseline is a sum of figures that may be shown anyway, so
    comparing this week's baseline with last week's (which differ by one wave in, one out)
    tells nothing about fewer than k people.
    """
    validate_threshold(k)
    counts = np.asarray(n, dtype=np.int64)
    small = ((counts > 0) & (counts < k)).astype(np.int64)
    return (trailing_sum(counts, waves) >= k) & (trailing_sum(small, waves) == 0)


# --- Drop test and alerts ---------------------------------------------------------------------


def mann_whitney_less_p(current: npt.ArrayLike, baseline: npt.ArrayLike) -> FloatArray:
    """One-sided Mann-Whitney p-value that current answers tend to be LOWER than baseline ones.

    Normal approximation with tie and continuity correction, from counts (..., points); equal
    to `scipy.stats.mannwhitneyu(current, baseline, alternative="less", method="asymptotic")`
    on the expanded answers. NaN when a group is empty; 1 when every answer ties.
    """
    a = np.asarray(current, dtype=np.float64)
    b = np.asarray(baseline, dtype=np.float64)
    n_x = a.sum(axis=-1)
    n_y = b.sum(axis=-1)
    b_below = np.cumsum(b, axis=-1) - b
    u_x = (a * (b_below + 0.5 * b)).sum(axis=-1)
    n = n_x + n_y
    ties = a + b
    tie_term = (ties**3 - ties).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(n_x * n_y / 12 * ((n + 1) - tie_term / (n * (n - 1))))
        z = (n_x * n_y / 2 - u_x - 0.5) / sd
        p = np.where(sd > 0, stats.norm.sf(z), 1.0)
    return np.where((n_x > 0) & (n_y > 0), np.clip(p, 0.0, 1.0), np.nan)


def two_proportion_less_p(
    successes_now: npt.ArrayLike,
    trials_now: npt.ArrayLike,
    successes_before: npt.ArrayLike,
    trials_before: npt.ArrayLike,
) -> FloatArray:
    """One-sided pooled two-proportion z-test p-value that the current share is LOWER.

    z = (r1 - r0) / sqrt(r (1 - r) (1/m1 + 1/m0)), r the pooled share; the same z as the
    chi-square test of the 2x2 table without Yates' correction (z^2 = chi^2). NaN without trials.
    """
    s1 = np.asarray(successes_now, dtype=np.float64)
    m1 = np.asarray(trials_now, dtype=np.float64)
    s0 = np.asarray(successes_before, dtype=np.float64)
    m0 = np.asarray(trials_before, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = (s1 + s0) / (m1 + m0)
        sd = np.sqrt(pooled * (1 - pooled) * (1 / m1 + 1 / m0))
        z = (s1 / m1 - s0 / m0) / sd
        p = np.where(sd > 0, stats.norm.cdf(z), 1.0)
    return np.where((m1 > 0) & (m0 > 0), p, np.nan)


@dataclass(frozen=True)
class DropAlert:
    """An item's index fell against its cell's own trailing baseline, by enough and not by
    chance. `cell` indexes the leading axes of the counts (e.g. (unit, item))."""

    cell: tuple[int, ...]
    wave: int
    baseline_waves: tuple[int, int]  # first and last wave pooled in the baseline
    n: int
    n_baseline: int
    index: float
    index_baseline: float
    change: float
    p: float
    q: float


@dataclass(frozen=True)
class ParticipationAlert:
    """Participation fell by a set share against the cell's trailing baseline, not by chance
    (read only from respondents figures that may be shown)."""

    cell: tuple[int, ...]
    wave: int
    baseline_waves: tuple[int, int]
    invited: int
    rate: float
    rate_baseline: float
    p: float
    q: float


def drop_alerts(
    counts: npt.ArrayLike,
    scale: Scale,
    k: int,
    wave: int,
    *,
    reverse: bool | npt.ArrayLike = False,
    baseline_waves: int = DEFAULT_BASELINE_WAVES,
    min_drop: float = DEFAULT_MIN_DROP,
    alpha: float = DEFAULT_ALPHA,
) -> list[DropAlert]:
    """Drop alerts for one wave, over every cell of counts (..., waves, points).

    A cell is tested only when this wave has k or more respondents and its baseline may be
    shown (`baseline_shown`); other cells get no record at all. It is flagged when its index
    fell by `min_drop` points or more AND the one-sided Mann-Whitney test of this wave's
    answers against the baseline's has a Benjamini-Hochberg q below `alpha`, across the cells
    tested in this call. `reverse` broadcasts against counts.shape[:-2] (e.g. shape (items,)).
    """
    validate_threshold(k)
    c = np.asarray(counts)
    _check_wave(wave, c.shape[-2])
    lo = max(wave - baseline_waves, 0)
    recent = c[..., lo : wave + 1, :].astype(np.int64)  # only the waves this alert reads
    flip = np.broadcast_to(np.asarray(reverse, dtype=bool), c.shape[:-2])
    # Reverse-keyed answers read backwards, so "lower" always means "worse".
    oriented = np.where(flip[..., None, None], recent[..., ::-1], recent)
    now = oriented[..., -1, :]
    before = oriented[..., :-1, :].sum(axis=-2)
    n = recent.sum(axis=-1)
    tested = (n[..., -1] >= k) & _pools_shown_waves(n[..., :-1], k)
    index_now = index_from_counts(now, scale)
    index_before = index_from_counts(before, scale)
    change = index_now - index_before
    p = np.where(tested, mann_whitney_less_p(now, before), np.nan)
    q = benjamini_hochberg(p)
    flagged = tested & (change <= -min_drop) & (q < alpha)
    return [
        DropAlert(
            cell=tuple(int(i) for i in cell),
            wave=wave,
            baseline_waves=(lo, wave - 1),
            n=int(n[(*cell, -1)]),
            n_baseline=int(before[cell].sum()),
            index=float(index_now[cell]),
            index_baseline=float(index_before[cell]),
            change=float(change[cell]),
            p=float(p[cell]),
            q=float(q[cell]),
        )
        for cell in zip(*np.nonzero(flagged), strict=True)
    ]


def participation_alerts(
    respondents: npt.ArrayLike,
    invited: npt.ArrayLike,
    k: int,
    wave: int,
    *,
    shown: npt.ArrayLike | None = None,
    baseline_waves: int = DEFAULT_BASELINE_WAVES,
    min_fall: float = DEFAULT_MIN_FALL,
    alpha: float = DEFAULT_ALPHA,
) -> list[ParticipationAlert]:
    """Participation-collapse alerts for one wave, over cells of arrays (..., waves).

    Only figures that may be shown are read: `shown` (..., waves) marks the respondents cells
    a wave's release shows (by default, those of k or more). A cell is tested when its
    respondents are shown this wave, k or more people were invited, and each baseline wave
    that invited anyone shows its respondents too; a hidden figure is never described, not even
    as "fewer than k", which would tell why it is hidden. It is flagged when its rate is at most
    (1 - min_fall) times the baseline rate (pooled over the previous waves) AND the one-sided
    two-proportion test has a Benjamini-Hochberg q below `alpha`. Respondents above invitations
    (team codes) count as the invitations, so a rate never passes 1 in the test.
    """
    validate_threshold(k)
    m = np.asarray(invited, dtype=np.int64)
    r = np.minimum(np.asarray(respondents, dtype=np.int64), m)
    _check_wave(wave, m.shape[-1])
    readable = (r >= k) if shown is None else np.asarray(shown, dtype=bool) & (r >= 0)
    lo = max(wave - baseline_waves, 0)
    unread = ((m > 0) & ~readable).astype(np.int64)
    m0 = m[..., lo:wave].sum(axis=-1)
    r0 = np.where(readable, r, 0)[..., lo:wave].sum(axis=-1)
    tested = (
        readable[..., wave]
        & (m[..., wave] >= k)
        & (m0 >= k)
        & (unread[..., lo:wave].sum(axis=-1) == 0)
    )
    rate = participation_rate(r[..., wave], m[..., wave])
    rate0 = participation_rate(r0, m0)
    p = np.where(tested, two_proportion_less_p(r[..., wave], m[..., wave], r0, m0), np.nan)
    q = benjamini_hochberg(p)
    flagged = tested & (rate <= (1 - min_fall) * rate0) & (q < alpha)
    return [
        ParticipationAlert(
            cell=tuple(int(i) for i in cell),
            wave=wave,
            baseline_waves=(lo, wave - 1),
            invited=int(m[(*cell, wave)]),
            rate=float(rate[cell]),
            rate_baseline=float(rate0[cell]),
            p=float(p[cell]),
            q=float(q[cell]),
        )
        for cell in zip(*np.nonzero(flagged), strict=True)
    ]


def _pools_shown_waves(n: IntArray, k: int) -> BoolArray:
    """`baseline_shown` for one wave, given the respondents of its baseline waves (..., waves)."""
    return (n.sum(axis=-1) >= k) & ~((n > 0) & (n < k)).any(axis=-1)


def _check_wave(wave: int, waves: int) -> None:
    if not 0 <= wave < waves:
        raise ValueError(f"wave {wave} is not among the {waves} waves given (0 to {waves - 1})")


# --- Trend of one cell series -----------------------------------------------------------------


def trend_from_counts(
    counts: npt.ArrayLike,
    scale: Scale,
    k: int,
    *,
    reverse: bool | npt.ArrayLike = False,
    baseline_waves: int = DEFAULT_BASELINE_WAVES,
) -> dict[str, FloatArray]:
    """Index per cell and wave, with its trailing baseline, hidden (NaN) under k.

    counts are (..., waves, points); `reverse` broadcasts against counts.shape[:-2]. Returns
    n (respondents, 0 where hidden), index, baseline (the pooled trailing index) and change.
    """
    validate_threshold(k)
    c = np.asarray(counts, dtype=np.int64)
    flip = np.asarray(reverse, dtype=bool)[..., None]
    n = c.sum(axis=-1)
    shown = n >= k
    index = np.where(shown, index_from_counts(c, scale, flip), np.nan)
    before_shown = baseline_shown(n, k, baseline_waves)
    before = index_from_counts(baseline_counts(c, baseline_waves), scale, flip)
    baseline = np.where(shown & before_shown, before, np.nan)
    return {
        "n": np.where(shown, n, 0).astype(np.float64),
        "index": index,
        "baseline": baseline,
        "change": index - baseline,
    }
