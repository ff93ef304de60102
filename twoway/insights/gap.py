"""Leader-minus-frontline gap statistics, computed exactly from answer counts.

Every function takes two count arrays with the same shape (..., m): counts[..., j] is the number of
answers at the j-th point of the scale, in increasing order. Only the order of the scale points
matters here, so the same code serves 1-5 and 0-10 items. Leading axes are cells: one call
computes a whole heatmap.

Sources:
- Cliff, N. (1993). Dominance statistics: ordinal analyses to answer ordinal questions.
  Psychological Bulletin 114(3), 494-509 (delta, its unbiased variance estimate and its floor).
- Feng, D. & Cliff, N. (2004). Monte Carlo evaluation of ordinal d with improved confidence
  interval. Journal of Modern Applied Statistical Methods 3(2), 322-332 (the asymmetric interval).
- Romano, J., Kromrey, J. D., Coraggio, J. & Skowronek, J. (2006). Appropriate statistics for
  ordinal level data. Annual meeting of the Florida Association of Institutional Research
  (severity bands 0.147, 0.33, 0.474).
- Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# scipy.special, not scipy.stats: the same functions, without the 0.3 s that importing
# scipy.stats adds to every `twoway gap` run.
from scipy import special

FloatArray = npt.NDArray[np.float64]

SEVERITY_BANDS = ((0.147, "negligible"), (0.33, "small"), (0.474, "medium"))
LARGE = "large"


def _as_pair(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    a = np.asarray(x, dtype=np.float64)
    b = np.asarray(y, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"count arrays differ in shape: {a.shape} and {b.shape}")
    return a, b


def _below_above(counts: FloatArray) -> tuple[FloatArray, FloatArray]:
    """For each scale point: answers strictly below it and strictly above it."""
    below = np.cumsum(counts, axis=-1) - counts
    above = counts.sum(axis=-1, keepdims=True) - below - counts
    return below, above


def _dominance(a: FloatArray, b: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Pairs with x > y, pairs with x < y, and n_x * n_y (x drawn from a, y from b)."""
    b_below, b_above = _below_above(b)
    greater = (a * b_below).sum(axis=-1)
    less = (a * b_above).sum(axis=-1)
    pairs = a.sum(axis=-1) * b.sum(axis=-1)
    return greater, less, pairs


def cliffs_delta_from_counts(x: npt.ArrayLike, y: npt.ArrayLike) -> FloatArray:
    """Cliff's delta = P(X > Y) - P(X < Y), exact over every pair (NaN if a group is empty)."""
    a, b = _as_pair(x, y)
    greater, less, pairs = _dominance(a, b)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (greater - less) / pairs


def cliffs_delta_variance_from_counts(x: npt.ArrayLike, y: npt.ArrayLike) -> FloatArray:
    """Cliff's (1993) unbiased estimate of the variance of delta, floored as he recommends.

    With d_ij the sign of x_i - y_j, d_i. and d_.j its row and column means:
    s2 = (n_y^2 sum (d_i. - d)^2 + n_x^2 sum (d_.j - d)^2 - sum (d_ij - d)^2)
         / (n_x n_y (n_x - 1) (n_y - 1)),
    then s2 = max(s2, (1 - d^2) / (n_x n_y - 1)) so that it never reaches zero. Without the
    floor this is effsize's `cliff.delta` default (`use.unbiased=TRUE`).
    NaN when a group has fewer than 2 answers.
    """
    a, b = _as_pair(x, y)
    n_x = a.sum(axis=-1)
    n_y = b.sum(axis=-1)
    greater, less, pairs = _dominance(a, b)
    with np.errstate(invalid="ignore", divide="ignore"):
        d = _shrunk_delta(greater, less, pairs)
        b_below, b_above = _below_above(b)
        a_below, a_above = _below_above(a)
        row_means = (b_below - b_above) / n_y[..., None]  # d_i. for an x at each scale point
        col_means = (a_above - a_below) / n_x[..., None]  # d_.j for a y at each scale point
        rows = (a * (row_means - d[..., None]) ** 2).sum(axis=-1)
        cols = (b * (col_means - d[..., None]) ** 2).sum(axis=-1)
        ties = pairs - greater - less
        residual = greater * (1 - d) ** 2 + less * (1 + d) ** 2 + ties * d**2
        var = (n_y**2 * rows + n_x**2 * cols - residual) / (pairs * (n_x - 1) * (n_y - 1))
        floor = (1 - d**2) / (pairs - 1)
    return np.where(np.isfinite(var), np.maximum(var, floor), np.nan)


def _shrunk_delta(greater: FloatArray, less: FloatArray, pairs: FloatArray) -> FloatArray:
    """Delta, pulled in by (nm - 1) / nm when it is exactly -1 or 1 (as effsize does), so that
    the variance and the interval stay defined for fully separated groups."""
    delta = (greater - less) / pairs
    return np.where(np.abs(delta) == 1, delta * (pairs - 1) / pairs, delta)


def cliffs_delta_ci_from_counts(
    x: npt.ArrayLike, y: npt.ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper bounds of the Feng & Cliff (2004) confidence interval for delta.

    The interval is asymmetric and stays inside [-1, 1]:
    (d - d^3 -/+ t s sqrt((1 - d^2)^2 + t^2 s^2)) / (1 - d^2 + t^2 s^2), with s^2 the variance
    above and t the Student quantile with n_x + n_y - 2 degrees of freedom (effsize's default).
    """
    a, b = _as_pair(x, y)
    greater, less, pairs = _dominance(a, b)
    var = cliffs_delta_variance_from_counts(a, b)
    dof = a.sum(axis=-1) + b.sum(axis=-1) - 2
    with np.errstate(invalid="ignore", divide="ignore"):
        delta = (greater - less) / pairs
        d = _shrunk_delta(greater, less, pairs)
        t = special.stdtrit(np.where(dof > 0, dof, np.nan), 0.5 + confidence / 2)
        spread = t * np.sqrt(var) * np.sqrt((1 - d**2) ** 2 + t**2 * var)
        denominator = 1 - d**2 + t**2 * var
        lower = np.where(delta == -1, -1.0, (d - d**3 - spread) / denominator)
        upper = np.where(delta == 1, 1.0, (d - d**3 + spread) / denominator)
    return lower, upper


def mann_whitney_p_from_counts(x: npt.ArrayLike, y: npt.ArrayLike) -> FloatArray:
    """Two-sided Mann-Whitney U p-value, normal approximation with tie and continuity correction.

    Equal to `scipy.stats.mannwhitneyu(x, y, method="asymptotic")` on the expanded answers
    (NaN when a group is empty).
    """
    a, b = _as_pair(x, y)
    n_x = a.sum(axis=-1)
    n_y = b.sum(axis=-1)
    b_below, _ = _below_above(b)
    u_x = (a * (b_below + 0.5 * b)).sum(axis=-1)
    u = np.maximum(u_x, n_x * n_y - u_x)
    n = n_x + n_y
    ties = a + b
    tie_term = (ties**3 - ties).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(n_x * n_y / 12 * ((n + 1) - tie_term / (n * (n - 1))))
        z = (u - n_x * n_y / 2 - 0.5) / sd
    p = np.clip(2 * special.ndtr(-z), 0.0, 1.0)
    return np.where((n_x > 0) & (n_y > 0), p, np.nan)


def benjamini_hochberg(p_values: npt.ArrayLike) -> FloatArray:
    """Benjamini-Hochberg q-values (SciPy's `false_discovery_control`); NaN p-values stay NaN
    and do not count towards the number of tests."""
    p = np.asarray(p_values, dtype=np.float64)
    q = np.full(p.shape, np.nan)
    finite = np.isfinite(p)
    if finite.any():
        q[finite] = _step_up(p[finite])
    return q


def _step_up(p: FloatArray) -> FloatArray:
    """q_(i) = min over j >= i of p_(j) m / j, for p sorted ascending, at most 1."""
    order = np.argsort(p)
    scaled = p[order] * p.size / np.arange(1, p.size + 1)
    q = np.empty_like(p)
    q[order] = np.minimum.accumulate(scaled[::-1])[::-1].clip(max=1.0)
    return q


def severity(delta: float) -> str:
    """Romano et al. (2006) band for |delta|: negligible, small, medium or large."""
    magnitude = abs(delta)
    for upper, label in SEVERITY_BANDS:
        if magnitude < upper:
            return label
    return LARGE
