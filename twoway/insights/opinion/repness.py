"""Representative statements: what sets each group apart from everyone else.

Pol.is's measures (Small et al. 2021, section 3.3; polismath `repness`), for group g and
statement c, with "others" meaning every other grouped participant:

- pa, pd: the group's smoothed shares agreeing and disagreeing, (n + 1) / (seen + 2);
- pat, pdt: one-proportion z of those shares against one half;
- ra, rd: representativeness, the group's smoothed share over the others';
- rat, rdt: the smoothed two-proportion z of the group against the others.

A statement represents the group when both its tests pass at 90% one-sided (z > 1.2816), for
agreement (pat and rat) or disagreement (pdt and rdt). Candidates are ranked by
repness x repness test x share x share test in the stronger direction (the one with the larger
two-proportion z); the group's "best agree" (the statement most agreed on, by the same metric
once one with ra > 1 is found) goes first, so every group shows something it agrees on; at most
five are kept, agreements before disagreements. With no candidate, the best single statement by
its two-proportion z stands alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from twoway.insights.opinion.counts import (
    Counts,
    one_proportion_z,
    smoothed_share,
    two_proportion_z,
)
from twoway.insights.opinion.votes import FloatArray

Z_90 = 1.2815515655446004  # scipy.stats.norm.ppf(0.90): one-sided 90%
PICK_MAX = 5


@dataclass(frozen=True)
class Repness:
    """The measures above, each an array of groups x statements."""

    counts: Counts
    pa: FloatArray
    pd: FloatArray
    pat: FloatArray
    pdt: FloatArray
    ra: FloatArray
    rd: FloatArray
    rat: FloatArray
    rdt: FloatArray


def repness_measures(counts: Counts) -> Repness:
    others = counts.others()
    pa = smoothed_share(counts.agree, counts.seen)
    pd = smoothed_share(counts.disagree, counts.seen)
    return Repness(
        counts=counts,
        pa=pa,
        pd=pd,
        pat=one_proportion_z(counts.agree, counts.seen),
        pdt=one_proportion_z(counts.disagree, counts.seen),
        ra=pa / smoothed_share(others.agree, others.seen),
        rd=pd / smoothed_share(others.disagree, others.seen),
        rat=two_proportion_z(counts.agree, counts.seen, others.agree, others.seen),
        rdt=two_proportion_z(counts.disagree, counts.seen, others.disagree, others.seen),
    )


def representative_statements(
    measures: Repness,
    allowed: npt.NDArray[np.bool_] | None = None,
    *,
    pick_max: int = PICK_MAX,
) -> list[list[dict]]:
    """For each group, its representative statements (column numbers and figures), best first.

    `allowed[g, c]` false leaves statement c out for group g (moderated out, or a figure the
    anonymity rules hide).
    """
    shape = measures.pa.shape
    allowed = np.ones(shape, dtype=bool) if allowed is None else allowed
    return [
        _select_for_group(measures, g, np.flatnonzero(allowed[g]), pick_max)
        for g in range(shape[0])
    ]


def _select_for_group(m: Repness, g: int, columns: npt.NDArray, pick_max: int) -> list[dict]:
    agree_wins = m.rat[g] > m.rdt[g]
    significant = ((m.pat[g] > Z_90) & (m.rat[g] > Z_90)) | ((m.pdt[g] > Z_90) & (m.rdt[g] > Z_90))
    candidates = [int(c) for c in columns if significant[c]]
    best = _best_agree(m, g, columns)
    if not candidates:
        fallback = best if best is not None else _best_by_test(m, g, columns)
        return [] if fallback is None else [_entry(m, g, fallback, agree_wins, fallback == best)]
    metric = _metric(m, g, agree_wins)
    ranked = sorted(candidates, key=lambda c: -metric[c])
    if best is not None:
        ranked = [best] + [c for c in ranked if c != best]
    chosen = [_entry(m, g, c, agree_wins, c == best) for c in ranked[:pick_max]]
    return sorted(chosen, key=lambda entry: entry["direction"] != "agree")


def _metric(m: Repness, g: int, agree_wins: npt.NDArray[np.bool_]) -> FloatArray:
    agree = m.ra[g] * m.rat[g] * m.pa[g] * m.pat[g]
    disagree = m.rd[g] * m.rdt[g] * m.pd[g] * m.pdt[g]
    return np.where(agree_wins, agree, disagree)


def _best_agree(m: Repness, g: int, columns: npt.NDArray) -> int | None:
    """The statement the group most clearly agrees with, scanned in column order.

    The first one accepted must pass the agreement test, or be agreed on by most of the group
    while more representative of it than of the others (ra > 1). Once the best so far has
    ra > 1 a newcomer must beat it on ra x rat x pa x pat; before that, on pa x pat.
    """
    a, d = m.counts.agree[g], m.counts.disagree[g]
    best: int | None = None
    for c in columns.tolist():
        if a[c] == 0 and d[c] == 0:
            continue
        if best is None:
            if m.pat[g, c] > Z_90 or (m.ra[g, c] > 1.0 and m.pa[g, c] > 0.5):
                best = c
        elif m.ra[g, best] > 1.0:
            if _agree_strength(m, g, c) > _agree_strength(m, g, best):
                best = c
        elif m.pa[g, c] * m.pat[g, c] > m.pa[g, best] * m.pat[g, best]:
            best = c
    return best


def _agree_strength(m: Repness, g: int, c: int) -> float:
    return float(m.ra[g, c] * m.rat[g, c] * m.pa[g, c] * m.pat[g, c])


def _best_by_test(m: Repness, g: int, columns: npt.NDArray) -> int | None:
    if columns.size == 0:
        return None
    strength = np.maximum(m.rat[g, columns], m.rdt[g, columns])
    return int(columns[int(np.argmax(strength))])


def _entry(m: Repness, g: int, c: int, agree_wins: npt.NDArray[np.bool_], best: bool) -> dict:
    agree = bool(agree_wins[c])
    counts = m.counts
    return {
        "column": c,
        "direction": "agree" if agree else "disagree",
        "n_success": int(counts.agree[g, c] if agree else counts.disagree[g, c]),
        "n_trials": int(counts.seen[g, c]),
        "p_success": float(m.pa[g, c] if agree else m.pd[g, c]),
        "p_test": float(m.pat[g, c] if agree else m.pdt[g, c]),
        "repness": float(m.ra[g, c] if agree else m.rd[g, c]),
        "repness_test": float(m.rat[g, c] if agree else m.rdt[g, c]),
        "best_agree": best,
    }
