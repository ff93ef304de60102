"""Which statement to show a participant next: Pol.is's priority, then a weighted draw.

Pol.is (polismath `conversation/priority-metric`; Small et al. 2021, section 3.5) scores each
statement by its importance, P(agree) x (1 - P(pass)) x (1 + extremity), with smoothed shares,
times a boost for statements few people have seen, 1 + 8 x 2^(-seen / 5), and squares the product
so that strong statements win more often. A meta statement (about the conversation itself) has
a fixed priority of 7 before squaring. The next statement is drawn at random among those the
participant has not voted on, with chances in proportion to the priorities: well-placed and new
statements come first, yet every statement keeps a chance, so a thousand statements do not all
need every vote.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from twoway.insights.opinion.counts import smoothed_share
from twoway.insights.opinion.votes import FloatArray

NEW_STATEMENT_BOOST = 8.0
BOOST_HALF_LIFE = 5.0  # votes after which the boost for a new statement halves
META_PRIORITY = 7.0


def priorities(
    agree: npt.ArrayLike,
    disagree: npt.ArrayLike,
    seen: npt.ArrayLike,
    extremity: npt.ArrayLike,
    is_meta: npt.ArrayLike | None = None,
) -> FloatArray:
    """The priority of each statement from its counts and extremity (see the module docstring)."""
    a, d, n = (np.asarray(x, dtype=np.float64) for x in (agree, disagree, seen))
    passed = n - a - d
    importance = (
        smoothed_share(a, n)
        * (1.0 - smoothed_share(passed, n))
        * (1.0 + np.asarray(extremity, dtype=np.float64))
    )
    newness = 1.0 + NEW_STATEMENT_BOOST * np.power(2.0, -n / BOOST_HALF_LIFE)
    priority = importance * newness
    if is_meta is not None:
        priority = np.where(np.asarray(is_meta, dtype=bool), META_PRIORITY, priority)
    return np.asarray(priority**2, dtype=np.float64)


def choose_next(
    candidate_priorities: npt.ArrayLike, rng: np.random.Generator | None = None
) -> int | None:
    """The position of the statement to show, drawn with chances proportional to priority;
    None when there is nothing left. A priority of 0 (or below) is never drawn unless all are."""
    weights = np.clip(np.asarray(candidate_priorities, dtype=np.float64), 0.0, None)
    if weights.size == 0:
        return None
    rng = rng or np.random.default_rng()
    total = weights.sum()
    if not np.isfinite(total) or total <= 0:
        return int(rng.integers(weights.size))
    point = rng.random() * total
    return int(min(np.searchsorted(np.cumsum(weights), point, side="right"), weights.size - 1))
