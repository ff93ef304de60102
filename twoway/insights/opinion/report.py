"""The shown parts of an analysis, as plain data, each passed through the anonymity rules.

`pipeline.analyse` prepares a `Context` (the votes, the projection, the groups and which cells
may be shown) and calls the functions below for each part of the result. A statement figure
appears only where its cells are shown: a group's representative statement needs every group's
cell on that statement (its measures compare the group with all the others), consensus needs
every group's, a difference needs both declared groups'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from twoway.insights.opinion.consensus import consensus_statements, shared_ground
from twoway.insights.opinion.counts import Counts, count_votes, one_proportion_z, smoothed_share
from twoway.insights.opinion.divides import differences, dividing_columns
from twoway.insights.opinion.privacy import CellTables
from twoway.insights.opinion.projection import Projection
from twoway.insights.opinion.repness import Z_90, repness_measures, representative_statements
from twoway.insights.opinion.votes import Votes

ELLIPSE_SIGMA = 1.5  # a group's region covers most of its people, not its outliers


@dataclass(frozen=True)
class Context:
    votes: Votes
    projection: Projection
    labels: npt.NDArray[np.int64]
    group_names: list[str]
    table: CellTables
    shown: npt.NDArray[np.bool_]  # cells x statements
    sizes: npt.NDArray[np.int64]  # cells: participants
    sizes_shown: npt.NDArray[np.bool_]
    everyone: Counts

    def cell(self, partition: str, name: str) -> int:
        return self.table.cell_of[(partition, name)]


def empty() -> dict[str, Any]:
    return {
        "groups": [],
        "repness": {},
        "consensus": {"agree": [], "disagree": [], "overall": {"agree": [], "disagree": []}},
        "declared": {},
        "divides": [],
        "frontline_agrees": [],
        "shared_ground": [],
        "map": {},
        "priority": {},
        "extremity": {},
        "loadings": {},
    }


def groups(ctx: Context) -> list[dict[str, Any]]:
    """Each opinion group's size and region on the map (centre and an ellipse of its spread)."""
    found = []
    for g, name in enumerate(ctx.group_names):
        points = ctx.projection.coords[ctx.labels == g]
        found.append(
            {
                "id": name,
                "size": int(ctx.sizes[ctx.cell("group", name)]),
                "centre": [float(v) for v in points.mean(axis=0)],
                "ellipse": ellipse(points),
            }
        )
    return found


def ellipse(points: npt.NDArray[np.float64]) -> dict[str, float]:
    """Semi-axes and angle (degrees) of the ELLIPSE_SIGMA ellipse of the points' covariance."""
    if len(points) < 2:
        return {"rx": 0.0, "ry": 0.0, "angle": 0.0}
    values, vectors = np.linalg.eigh(np.cov(points.T))
    values = np.clip(values, 0.0, None)
    angle = float(np.degrees(np.arctan2(vectors[1, 1], vectors[0, 1])))
    return {
        "rx": float(ELLIPSE_SIGMA * np.sqrt(values[1])),
        "ry": float(ELLIPSE_SIGMA * np.sqrt(values[0])),
        "angle": angle,
    }


def _all_shown(ctx: Context, partition: str, names: list[str]) -> npt.NDArray[np.bool_]:
    rows = [ctx.cell(partition, n) for n in names] + [0]
    return np.asarray(ctx.shown[rows].all(axis=0), dtype=bool)


def _repness_for(ctx: Context, labels, partition: str, names: list[str]) -> dict[str, list]:
    counts = count_votes(ctx.votes, labels, len(names))
    allowed = np.repeat(_all_shown(ctx, partition, names)[None, :], len(names), axis=0)
    chosen = representative_statements(repness_measures(counts), allowed)
    return {
        name: [_with_statement(ctx, entry) for entry in entries]
        for name, entries in zip(names, chosen, strict=True)
    }


def _with_statement(ctx: Context, entry: dict[str, Any]) -> dict[str, Any]:
    column = entry.pop("column")
    return {"statement": ctx.votes.statements[column], **entry}


def group_repness(ctx: Context) -> dict[str, list]:
    if not ctx.group_names:
        return {}
    return _repness_for(ctx, ctx.labels, "group", ctx.group_names)


def consensus(ctx: Context) -> dict[str, Any]:
    """Group-informed consensus over the opinion groups, and consensus over everyone."""
    overall_ok = ctx.shown[0]
    overall = consensus_statements(ctx.everyone, overall_ok)
    result: dict[str, Any] = {"agree": [], "disagree": []}
    result["overall"] = {
        d: [_overall_entry(ctx, c, d) for c in cols] for d, cols in overall.items()
    }
    if not ctx.group_names:
        return result
    counts = count_votes(ctx.votes, ctx.labels, len(ctx.group_names))
    picked = shared_ground(counts, _all_shown(ctx, "group", ctx.group_names))
    for direction, columns in picked.items():
        result[direction] = [
            _consensus_entry(ctx, counts, ctx.group_names, c, direction) for c in columns
        ]
    return result


def _overall_entry(ctx: Context, c: int, direction: str) -> dict[str, Any]:
    total = ctx.everyone
    successes = total.agree[0, c] if direction == "agree" else total.disagree[0, c]
    return {
        "statement": ctx.votes.statements[c],
        "n_success": int(successes),
        "n_trials": int(total.seen[0, c]),
        "p_success": float(smoothed_share(successes, total.seen[0, c])),
        "p_test": float(one_proportion_z(successes, total.seen[0, c])),
    }


def _consensus_entry(
    ctx: Context, counts: Counts, names: list[str], c: int, direction: str
) -> dict[str, Any]:
    successes = counts.agree if direction == "agree" else counts.disagree
    shares = smoothed_share(successes[:, c], counts.seen[:, c])
    return {
        "statement": ctx.votes.statements[c],
        "consensus": float(shares.prod()),
        "groups": {
            name: {"share": float(successes[g, c] / counts.seen[g, c]), "n": int(counts.seen[g, c])}
            for g, name in enumerate(names)
        },
    }


def _declared_labels(ctx: Context, partition: str) -> tuple[npt.NDArray[np.int64], list[str]]:
    part = next(p for p in ctx.table.partitions if p.name == partition)
    names = [n for n, ok in zip(part.names, part.shown, strict=True) if ok]
    labels = np.where(np.asarray(part.shown)[part.codes], part.codes, -1)
    return labels.astype(np.int64), names


def declared_groups(ctx: Context, partition: str) -> dict[str, Any]:
    """Sizes of a declared attribute's groups (None where hidden) and the representative
    statements of each group big enough to show."""
    labels, names = _declared_labels(ctx, partition)
    rows = []
    for name in names:
        cell = ctx.cell(partition, name)
        rows.append({"id": name, "size": int(ctx.sizes[cell]) if ctx.sizes_shown[cell] else None})
    shown_names = [r["id"] for r in rows if r["size"] is not None]
    repness = {}
    if len(shown_names) >= 2 and len(shown_names) == len(names):
        repness = _repness_for(ctx, labels, partition, names)
    return {"groups": rows, "repness": repness}


def _pair_counts(ctx: Context, compare: tuple[str, str, str]) -> tuple[Counts, npt.NDArray]:
    partition, first, second = compare
    labels, names = _declared_labels(ctx, partition)
    pair = np.full(len(labels), -1, dtype=np.int64)
    pair[labels == names.index(first)] = 0
    pair[labels == names.index(second)] = 1
    counts = count_votes(ctx.votes, pair, 2)
    rows = [ctx.cell(partition, first), ctx.cell(partition, second)]
    return counts, ctx.shown[rows]


def _known(ctx: Context, compare: tuple[str, str, str]) -> bool:
    partition, first, second = compare
    return (partition, first) in ctx.table.cell_of and (partition, second) in ctx.table.cell_of


def divides(ctx: Context, compare: tuple[str, str, str] | None) -> list[dict[str, Any]]:
    """Statements where the two declared groups' shares agreeing differ (q < 0.05)."""
    if compare is None or not _known(ctx, compare):
        return []
    counts, pair_shown = _pair_counts(ctx, compare)
    diff = differences(counts.agree, counts.seen, tested=np.asarray(pair_shown.all(axis=0)))
    _, first, second = compare
    return [
        {
            "statement": ctx.votes.statements[c],
            "first": first,
            "second": second,
            "share_first": float(diff.share_first[c]),
            "share_second": float(diff.share_second[c]),
            "n_first": int(counts.seen[0, c]),
            "n_second": int(counts.seen[1, c]),
            "difference": float(diff.difference[c]),
            "z": float(diff.z[c]),
            "p": float(diff.p[c]),
            "q": float(diff.q[c]),
        }
        for c in dividing_columns(diff)
    ]


def frontline_agrees(ctx: Context, compare: tuple[str, str, str] | None) -> list[dict[str, Any]]:
    """What the second group clearly agrees with while the first group's view is not shown
    (too few of them voted on it, or showing it would reveal a small group)."""
    if compare is None or not _known(ctx, compare):
        return []
    counts, pair_shown = _pair_counts(ctx, compare)
    share = smoothed_share(counts.agree[1], counts.seen[1])
    test = one_proportion_z(counts.agree[1], counts.seen[1])
    wanted = pair_shown[1] & ~pair_shown[0] & (share > 0.5) & (test > Z_90)
    columns = np.flatnonzero(wanted)
    columns = columns[np.argsort(-(share * test)[columns], kind="stable")][:10]
    return [
        {
            "statement": ctx.votes.statements[c],
            "share": float(counts.agree[1, c] / counts.seen[1, c]),
            "n": int(counts.seen[1, c]),
        }
        for c in columns
    ]


def shared_ground_between(
    ctx: Context, compare: tuple[str, str, str] | None
) -> list[dict[str, Any]]:
    """What both declared groups agree with, by the consensus of the two."""
    if compare is None or not _known(ctx, compare):
        return []
    counts, pair_shown = _pair_counts(ctx, compare)
    picked = shared_ground(counts, pair_shown.all(axis=0) & ctx.shown[0], pick_max=10)
    names = [compare[1], compare[2]]
    return [_consensus_entry(ctx, counts, names, c, "agree") for c in picked["agree"]]


def map_axes(ctx: Context) -> dict[str, Any]:
    variance = ctx.projection.explained_variance
    return {"explained_variance": [float(v) for v in variance]}


def loadings(ctx: Context) -> dict[Any, list[float]]:
    """Each statement's loadings on the two axes: kept to orient the next run the same way."""
    components = ctx.projection.components
    return {
        s: [float(components[0, c]), float(components[1, c])]
        for c, s in enumerate(ctx.votes.statements)
    }
