"""The whole analysis of a conversation, from votes to the figures that may be shown.

`analyse(votes, k=..., declared=...)` runs, in order: the projection (`projection`), the
opinion groups (`clusters`), the counts (`counts`), representative statements (`repness`) for
opinion groups and for declared groups (lens, site), group-informed consensus (`consensus`), the
difference between two declared groups (`divides`) and each statement's priority (`priority`).
Every figure then passes the anonymity rules (`privacy`): no group, declared group or statement
figure of fewer than k participants, nor one derivable from the others shown.

The result is plain data (lists, dicts, floats), ready for JSON. Statements are named by their
labels; no participant appears in it, only groups and counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from twoway.insights.anonymity import DEFAULT_K, validate_threshold
from twoway.insights.opinion import report
from twoway.insights.opinion.clusters import SEED, UNGROUPED, choose_groups, place_in_nearest
from twoway.insights.opinion.counts import Counts, count_votes
from twoway.insights.opinion.priority import priorities
from twoway.insights.opinion.privacy import CellTables, Partition
from twoway.insights.opinion.projection import project
from twoway.insights.opinion.votes import Votes

MIN_VOTES = 7  # Pol.is places on the map only participants with this many votes
GROUP_NAMES = "ABCDEFGH"
NOT_DECLARED = ""


def analyse(
    votes: Votes,
    *,
    k: int = DEFAULT_K,
    declared: Mapping[str, Sequence[str]] | None = None,
    compare: tuple[str, str, str] | None = None,
    previous: Mapping[object, tuple[float, float]] | None = None,
    meta: Sequence[object] = (),
    seed: int = SEED,
) -> dict[str, Any]:
    """Analyse `votes` and return what may be shown to someone allowed to see the results.

    `declared` maps an attribute name (e.g. "lens") to one value per participant, in the order
    of `votes.participants` ("" when unknown). `compare` = (attribute, first, second) names the
    two declared groups whose difference is tested, first minus second (by default leader
    minus frontline when a "lens" attribute has both). `previous` holds the last run's
    statement loadings, to keep the map's orientation; `meta` lists meta statements.
    """
    validate_threshold(k)
    declared = dict(declared or {})
    result: dict[str, Any] = {
        "k": k,
        "participants": votes.n_participants,
        "statements": votes.n_statements,
        "votes": votes.n_votes,
    }
    if votes.n_participants < k:
        return {**result, "participants": None, "enough": False, **report.empty()}
    projection = project(votes, previous)
    labels = group_labels(votes, projection.coords, k, seed)
    n_groups = int(labels.max()) + 1 if (labels >= 0).any() else 0
    table = CellTables(
        [
            [opinion_partition(labels, n_groups)],
            [declared_partition(name, values) for name, values in declared.items()],
        ]
    )
    shown = table.shown_per_statement(votes, k)
    sizes = table.sizes()
    sizes_shown = table.shown_sizes(k)
    everyone = count_votes(votes, np.zeros(votes.n_participants, dtype=np.int64), 1)
    context = report.Context(
        votes=votes,
        projection=projection,
        labels=labels,
        group_names=list(GROUP_NAMES[:n_groups]),
        table=table,
        shown=shown,
        sizes=sizes,
        sizes_shown=sizes_shown,
        everyone=everyone,
    )
    compare = compare or default_comparison(declared)
    priority = statement_priorities(everyone, projection.extremity, votes.statements, meta)
    return {
        **result,
        "enough": n_groups > 0,
        "grouped": int((labels >= 0).sum()),
        "groups": report.groups(context),
        "repness": report.group_repness(context),
        "consensus": report.consensus(context),
        "declared": {name: report.declared_groups(context, name) for name in declared},
        "divides": report.divides(context, compare),
        "frontline_agrees": report.frontline_agrees(context, compare),
        "shared_ground": report.shared_ground_between(context, compare),
        "map": report.map_axes(context),
        "priority": dict(zip(votes.statements, priority.tolist(), strict=True)),
        "extremity": dict(zip(votes.statements, projection.extremity.tolist(), strict=True)),
        "loadings": report.loadings(context),
    }


def group_labels(
    votes: Votes, coords: npt.NDArray[np.float64], k: int, seed: int
) -> npt.NDArray[np.int64]:
    """Opinion groups of at least k participants; those with fewer than MIN_VOTES votes stay
    out, unless fewer than k of them would, in which case they join the nearest group (so the
    ungrouped are never a handful that a subtraction could count)."""
    voted = votes.votes_per_participant()
    eligible = voted >= min(MIN_VOTES, votes.n_statements)
    groups = choose_groups(coords, eligible, min_group_size=k, seed=seed)
    left_out = groups.labels == UNGROUPED
    if 0 < left_out.sum() < k:
        groups = place_in_nearest(coords, groups, left_out)
    return groups.labels


def opinion_partition(labels: npt.NDArray[np.int64], n_groups: int) -> Partition:
    names = [*GROUP_NAMES[:n_groups], "ungrouped"]
    codes = np.where(labels >= 0, labels, n_groups)
    return Partition("group", names, codes.astype(np.int64), [True] * n_groups + [False])


def declared_partition(name: str, values: Sequence[str]) -> Partition:
    texts = [str(v) if v is not None else NOT_DECLARED for v in values]
    names = [*sorted({t for t in texts if t != NOT_DECLARED}), NOT_DECLARED]
    position = {n: i for i, n in enumerate(names)}
    codes = np.fromiter((position[t] for t in texts), np.int64, len(texts))
    return Partition(name, names, codes, [n != NOT_DECLARED for n in names])


def default_comparison(declared: Mapping[str, Sequence[str]]) -> tuple[str, str, str] | None:
    """Leader minus frontline when a "lens" attribute has both; else the first attribute with
    exactly two values, in sorted order."""
    lens = declared.get("lens")
    if lens is not None and {"leader", "frontline"} <= set(lens):
        return ("lens", "leader", "frontline")
    for name, values in declared.items():
        found = sorted({str(v) for v in values if v not in (None, NOT_DECLARED)})
        if len(found) == 2:
            return (name, found[0], found[1])
    return None


def statement_priorities(
    everyone: Counts, extremity: npt.NDArray[np.float64], statements: list, meta: Sequence
) -> npt.NDArray[np.float64]:
    is_meta = np.isin(np.array(statements, dtype=object), np.array(list(meta), dtype=object))
    return priorities(everyone.agree[0], everyone.disagree[0], everyone.seen[0], extremity, is_meta)
