"""Pulse statistics from answer counts: index, eNPS, participation, baselines, windows, alerts.

Layout shared by every function here (the vocabulary of `likert.py`, one more axis):
- count arrays are (..., waves, points): counts[..., t, j] answers at scale point j in wave t;
  leading axes are cells (units, items), so one call covers a whole organisation;
- per-cell numbers (respondents n, invited people) are (..., waves).

Privacy (docs/privacy.md): a figure is shown only for k or more respondents, and a series
must not let a reader subtract two shown figures to isolate fewer than k. Windows of waves are
therefore disjoint (`window_plan`), and a trailing baseline only pools waves that are empty or
shown (`baseline_shown`). See docs/method-pulse.md.
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
DEFAULT_WINDOW_WAVES = 4
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


# --- Windows for small units ------------------------------------------------------------------


@dataclass(frozen=True)
class WindowPlan:
    """Disjoint windows of consecutive waves, one plan per cell; arrays are (..., waves).

    Wave t belongs to the window of waves start[t]..end[t]; `end` is -1 while the window is
    still open (gathering answers). `closes[t]` marks the last wave of a closed window, and
    `shown[t]` whether that window reached k (False on every other wave).
    """

    start: IntArray
    end: IntArray
    closes: BoolArray
    shown: BoolArray
    respondents: IntArray  # the window's pooled respondents, on every wave of the window


def window_plan(
    n: npt.ArrayLike,
    k: int,
    max_waves: int = DEFAULT_WINDOW_WAVES,
    *,
    invited: npt.ArrayLike | None = None,
) -> WindowPlan:
    """Group each cell's waves into disjoint windows that reach k respondents (answers).

    Reading forward in time, a window opens at the first wave after the last closed one and
    closes as soon as its waves together hold k or more respondents (shown), or when it spans
    `max_waves` waves without reaching k (never shown). A wave with k or more closes its own
    one-wave window, so big units are read wave by wave. Because windows never overlap and a
    closed window never changes, no two shown windows can be subtracted from each other.
    Respondents are answers: the same person in two waves counts twice (responses are
    unlinkable); docs/method-pulse.md says what that means. With `invited` (..., waves), a
    window is shown only if k or more people were invited in each of its waves that invited
    anyone, so a team smaller than k is never shown however many weeks it answers.
    """
    validate_threshold(k)
    if max_waves < 1:
        raise ValueError(f"a window needs at least one wave, not {max_waves}")
    counts = np.asarray(n, dtype=np.int64)
    waves = counts.shape[-1]
    start = np.zeros(counts.shape, dtype=np.int64)
    closes = np.zeros(counts.shape, dtype=bool)
    shown = np.zeros(counts.shape, dtype=bool)
    opened = np.zeros(counts.shape[:-1], dtype=np.int64)
    pooled = np.zeros(counts.shape[:-1], dtype=np.int64)
    big_enough = _team_big_enough(invited, counts.shape, k)
    team_ok = np.ones(counts.shape[:-1], dtype=bool)
    for t in range(waves):
        pooled = pooled + counts[..., t]
        team_ok = team_ok & big_enough[..., t]
        start[..., t] = opened
        reached = pooled >= k
        close = reached | (t - opened + 1 >= max_waves)
        closes[..., t] = close
        shown[..., t] = reached & team_ok
        opened = np.where(close, t + 1, opened)
        pooled = np.where(close, 0, pooled)
        team_ok = team_ok | close
    end = _window_ends(closes)
    respondents = _window_totals(counts, start, end)
    return WindowPlan(start, end, closes, shown, respondents)


def _team_big_enough(invited: npt.ArrayLike | None, shape: tuple[int, ...], k: int) -> BoolArray:
    """Per wave: nobody invited, or k or more (all True when invitations are not given)."""
    if invited is None:
        return np.ones(shape, dtype=bool)
    m = np.broadcast_to(np.asarray(invited, dtype=np.int64), shape)
    return (m == 0) | (m >= k)


def _window_ends(closes: BoolArray) -> IntArray:
    """For each wave, the next wave at or after it that closes a window (-1 if none yet)."""
    waves = closes.shape[-1]
    end = np.full(closes.shape, -1, dtype=np.int64)
    following = np.full(closes.shape[:-1], -1, dtype=np.int64)
    for t in range(waves - 1, -1, -1):
        following = np.where(closes[..., t], t, following)
        end[..., t] = following
    return end


def _window_totals(counts: IntArray, start: IntArray, end: IntArray) -> IntArray:
    """Respondents of each wave's window (so far, for the open window)."""
    running = np.concatenate(
        [np.zeros((*counts.shape[:-1], 1), dtype=np.int64), np.cumsum(counts, axis=-1)], axis=-1
    )
    last = np.where(end >= 0, end, counts.shape[-1] - 1)
    return np.take_along_axis(running, last + 1, -1) - np.take_along_axis(running, start, -1)


def windowed_counts(counts: npt.ArrayLike, plan: WindowPlan) -> IntArray:
    """Counts (..., waves, points) re-read by window: each shown window's pooled counts sit on
    the wave that closes it; every other wave is empty.

    The result is a series like any other: trends, baselines and alerts run on it unchanged,
    and every wave of it is empty or holds k or more respondents.
    """
    c = np.asarray(counts, dtype=np.int64)
    zero = np.zeros((*c.shape[:-2], 1, c.shape[-1]), dtype=np.int64)
    running = np.concatenate([zero, np.cumsum(c, axis=-2)], axis=-2)
    last = np.where(plan.end >= 0, plan.end, 0)
    upto = np.take_along_axis(running, (last + 1)[..., None], -2)
    before = np.take_along_axis(running, plan.start[..., None], -2)
    return np.where(plan.shown[..., None], upto - before, 0)


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
    """Participation fell by a set share against the cell's trailing baseline, not by chance.

    `rate` is None when 1 to k-1 people answered: the alert then says only that fewer than k
    answered, never how many.
    """

    cell: tuple[int, ...]
    wave: int
    baseline_waves: tuple[int, int]
    invited: int
    rate: float | None
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
    baseline_waves: int = DEFAULT_BASELINE_WAVES,
    min_fall: float = DEFAULT_MIN_FALL,
    alpha: float = DEFAULT_ALPHA,
) -> list[ParticipationAlert]:
    """Participation-collapse alerts for one wave, over cells of arrays (..., waves).

    A cell is tested only when k or more people were invited this wave and in each baseline
    wave that invited anyone. It is flagged when its rate is at most (1 - min_fall) times the
    baseline rate (pooled over the previous waves) AND the one-sided two-proportion test has a
    Benjamini-Hochberg q below `alpha`. Respondents above invitations (team codes) count as
    the invitations, so a rate never passes 1 in the test.
    """
    validate_threshold(k)
    m = np.asarray(invited, dtype=np.int64)
    r = np.minimum(np.asarray(respondents, dtype=np.int64), m)
    _check_wave(wave, m.shape[-1])
    lo = max(wave - baseline_waves, 0)
    small_invited = ((m > 0) & (m < k)).astype(np.int64)
    m0 = m[..., lo:wave].sum(axis=-1)
    r0 = r[..., lo:wave].sum(axis=-1)
    tested = (m[..., wave] >= k) & (m0 >= k) & (small_invited[..., lo:wave].sum(axis=-1) == 0)
    rate = participation_rate(r[..., wave], m[..., wave])
    rate0 = participation_rate(r0, m0)
    p = np.where(tested, two_proportion_less_p(r[..., wave], m[..., wave], r0, m0), np.nan)
    q = benjamini_hochberg(p)
    flagged = tested & (rate <= (1 - min_fall) * rate0) & (q < alpha)
    alerts = []
    for cell in zip(*np.nonzero(flagged), strict=True):
        answered = int(r[(*cell, wave)])
        alerts.append(
            ParticipationAlert(
                cell=tuple(int(i) for i in cell),
                wave=wave,
                baseline_waves=(lo, wave - 1),
                invited=int(m[(*cell, wave)]),
                rate=float(rate[cell]) if answered == 0 or answered >= k else None,
                rate_baseline=float(rate0[cell]),
                p=float(p[cell]),
                q=float(q[cell]),
            )
        )
    return alerts


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
