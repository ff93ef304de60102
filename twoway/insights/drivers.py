"""Drivers: which items move an outcome, by Johnson's (2000) relative weight analysis.

Given each respondent's answers to some items (X, respondents x items) and an outcome (y, the
overall index or the recommend question), relative weights split the R^2 of the regression of
y on X among the items, even when the items are correlated (they always are). Each item's raw
weight is its share of R^2; raw weights add up to R^2, and rescaled weights to 100%.

Method (Johnson 2000): take the correlation matrix R of X and its eigendecomposition
R = V diag(l) V'. Lambda = V diag(sqrt(l)) V' holds the correlations between the items and the
orthogonal variables Z closest to them (in least squares). Regress y on Z: beta =
Lambda^-1 r_xy. Item j's raw weight is sum_k Lambda[j, k]^2 beta_k^2.

Uncertainty: a percentile bootstrap over respondents (Tonidandel, LeBreton & Johnson 2009),
seeded, all resamples computed at once. Sources:
- Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor
  variables in multiple regression. Multivariate Behavioral Research 35(1), 1-19.
- Tonidandel, S., LeBreton, J. M. & Johnson, J. W. (2009). Determining the statistical
  significance of relative weights. Psychological Methods 14(4), 387-399.
- Tonidandel, S. & LeBreton, J. M. (2011). Relative importance analysis: a useful supplement
  to regression analysis. Journal of Business and Psychology 26(1), 1-9.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

RESPONSES_PER_ITEM = 10
MIN_RESPONSES = 50
DEFAULT_RESAMPLES = 1000
# Bootstrap resamples are drawn in chunks so that memory stays small for large units.
CHUNK_CELLS = 4_000_000


class NotEnoughResponses(ValueError):
    """Raised, with a reason a leader can read, when drivers cannot be estimated."""


@dataclass(frozen=True)
class DriverResult:
    """Relative weights of the items, in input order, with bootstrap intervals.

    raw: share of R^2 per item (adds up to r2); rescaled: percent of what is explained (adds
    up to 100). The *_low / *_high arrays are percentile bootstrap bounds at `confidence`.
    `lead_is_clear` says whether the bootstrap interval of the top item's rescaled weight minus
    the second's lies above zero (Tonidandel et al. 2009 compare weights this way).
    """

    items: tuple[str, ...]
    n: int
    r2: float
    raw: FloatArray
    rescaled: FloatArray
    raw_low: FloatArray
    raw_high: FloatArray
    rescaled_low: FloatArray
    rescaled_high: FloatArray
    confidence: float
    resamples: int
    lead_is_clear: bool


def minimum_responses(items: int) -> int:
    """Fewest complete responses for a driver analysis: 10 per item, and never fewer than 50."""
    return max(RESPONSES_PER_ITEM * items, MIN_RESPONSES)


def relative_weights(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[FloatArray, float]:
    """Johnson's raw relative weights of the columns of x for outcome y, and the R^2.

    Raises NotEnoughResponses when an item or the outcome does not vary, or the items are so
    dependent (one a sum of others) that their correlation matrix is singular.
    """
    data = _complete_rows(x, y)
    if len(data) < 3 or (np.ptp(data, axis=0) == 0).any():
        raise NotEnoughResponses(_no_variation_reason(data))
    corr: FloatArray = np.asarray(np.corrcoef(data, rowvar=False))
    raw = _weights_from_correlations(corr[None, :-1, :-1], corr[None, :-1, -1])[0]
    if not np.all(np.isfinite(raw)):
        raise NotEnoughResponses(
            "the items are too closely tied (one is a combination of others) to separate"
        )
    return raw, float(raw.sum())


def driver_analysis(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    items: Sequence[str] | None = None,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = 0.95,
    seed: int = 0,
    min_n: int | None = None,
) -> DriverResult:
    """Relative weights with percentile bootstrap intervals (seeded: same data, same result).

    Rows with a missing answer (NaN) are left out. Refuses (NotEnoughResponses) below `min_n`
    complete responses (default `minimum_responses(items)`).
    """
    data = _complete_rows(x, y)
    n, width = data.shape
    names = tuple(items) if items is not None else tuple(f"item {j + 1}" for j in range(width - 1))
    if len(names) != width - 1:
        raise ValueError(f"{len(names)} item names for {width - 1} item columns")
    needed = min_n if min_n is not None else minimum_responses(width - 1)
    if n < needed:
        raise NotEnoughResponses(
            f"drivers need at least {needed} complete responses for {width - 1} items; "
            f"there are {n}"
        )
    raw, r2 = relative_weights(data[:, :-1], data[:, -1])
    boot = _bootstrap_weights(data, resamples, np.random.default_rng(seed))
    share = boot / boot.sum(axis=1, keepdims=True) * 100.0
    tail = (1 - confidence) / 2 * 100.0
    raw_low, raw_high = np.nanpercentile(boot, [tail, 100 - tail], axis=0)
    res_low, res_high = np.nanpercentile(share, [tail, 100 - tail], axis=0)
    rescaled = raw / r2 * 100.0
    return DriverResult(
        items=names,
        n=n,
        r2=r2,
        raw=raw,
        rescaled=rescaled,
        raw_low=raw_low,
        raw_high=raw_high,
        rescaled_low=res_low,
        rescaled_high=res_high,
        confidence=confidence,
        resamples=resamples,
        lead_is_clear=_lead_is_clear(rescaled, share, tail),
    )


LITTLE_EXPLAINED = 0.05  # under this share of the outcome's differences, say it is little


def describe_drivers(result: DriverResult, outcome: str = "the overall index") -> list[str]:
    """Plain sentences, most important item first, e.g. "Pace of change matters most: about
    34% of what the items explain (likely between 25% and 41%)."

    The shares divide the part of the outcome the items explain (R²) between them; the first
    sentence says how big that part is, so that "30%" of a tiny part is not read as a lot.
    """
    order = np.argsort(-result.rescaled, kind="stable")
    r2 = f"{result.r2 * 100:.0f}"
    if result.r2 < LITTLE_EXPLAINED:
        lines = [
            f"Together these {len(result.items)} items explain very little (about {r2}%) of the "
            f"differences in {outcome}: it depends mostly on other things, so read the shares "
            f"below as how that small part divides, not as strong drivers."
        ]
    else:
        lines = [
            f"Together these {len(result.items)} items explain about {r2}% of the differences "
            f"in {outcome}; the shares below divide that part between them."
        ]
    for rank, j in enumerate(order.tolist()):
        verb = "matters most" if rank == 0 else "comes next" if rank == 1 else "follows"
        lines.append(
            f"{result.items[j]} {verb}: about {result.rescaled[j]:.0f}% of what the items "
            f"explain (likely between {result.rescaled_low[j]:.0f}% and "
            f"{result.rescaled_high[j]:.0f}%)."
        )
    if len(order) > 1 and not result.lead_is_clear:
        first, second = result.items[order[0]], result.items[order[1]]
        lines.append(f"{first} and {second} cannot be told apart with this many responses.")
    return lines


def _complete_rows(x: npt.ArrayLike, y: npt.ArrayLike) -> FloatArray:
    """Items and outcome side by side (outcome last), rows with a missing value dropped."""
    items = np.asarray(x, dtype=np.float64)
    outcome = np.asarray(y, dtype=np.float64)
    if items.ndim != 2 or outcome.shape != (items.shape[0],):
        raise ValueError(
            f"expected x as respondents x items and y with one value per respondent; "
            f"got {items.shape} and {outcome.shape}"
        )
    data = np.column_stack([items, outcome])
    return data[np.isfinite(data).all(axis=1)]


def _no_variation_reason(data: FloatArray) -> str:
    flat = [j for j in range(data.shape[1]) if np.ptp(data[:, j]) == 0] if len(data) else []
    if not flat:
        return "too few responses to compare"
    if flat == [data.shape[1] - 1]:
        return "everyone gave the same outcome, so nothing can explain it"
    return "some items got the same answer from everyone, so they cannot explain anything"


def _weights_from_correlations(rxx: FloatArray, rxy: FloatArray) -> FloatArray:
    """Raw relative weights for stacks of correlation matrices (b, p, p) and vectors (b, p)."""
    # A resample where an item or the outcome does not vary has no correlations: give it a
    # harmless matrix for the decomposition, then mark its weights unknown.
    broken: npt.NDArray[np.bool_] = np.asarray(
        ~(np.isfinite(rxx).all(axis=(1, 2)) & np.isfinite(rxy).all(axis=1))
    )
    rxx = np.where(broken[:, None, None], np.eye(rxx.shape[-1]), rxx)
    rxy = np.where(broken[:, None], 0.0, rxy)
    values, vectors = np.linalg.eigh(rxx)
    with np.errstate(invalid="ignore", divide="ignore"):
        root = np.sqrt(np.where(values > 1e-12, values, np.nan))
        lam = np.einsum("bij,bj,bkj->bik", vectors, root, vectors)
        beta = np.einsum("bij,bj,bkj,bk->bi", vectors, 1 / root, vectors, rxy)
    weights = np.einsum("bjk,bk->bj", lam**2, beta**2)
    return np.where(broken[:, None], np.nan, weights)


def _bootstrap_weights(data: FloatArray, resamples: int, rng: np.random.Generator) -> FloatArray:
    """Raw weights for `resamples` bootstrap resamples of the rows, (resamples, items).

    A resample is a count of how often each row is drawn, so the moments of all resamples come
    from one matrix product instead of copying the data once per resample.
    """
    n, width = data.shape
    products = (data[:, :, None] * data[:, None, :]).reshape(n, width * width)
    chunk = max(1, CHUNK_CELLS // max(n, 1))
    out = []
    for first in range(0, resamples, chunk):
        size = min(chunk, resamples - first)
        draws = rng.integers(0, n, size=(size, n))
        offsets = (np.arange(size) * n)[:, None]
        weights = np.bincount((draws + offsets).ravel(), minlength=size * n).reshape(size, n)
        mean = weights @ data / n
        second = (weights @ products / n).reshape(size, width, width)
        cov = second - mean[:, :, None] * mean[:, None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            sd = np.sqrt(np.diagonal(cov, axis1=1, axis2=2))
            corr = cov / (sd[:, :, None] * sd[:, None, :])
        out.append(_weights_from_correlations(corr[:, :-1, :-1], corr[:, :-1, -1]))
    return np.concatenate(out, axis=0)


def _lead_is_clear(rescaled: FloatArray, share: FloatArray, tail: float) -> bool:
    """Whether the bootstrap interval of (top item - second item) lies above zero."""
    if rescaled.size < 2:
        return True
    order = np.argsort(-rescaled, kind="stable")
    difference = share[:, order[0]] - share[:, order[1]]
    return bool(np.nanpercentile(difference, tail) > 0)
