"""Rising and falling themes between two waves (no Django import).

A theme's share of a wave is the number of comments assigned to it over all the wave's
comments (comments with no theme included, so shares of a wave add up to at most 1). A theme is
"rising" or "falling" when its share moved by at least `min_change` and the move is unlikely by
chance: Fisher's exact test on the 2x2 table (this theme or not, previous or current wave),
two-sided, below `alpha`. Otherwise it is "steady". Both conditions, as for pulse alerts: a
big move in a handful of comments is noise, and a tiny move in a huge wave is not news.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import fisher_exact

from twoway.insights.text.themes import NO_THEME


@dataclass(frozen=True)
class ThemeTrend:
    """One theme across two waves: counts, shares (0..1), their change, p and direction."""

    theme_id: int
    previous_count: int
    current_count: int
    previous_share: float
    current_share: float
    change: float
    p: float
    direction: str


def theme_counts(theme_ids: ArrayLike) -> dict[int, int]:
    """Comments per theme id, `NO_THEME` left out."""
    ids, counts = np.unique(np.asarray(theme_ids, dtype=np.int64), return_counts=True)
    return {int(i): int(c) for i, c in zip(ids, counts, strict=True) if i != NO_THEME}


def theme_trends(
    previous: ArrayLike,
    current: ArrayLike,
    *,
    min_change: float = 0.02,
    alpha: float = 0.05,
) -> list[ThemeTrend]:
    """Every theme present in either wave, biggest change in share first.

    `previous` and `current` are the theme id of each comment of each wave, as returned by
    `ThemeModel.fit_transform` and `update_transform`.
    """
    before, after = theme_counts(previous), theme_counts(current)
    n_before, n_after = len(np.asarray(previous)), len(np.asarray(current))
    if n_before == 0 or n_after == 0:
        raise ValueError("each wave needs at least one comment to compare theme shares")
    trends = [
        _trend(i, before.get(i, 0), after.get(i, 0), n_before, n_after, min_change, alpha)
        for i in sorted(before.keys() | after.keys())
    ]
    return sorted(trends, key=lambda t: (-abs(t.change), t.theme_id))


def _trend(
    theme_id: int,
    count_before: int,
    count_after: int,
    n_before: int,
    n_after: int,
    min_change: float,
    alpha: float,
) -> ThemeTrend:
    share_before, share_after = count_before / n_before, count_after / n_after
    change = share_after - share_before
    table = [[count_before, n_before - count_before], [count_after, n_after - count_after]]
    p = float(fisher_exact(table).pvalue)
    direction = "steady"
    if abs(change) >= min_change and p < alpha:
        direction = "rising" if change > 0 else "falling"
    return ThemeTrend(
        theme_id, count_before, count_after, share_before, share_after, change, p, direction
    )
