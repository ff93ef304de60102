"""Ranking a board of posts by votes: "hot" (recent net votes) and "confidence" (no Django).

Both are the formulas of the Consul participation platform (consul/consul,
`app/lib/score_calculator.rb`), which Decidim-style boards also use to sort proposals:

- hot: the net votes (up minus down) cast within the last `period` days, divided by `period`,
  where `period` is the post's age in whole days, at least 1 and at most `max_period_days`. A
  post gains by votes that are recent, and a new post is not punished for being new. Consul
  rounds the quotient to a whole number; we keep the fraction so that ties are rarer.
- confidence: (up - down) x up / (up + down) x 100, and 1 for a post without votes. It rewards
  both many votes and a large share of them in favour: 10 up and 0 down scores 1000, 60 up and
  40 down scores 1200, 5 up and 5 down scores 0.

Arrays in, arrays out: a whole board is ranked in one call.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

DEFAULT_HOT_PERIOD_DAYS = 31  # Consul's default "hot_score_period_in_days"


def hot_period(age_days: ArrayLike, max_period_days: int = DEFAULT_HOT_PERIOD_DAYS) -> NDArray:
    """The window of the hot score, in days: the post's age clipped to [1, max_period_days]."""
    if max_period_days < 1:
        raise ValueError(f"max_period_days must be at least 1, not {max_period_days}")
    age = np.ceil(np.asarray(age_days, dtype=float))
    return np.clip(age, 1, max_period_days)


def hot_score(
    recent_up: ArrayLike,
    recent_down: ArrayLike,
    age_days: ArrayLike,
    max_period_days: int = DEFAULT_HOT_PERIOD_DAYS,
) -> NDArray[np.float64]:
    """Net votes within the hot period, per day of the period.

    `recent_up` and `recent_down` count only the votes cast within the period
    (`hot_period(age_days)` days back from today); `age_days` is the post's age in days.
    """
    up = np.asarray(recent_up, dtype=float)
    down = np.asarray(recent_down, dtype=float)
    return (up - down) / hot_period(age_days, max_period_days)


def confidence_score(up: ArrayLike, down: ArrayLike) -> NDArray[np.float64]:
    """Consul's confidence: net votes times the share in favour, times 100; 1 without votes."""
    up_ = np.asarray(up, dtype=float)
    down_ = np.asarray(down, dtype=float)
    total = up_ + down_
    with np.errstate(invalid="ignore", divide="ignore"):
        score = (up_ - down_) * (up_ / total) * 100.0
    return np.where(total > 0, score, 1.0)
