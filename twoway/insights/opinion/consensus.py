"""Shared ground: statements every group agrees (or disagrees) with.

Group-informed consensus (Pol.is; Small et al. 2021, section 3.4) multiplies, over the groups,
each group's smoothed share agreeing, (A + 1) / (S + 2): it is high only when every group
agrees, however small, so a large group cannot make consensus alone. The same product of
smoothed shares disagreeing gives consensus against a statement.

`consensus_statements` is the other reading Pol.is's report gives, over everyone at once: the
statements whose smoothed share exceeds one half with the one-proportion test passing at 90%,
ranked by share x test.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from twoway.insights.opinion.counts import Counts, one_proportion_z, smoothed_share
from twoway.insights.opinion.repness import PICK_MAX, Z_90
from twoway.insights.opinion.votes import FloatArray


def group_informed_consensus(counts: Counts) -> tuple[FloatArray, FloatArray]:
    """Per statement, the product over groups of the smoothed agree and disagree shares."""
    agree = smoothed_share(counts.agree, counts.seen).prod(axis=0)
    disagree = smoothed_share(counts.disagree, counts.seen).prod(axis=0)
    return agree, disagree


def shared_ground(
    counts: Counts,
    allowed: npt.NDArray[np.bool_] | None = None,
    *,
    pick_max: int = PICK_MAX,
) -> dict[str, list[int]]:
    """Columns where every group's smoothed share agreeing (or disagreeing) is over one half,
    ranked by group-informed consensus; `allowed[c]` false leaves statement c out."""
    agree, disagree = group_informed_consensus(counts)
    keep = np.ones(agree.shape, dtype=bool) if allowed is None else allowed
    picked = {}
    for direction, score, successes in (
        ("agree", agree, counts.agree),
        ("disagree", disagree, counts.disagree),
    ):
        majority = (smoothed_share(successes, counts.seen) > 0.5).all(axis=0) & keep
        columns = np.flatnonzero(majority)
        ranked = columns[np.argsort(-score[columns], kind="stable")]
        picked[direction] = [int(c) for c in ranked[:pick_max]]
    return picked


def consensus_statements(
    counts: Counts,
    allowed: npt.NDArray[np.bool_] | None = None,
    *,
    pick_max: int = PICK_MAX,
    share_over: float = 0.5,
) -> dict[str, list[int]]:
    """Columns most agreed (disagreed) with by everyone together (see the module docstring)."""
    total = counts.total()
    keep = np.ones(total.seen.shape[1], dtype=bool) if allowed is None else allowed
    picked = {}
    for direction, successes in (("agree", total.agree[0]), ("disagree", total.disagree[0])):
        share = smoothed_share(successes, total.seen[0])
        test = one_proportion_z(successes, total.seen[0])
        columns = np.flatnonzero((share > share_over) & (test > Z_90) & keep)
        ranked = columns[np.argsort(-(share * test)[columns], kind="stable")]
        picked[direction] = [int(c) for c in ranked[:pick_max]]
    return picked
