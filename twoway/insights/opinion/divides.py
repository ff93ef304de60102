"""What divides two declared groups (leaders and the frontline): the difference in the share
agreeing with each statement, its two-proportion test, and Benjamini-Hochberg control.

The share is of those who voted on the statement (passes count as votes: a pass is "not
agreeing"); no smoothing here, because this is a plain comparison of two observed shares. The
test is the pooled two-proportion z test, two-sided, which equals Pearson's chi-square test of
the 2 x 2 table without continuity correction (the tests check it against SciPy's
`chi2_contingency`). The q-values control the false discovery rate over the statements tested
(Benjamini and Hochberg 1995), so that a list of a thousand statements does not show fifty
"differences" by chance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

from twoway.insights.gap import benjamini_hochberg
from twoway.insights.opinion.votes import FloatArray

DIVIDE_Q = 0.05


@dataclass(frozen=True)
class Differences:
    """Per statement: each group's share agreeing, first minus second, z, p and q (NaN where
    either group has no votes or the statement was not tested)."""

    share_first: FloatArray
    share_second: FloatArray
    difference: FloatArray
    z: FloatArray
    p: FloatArray
    q: FloatArray


def two_proportion_test(
    successes_1: npt.ArrayLike,
    trials_1: npt.ArrayLike,
    successes_2: npt.ArrayLike,
    trials_2: npt.ArrayLike,
) -> tuple[FloatArray, FloatArray]:
    """Pooled two-proportion z and its two-sided p; z = 0 and p = 1 when nobody differs
    (pooled share 0 or 1), NaN where a group has no trials."""
    s1, n1 = np.asarray(successes_1, np.float64), np.asarray(trials_1, np.float64)
    s2, n2 = np.asarray(successes_2, np.float64), np.asarray(trials_2, np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (s1 + s2) / (n1 + n2)
        spread = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = np.where(spread > 0, (s1 / n1 - s2 / n2) / spread, 0.0)
    p = 2 * stats.norm.sf(np.abs(z))
    empty = (n1 == 0) | (n2 == 0)
    return np.where(empty, np.nan, z), np.where(empty, np.nan, p)


def differences(
    agree: npt.ArrayLike,
    seen: npt.ArrayLike,
    tested: npt.NDArray[np.bool_] | None = None,
) -> Differences:
    """First group minus second, per statement; `agree` and `seen` have two rows (the groups).

    Only the statements where `tested` is true are tested and count towards the false discovery
    rate (twoway tests those where both groups have at least k votes).
    """
    a, n = np.asarray(agree, np.float64), np.asarray(seen, np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = a / n
    z, p = two_proportion_test(a[0], n[0], a[1], n[1])
    if tested is not None:
        z, p = np.where(tested, z, np.nan), np.where(tested, p, np.nan)
    return Differences(
        share_first=share[0],
        share_second=share[1],
        difference=share[0] - share[1],
        z=z,
        p=p,
        q=benjamini_hochberg(p),
    )


def dividing_columns(diff: Differences, *, q_below: float = DIVIDE_Q) -> list[int]:
    """Statements whose difference passes the false discovery control, largest first."""
    significant = np.flatnonzero(np.nan_to_num(diff.q, nan=1.0) < q_below)
    order = np.argsort(-np.abs(diff.difference[significant]), kind="stable")
    return [int(c) for c in significant[order]]
