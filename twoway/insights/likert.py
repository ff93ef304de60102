"""Per-cell summaries of rating items, computed from answer counts.

A rating item has a small scale of whole numbers (1-5 agreement, 1-7, 0-10). Every function here
takes counts arranged on the last axis in scale order (counts[..., j] is the number of answers
with value `scale.low + j`), so one call summarises thousands of cells at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Scale:
    """A rating scale of consecutive whole numbers from `low` to `high`."""

    low: int
    high: int

    @property
    def values(self) -> IntArray:
        return np.arange(self.low, self.high + 1, dtype=np.int64)

    @property
    def size(self) -> int:
        return self.high - self.low + 1

    def __str__(self) -> str:
        return f"{self.low}-{self.high}"


# The scales twoway recognises, smallest first: an item takes the first one holding every answer.
KNOWN_SCALES = (Scale(1, 5), Scale(1, 7), Scale(0, 10))
WIDEST_SCALE = KNOWN_SCALES[-1]


def infer_scale(lowest: int, highest: int) -> Scale:
    """Return the smallest known scale holding answers from `lowest` to `highest`.

    1-5 when every answer is within 1..5, else 1-7, else 0-10. Raises ValueError when an answer
    is outside 0..10, which no supported scale holds.
    """
    for scale in KNOWN_SCALES:
        if scale.low <= lowest and highest <= scale.high:
            return scale
    raise ValueError(
        f"answers from {lowest} to {highest} fit no supported scale "
        f"({', '.join(str(s) for s in KNOWN_SCALES)})"
    )


def n_from_counts(counts: npt.ArrayLike) -> IntArray:
    """Number of answers per cell."""
    return np.asarray(counts, dtype=np.int64).sum(axis=-1)


def mean_from_counts(counts: npt.ArrayLike, scale: Scale) -> FloatArray:
    """Mean answer per cell (NaN where a cell has no answers)."""
    c = np.asarray(counts, dtype=np.float64)
    n = c.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (c @ scale.values.astype(np.float64)) / n


def top2_from_counts(counts: npt.ArrayLike, scale: Scale) -> FloatArray:
    """Share of answers in the two highest points of the scale ("top-two box"), per cell."""
    c = np.asarray(counts, dtype=np.float64)
    n = c.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return c[..., scale.size - 2 :].sum(axis=-1) / n


def distribution_from_counts(counts: npt.ArrayLike, scale: Scale) -> dict[str, int]:
    """One cell's counts as {"1": 3, "2": 0, ...}, every point of the scale present."""
    c = np.asarray(counts, dtype=np.int64)
    return {str(v): int(c[j]) for j, v in enumerate(scale.values)}
