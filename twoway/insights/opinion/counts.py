"""Vote counts per group and statement, and the smoothed shares Pol.is computes from them.

Every statistic of the conversation reads these three tables (groups x statements): how many in
the group agreed, disagreed, and voted at all (passes included). They are one `bincount` over
the votes, whatever the number of participants.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from twoway.insights.opinion.votes import AGREE, DISAGREE, FloatArray, IntArray, Votes

PSEUDO_COUNT = 1.0  # Pol.is's Laplace smoothing: (n_success + 1) / (n_trials + 2)


@dataclass(frozen=True)
class Counts:
    """`agree[g, c]`, `disagree[g, c]` and `seen[g, c]` for group g and statement c."""

    agree: IntArray
    disagree: IntArray
    seen: IntArray

    @property
    def passed(self) -> IntArray:
        return self.seen - self.agree - self.disagree

    def total(self) -> Counts:
        """The same counts for everyone in these groups together (one row)."""
        return Counts(
            self.agree.sum(axis=0, keepdims=True),
            self.disagree.sum(axis=0, keepdims=True),
            self.seen.sum(axis=0, keepdims=True),
        )

    def others(self) -> Counts:
        """For each group, the counts of every other group together."""
        total = self.total()
        return Counts(
            total.agree - self.agree, total.disagree - self.disagree, total.seen - self.seen
        )


def count_votes(votes: Votes, labels: npt.ArrayLike, n_groups: int) -> Counts:
    """Counts per group for participants labelled 0..n_groups-1 (negative labels are left out).

    One `bincount` over (group, statement, vote) cells gives all three tables at once.
    """
    group_of = np.asarray(labels, dtype=np.int64)[votes.rows]
    cell = (group_of * votes.n_statements + votes.cols) * 3 + (votes.values + 1)
    kept = cell[group_of >= 0]
    size = n_groups * votes.n_statements * 3
    table = np.bincount(kept, minlength=size).astype(np.int64)
    table = table.reshape(n_groups, votes.n_statements, 3)  # disagree, pass, agree
    agree, disagree = table[:, :, 1 + AGREE], table[:, :, 1 + DISAGREE]
    return Counts(agree, disagree, table.sum(axis=2))


def smoothed_share(successes: npt.ArrayLike, trials: npt.ArrayLike) -> FloatArray:
    """(successes + 1) / (trials + 2): Pol.is's share, never 0 or 1 from few votes."""
    s = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    return (s + PSEUDO_COUNT) / (n + 2 * PSEUDO_COUNT)


def one_proportion_z(successes: npt.ArrayLike, trials: npt.ArrayLike) -> FloatArray:
    """Pol.is's test that a smoothed share exceeds one half: 2 sqrt(n + 1) ((s + 1)/(n + 1) - 1/2).

    (polismath `stats/prop-test`, as described in Small et al. 2021; red-dwarf `one_prop_test`.)
    """
    s = np.asarray(successes, dtype=np.float64) + 1
    n = np.asarray(trials, dtype=np.float64) + 1
    return 2 * np.sqrt(n) * (s / n - 0.5)


def two_proportion_z(
    successes_in: npt.ArrayLike,
    trials_in: npt.ArrayLike,
    successes_out: npt.ArrayLike,
    trials_out: npt.ArrayLike,
) -> FloatArray:
    """Pol.is's smoothed two-proportion z: does the group's share exceed everyone else's?

    Each count gets +1 (successes and trials alike), then the pooled-variance z statistic; 0
    where the pooled share is 1 (no variance to test against).
    """
    s1 = np.asarray(successes_in, dtype=np.float64) + 1
    n1 = np.asarray(trials_in, dtype=np.float64) + 1
    s2 = np.asarray(successes_out, dtype=np.float64) + 1
    n2 = np.asarray(trials_out, dtype=np.float64) + 1
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / n1 - s2 / n2) / spread
    return np.where((pooled >= 1) | (spread == 0), 0.0, z)
