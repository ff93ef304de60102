"""The whole results table: every cell's figures or its suppression, with leader-frontline gaps.

Input is a tidy table of answer counts (what the database keeps as responses arrive), a polars
DataFrame with one row per (unit, lens, item, value):

    unit   str   unit path, "Center/Site A/Team 7"; "" or null for people attached to the whole
    lens   str   "leader" or "frontline"
    item   str   item code
    value  int   the answer, a point of the item's scale
    count  int   how many respondents gave it

plus, optionally, one filter attribute column named by `by` (tenure band, work location, ...).
Output is a list of plain records, one per cell; see `gap_results`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from twoway.insights import gap, likert
from twoway.insights.anonymity import DEFAULT_K, REASONS, SHOWN, LinkedTable, validate_threshold
from twoway.insights.cells import (
    ALL,
    FRONTLINE,
    LEADER,
    LENSES,
    CellGrid,
    normalise_unit,
    unit_tree,
)

COUNT_COLUMNS = ("unit", "lens", "item", "value", "count")
NOT_GIVEN = "(not given)"


def count_answers(answers: pl.DataFrame, by: str | None = None) -> pl.DataFrame:
    """Answer counts per (unit, lens, [by,] item, value) from one row per answer.

    `answers` has columns unit, lens, item, value (null values, unanswered, are dropped).
    """
    keys = ["unit", "lens", *([by] if by else []), "item", "value"]
    return (
        answers.lazy()
        .filter(pl.col("value").is_not_null())
        .group_by(keys)
        .agg(pl.len().alias("count"))
        .collect()
    )


@dataclass
class CountCube:
    """Counts as dense arrays, shape (units, groups, 3 lenses, items, scale points)."""

    grid: CellGrid
    items: list[str]
    scales: list[likert.Scale]
    total: npt.NDArray[np.int64]
    own: npt.NDArray[np.int64]


def build_cube(counts: pl.DataFrame, by: str | None = None) -> CountCube:
    """Arrange counts on the unit tree, adding each unit into every level above it."""
    counts = _checked_counts(counts, by)
    items = counts["item"].unique(maintain_order=True).to_list()
    scales = _item_scales(counts, items)
    units, parents = unit_tree(counts["unit"].unique().to_list())
    groups: list[str | None] = [None]
    if by:
        groups += sorted(counts[by].unique().to_list())
    grid = CellGrid(units, parents, groups)
    width = max(s.size for s in scales)
    own = np.zeros((len(units), len(groups), len(LENSES), len(items), width), dtype=np.int64)
    _add_counts(own, counts, grid, items, scales, by)
    own[:, :, ALL] = own[:, :, LEADER] + own[:, :, FRONTLINE]
    if by:
        own[:, 0] = own[:, 1:].sum(axis=1)
    total = own.copy()
    for unit in range(len(units) - 1, 0, -1):  # children come after their parents
        total[parents[unit]] += total[unit]
    return CountCube(grid, items, scales, total, own)


def _checked_counts(counts: pl.DataFrame, by: str | None) -> pl.DataFrame:
    missing = [c for c in (*COUNT_COLUMNS, *([by] if by else [])) if c not in counts.columns]
    if missing:
        raise ValueError(f"counts table lacks column(s): {', '.join(missing)}")
    if counts.height == 0:
        raise ValueError("counts table is empty")
    lenses = set(counts["lens"].unique().to_list()) - {"leader", "frontline"}
    if lenses:
        raise ValueError(f"unknown lens value(s): {sorted(map(str, lenses))}")
    return typed_counts(counts, [by] if by else [], NOT_GIVEN)


def typed_counts(counts: pl.DataFrame, attributes, missing: str) -> pl.DataFrame:
    """Unit paths normalised, items as text, values and counts as integers, each attribute as
    text (`missing` where blank); rows of no count dropped."""
    units = counts["unit"].fill_null("").unique().to_list()
    out = counts.with_columns(
        pl.col("unit")
        .fill_null("")
        .replace_strict({u: normalise_unit(u) for u in units}, return_dtype=pl.String),
        pl.col("item").cast(pl.String),
        pl.col("value").cast(pl.Int64),
        pl.col("count").cast(pl.Int64),
        *(pl.col(a).cast(pl.String).fill_null(missing) for a in attributes),
    )
    return out.filter(pl.col("count") > 0)


def _item_scales(counts: pl.DataFrame, items: list[str]) -> list[likert.Scale]:
    ranges = counts.group_by("item").agg(
        pl.col("value").min().alias("lo"), pl.col("value").max().alias("hi")
    )
    by_item = {row["item"]: (row["lo"], row["hi"]) for row in ranges.iter_rows(named=True)}
    scales = []
    for item in items:
        try:
            scales.append(likert.infer_scale(*by_item[item]))
        except ValueError as error:
            raise ValueError(f"item {item!r}: {error}") from None
    return scales


def _add_counts(
    own: npt.NDArray[np.int64],
    counts: pl.DataFrame,
    grid: CellGrid,
    items: list[str],
    scales: list[likert.Scale],
    by: str | None,
) -> None:
    unit_index = {u: i for i, u in enumerate(grid.units)}
    item_index = {it: i for i, it in enumerate(items)}
    group_index = {g: i for i, g in enumerate(grid.groups)}
    u = np.array([unit_index[x] for x in counts["unit"].to_list()])
    it = np.array([item_index[x] for x in counts["item"].to_list()])
    lens = np.where(counts["lens"].to_numpy() == "leader", LEADER, FRONTLINE)
    g = np.array([group_index[x] for x in counts[by].to_list()]) if by else np.zeros_like(u)
    lows = np.array([s.low for s in scales])
    v = counts["value"].to_numpy() - lows[it]
    np.add.at(own, (u, g, lens, it, v), counts["count"].to_numpy())


def suppression_status(cube: CountCube, k: int) -> npt.NDArray[np.int64]:
    """Status of every shown cell, shape (items, units, groups, 3 lenses).

    With a filter, the "all values" cells get exactly the status they have in the unfiltered
    table (decided first, then pinned): a reader who opens the unfiltered page and pages
    filtered by any attribute sees the same "all values" figures everywhere, and each filtered
    table is audited together with them.
    """
    grid = cube.grid
    n_total = cube.total.sum(axis=-1)
    n_own = cube.own.sum(axis=-1)
    if len(grid.groups) == 1:
        return _protect_items(grid, n_total, n_own, k)
    unfiltered = CellGrid(grid.units, grid.parents)
    everyone = _protect_items(unfiltered, n_total[:, :1], n_own[:, :1], k)
    return _protect_items(grid, n_total, n_own, k, everyone)


def _protect_items(
    grid: CellGrid,
    n_total: npt.NDArray[np.int64],
    n_own: npt.NDArray[np.int64],
    k: int,
    everyone: npt.NDArray[np.int64] | None = None,
) -> npt.NDArray[np.int64]:
    """Protect each item's cells; `everyone` (items, units, 1, 3) pins the "all values" cells."""
    table = LinkedTable(
        grid.relations(), 2 * grid.size, never_shown=grid.never_shown(), cost=grid.cost()
    )
    shape = (len(grid.units), len(grid.groups), len(LENSES))
    items = n_total.shape[-1]
    status = np.zeros((items, *shape), dtype=np.int64)
    # Items answered by the same people per cell share one answer: compute it once.
    done: dict[bytes, npt.NDArray[np.int64]] = {}
    for i in range(items):
        n = np.concatenate([n_total[..., i].ravel(), n_own[..., i].ravel()])
        key = n.tobytes()
        if key not in done:
            pinned = None if everyone is None else _everyone_cells(grid, everyone[i])
            item_status = table.protect(n.tolist(), k, pinned=pinned)
            done[key] = np.reshape(item_status[: grid.size], shape)
        status[i] = done[key]
    return status


def _everyone_cells(grid: CellGrid, everyone: npt.NDArray[np.int64]) -> dict[int, int]:
    """The "all values" cells of `grid` with the status `everyone` (units, 1, 3) gives them."""
    return {
        grid.cell(u, 0, lens): int(everyone[u, 0, lens])
        for u in range(len(grid.units))
        for lens in range(len(LENSES))
    }


def leader_levels(cube: CountCube, status: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """For each (item, unit, group): the nearest unit at or above whose leader cell is shown,
    or -1. This is where a unit's frontline is compared with its leaders."""
    parents = cube.grid.parents
    shown = status[..., LEADER] == SHOWN
    level = np.where(shown[:, 0], 0, -1)[:, None, :].repeat(len(parents), axis=1)
    for unit in range(1, len(parents)):  # parents are settled before their children
        level[:, unit] = np.where(shown[:, unit], unit, level[:, parents[unit]])
    return level


def gap_results(
    counts: pl.DataFrame, k: int = DEFAULT_K, *, by: str | None = None
) -> list[dict[str, Any]]:
    """One record per (unit, group, lens, item): figures for shown cells, a reason for hidden ones.

    A shown record has unit, lens, item, n, mean, top2 and distribution; a frontline record also
    has `gap`: the leaders of `gap["leader_unit"]` (the unit itself, or the nearest level above
    with at least k leaders and not hidden) minus this frontline, as mean_diff, cliffs_delta,
    ci95, p, q (Benjamini-Hochberg across the items of this unit's comparison) and severity; or
    None when no leader group can be shown. A hidden record has `suppressed: True` and `reason`
    (no_answers, below_threshold or complementary) and no figures. With `by`, each record also
    carries the filter value under that name (None for everyone).
    """
    validate_threshold(k)
    cube = build_cube(counts, by)
    status = suppression_status(cube, k)
    gaps = _gap_blocks(cube, status)
    return list(_records(cube, status, gaps, by))


def _gap_blocks(
    cube: CountCube, status: npt.NDArray[np.int64]
) -> dict[tuple[int, int, int], dict[str, Any]]:
    """Gap figures keyed by (item, unit, group), for every shown frontline cell with a shown
    leader group at or above it."""
    levels = leader_levels(cube, status)
    item, unit, group = np.nonzero((status[..., FRONTLINE] == SHOWN) & (levels >= 0))
    if item.size == 0:
        return {}
    leader_unit = levels[item, unit, group]
    leaders = cube.total[leader_unit, group, LEADER, item]
    frontline = cube.total[unit, group, FRONTLINE, item]
    # Positions on the scale, not values: the scale's offset cancels in a difference of means.
    points = np.arange(leaders.shape[-1], dtype=np.float64)
    mean_diff = (leaders @ points) / leaders.sum(-1) - (frontline @ points) / frontline.sum(-1)
    delta = gap.cliffs_delta_from_counts(leaders, frontline)
    low, high = gap.cliffs_delta_ci_from_counts(leaders, frontline)
    p = gap.mann_whitney_p_from_counts(leaders, frontline)
    q = _q_per_comparison(p, unit, group)
    blocks = {}
    for j in range(item.size):
        blocks[(int(item[j]), int(unit[j]), int(group[j]))] = {
            "leader_unit": cube.grid.units[int(leader_unit[j])],
            "mean_diff": float(mean_diff[j]),
            "cliffs_delta": float(delta[j]),
            "ci95": [float(low[j]), float(high[j])],
            "p": _number(p[j]),
            "q": _number(q[j]),
            "severity": gap.severity(float(delta[j])),
        }
    return blocks


def _q_per_comparison(
    p: npt.NDArray[np.float64], unit: npt.NDArray[np.int64], group: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Benjamini-Hochberg across the items of one comparison (one unit and group)."""
    q = np.full(p.shape, np.nan)
    comparison = unit * (int(group.max()) + 1) + group
    order = np.argsort(comparison, kind="stable")
    bounds = np.flatnonzero(np.diff(comparison[order])) + 1
    for rows in np.split(order, bounds):
        q[rows] = gap.benjamini_hochberg(p[rows])
    return q


def _number(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _records(
    cube: CountCube,
    status: npt.NDArray[np.int64],
    gaps: dict[tuple[int, int, int], dict[str, Any]],
    by: str | None,
    *,
    uniform_reason: bool = False,
) -> Iterator[dict[str, Any]]:
    grid = cube.grid
    figures = [_item_figures(cube, i) for i in range(len(cube.items))]
    status_list = status.tolist()
    for u, unit in enumerate(grid.units):
        for g, group in enumerate(grid.groups):
            for i, item in enumerate(cube.items):
                n, mean, top2, points, counts = figures[i]
                for lens, lens_name in enumerate(LENSES):
                    record: dict[str, Any] = {"unit": unit, "lens": lens_name, "item": item}
                    if by:
                        record[by] = group
                    cell_status = status_list[i][u][g][lens]
                    if cell_status != SHOWN:
                        reason = "suppressed" if uniform_reason else REASONS[cell_status]
                        record.update(suppressed=True, reason=reason)
                        yield record
                        continue
                    record.update(
                        suppressed=False,
                        n=n[u][g][lens],
                        mean=mean[u][g][lens],
                        top2=top2[u][g][lens],
                        distribution=dict(zip(points, counts[u][g][lens], strict=True)),
                    )
                    if lens == FRONTLINE:
                        record["gap"] = gaps.get((i, u, g))
                    yield record


def _item_figures(cube: CountCube, item: int) -> tuple[list[Any], ...]:
    """n, mean, top2, scale points and counts of every cell of one item, as nested lists
    indexed [unit][group][lens] (one vectorised pass instead of one call per cell)."""
    scale = cube.scales[item]
    counts = cube.total[:, :, :, item, : scale.size]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = likert.mean_from_counts(counts, scale)
        top2 = likert.top2_from_counts(counts, scale)
    points = [str(v) for v in scale.values]
    return (
        likert.n_from_counts(counts).tolist(),
        mean.tolist(),
        top2.tolist(),
        points,
        counts.tolist(),
    )
