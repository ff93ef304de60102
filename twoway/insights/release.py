"""One release per campaign: every cell that any page, export, report or API answer may show,
decided together.

A campaign's figures are read in many ways: by unit, for leaders (believed now, or wanted), for
the frontline and for everyone, split by tenure band, by work location or by language. Every
one of those is a sum over the same people, so deciding them table by table lets two tables
that are each safe combine into a leak (a tenure split and a location split of one team cross
in a group of two). Here every cell of every view and split is one row of a single membership
matrix over *atoms*: the people of one unit itself, one answer variable (frontline, leaders now,
leaders wanted) and one combination of attribute values. Suppression then applies the
partition rule (`partition.py`) to all of them at once, item by item: every group of people
that the shown cells tell apart holds 0 or at least k. A page shows a subset of the shown cells,
and a subset of a safe release is safe, so no page, user or combination of users can do better.

Input is a tidy table of answer counts, one row per (unit, lens, attributes..., item, value):

    unit    str   unit path ("Center/Site A/Team 7"; "" for people attached to the whole)
    lens    str   "frontline", "leader_now" or "leader_wanted"
    <attr>  str   one column per filter attribute ("" when not given)
    item    str   item code
    value   int   the answer
    count   int   how many gave it

`campaign_release` returns the records of every (view, filter) in the format of
`results.gap_results`, so that the pages read them as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy import sparse

from twoway.insights import likert
from twoway.insights.anonymity import (
    BELOW_THRESHOLD,
    COMPLEMENTARY,
    NO_ANSWERS,
    SHOWN,
    validate_threshold,
)
from twoway.insights.cells import (
    ALL,
    FRONTLINE,
    LEADER,
    LENSES,
    CellGrid,
    unit_tree,
)
from twoway.insights.partition import cells_to_merge, classes_of, small_classes
from twoway.insights.results import CountCube, _gap_blocks, _records, typed_counts

VARIABLES = ("frontline", "leader_now", "leader_wanted")
# What each shown lens sums over: frontline, leaders now, leaders wanted, everyone (two ways).
DISPLAY: tuple[tuple[int, ...], ...] = ((0,), (1,), (2,), (0, 1), (0, 2))
D_FRONTLINE, D_NOW, D_WANTED, D_ALL_NOW, D_ALL_WANTED = range(5)
# View -> (leader lens, everyone lens) among DISPLAY.
VIEW_LENSES = {"now": (D_NOW, D_ALL_NOW), "wanted": (D_WANTED, D_ALL_WANTED)}
EVERYONE = -1
PREFER = ("top", "teams")


@dataclass
class ReleaseTable:
    """The cells of a whole campaign and the atoms they hold, built once for all items."""

    units: list[str]
    parents: list[int]
    attributes: list[str]
    values: list[list[str]]  # per attribute, its values in display order
    groups: list[tuple[int, int]]  # (attribute, value index); (EVERYONE, EVERYONE) first
    items: list[str]
    scales: list[likert.Scale]
    membership: sparse.csr_matrix  # cells x atoms
    atom_counts: npt.NDArray[np.int64]  # atoms x items x scale points

    @property
    def size(self) -> int:
        return len(self.units) * len(self.groups) * len(DISPLAY)

    def cell(self, unit: int, group: int, lens: int) -> int:
        return (unit * len(self.groups) + group) * len(DISPLAY) + lens

    def cell_counts(self) -> npt.NDArray[np.int64]:
        """Counts of every cell: (cells, items, scale points)."""
        flat = self.atom_counts.reshape(self.atom_counts.shape[0], -1)
        return np.asarray(self.membership @ flat).reshape(self.size, *self.atom_counts.shape[1:])


def build_release_table(
    counts: pl.DataFrame,
    attributes: Sequence[str] = (),
    scales: Mapping[str, tuple[int, int]] | None = None,
) -> ReleaseTable:
    """Arrange answer counts as atoms and every cell of the campaign as a set of atoms."""
    counts = _checked(counts, attributes)
    items = sorted(counts["item"].unique().to_list())
    item_scales = _scales(counts, items, scales or {})
    units, parents = unit_tree(counts["unit"].unique().to_list())
    values = [sorted(counts[a].unique().to_list(), key=_value_order) for a in attributes]
    groups = [(EVERYONE, EVERYONE)] + [
        (a, v) for a in range(len(attributes)) for v in range(len(values[a]))
    ]
    keys = ["unit", "lens", *attributes]
    atoms = counts.select(keys).unique().sort(keys).with_row_index("atom")
    counts = counts.join(atoms, on=keys, how="left")
    atom_counts = _dense_counts(counts, atoms.height, items, item_scales)
    membership = _membership(atoms, units, parents, attributes, values, groups)
    return ReleaseTable(
        units, parents, list(attributes), values, groups, items, item_scales, membership,
        atom_counts,
    )  # fmt: skip


def _checked(counts: pl.DataFrame, attributes: Sequence[str]) -> pl.DataFrame:
    needed = ["unit", "lens", *attributes, "item", "value", "count"]
    missing = [c for c in needed if c not in counts.columns]
    if missing:
        raise ValueError(f"counts table lacks column(s): {', '.join(missing)}")
    unknown = set(counts["lens"].unique().to_list()) - set(VARIABLES)
    if unknown:
        raise ValueError(f"unknown lens value(s): {sorted(map(str, unknown))}")
    return typed_counts(counts, attributes, "")


def _value_order(value: str) -> tuple[int, str]:
    """Blank ("not given") last; the rest as the caller's order, here alphabetical."""
    return (value == "", value)


def _scales(
    counts: pl.DataFrame, items: list[str], given: Mapping[str, tuple[int, int]]
) -> list[likert.Scale]:
    ranges = counts.group_by("item").agg(pl.col("value").min().alias("lo"), pl.col("value").max())
    seen = {row[0]: (row[1], row[2]) for row in ranges.iter_rows()}
    scales = []
    for item in items:
        if item in given:
            low, high = given[item]
            scale = likert.Scale(low, high)
            if not (low <= seen[item][0] and seen[item][1] <= high):
                raise ValueError(f"item {item!r}: answers outside {scale}")
        else:
            try:
                scale = likert.infer_scale(*seen[item])
            except ValueError as error:
                raise ValueError(f"item {item!r}: {error}") from None
        scales.append(scale)
    return scales


def _dense_counts(
    counts: pl.DataFrame, atoms: int, items: list[str], scales: list[likert.Scale]
) -> npt.NDArray[np.int64]:
    width = max(s.size for s in scales)
    dense = np.zeros((atoms, len(items), width), dtype=np.int64)
    item_index = {it: i for i, it in enumerate(items)}
    item = np.array([item_index[x] for x in counts["item"].to_list()], dtype=np.int64)
    lows = np.array([s.low for s in scales], dtype=np.int64)
    value = counts["value"].to_numpy() - lows[item]
    np.add.at(dense, (counts["atom"].to_numpy(), item, value), counts["count"].to_numpy())
    return dense


def _membership(atoms, units, parents, attributes, values, groups) -> sparse.csr_matrix:
    """cells x atoms: an atom is in the cells of its unit and every unit above, of the groups
    its attribute values fall in, and of the lenses that sum over its variable."""
    position = {u: i for i, u in enumerate(units)}
    unit = np.array([position[u] for u in atoms["unit"].to_list()], dtype=np.int64)
    variable = np.array([VARIABLES.index(x) for x in atoms["lens"].to_list()], dtype=np.int64)
    group_of = {g: i for i, g in enumerate(groups)}
    atom_groups = [np.zeros(len(unit), dtype=np.int64)]
    for a, attribute in enumerate(attributes):
        index = {v: j for j, v in enumerate(values[a])}
        atom_groups.append(
            np.array([group_of[(a, index[v])] for v in atoms[attribute].to_list()], dtype=np.int64)
        )
    rows, cols = [], []
    number = np.arange(len(unit), dtype=np.int64)
    above = unit.copy()
    while (above >= 0).any():
        inside = above >= 0
        for group in atom_groups:
            for lens, summed in enumerate(DISPLAY):
                mask = inside & np.isin(variable, summed)
                cell = (above[mask] * len(groups) + group[mask]) * len(DISPLAY) + lens
                rows.append(cell)
                cols.append(number[mask])
        parent = np.asarray(parents, dtype=np.int64)
        above = np.where(inside, parent[np.maximum(above, 0)], -1)
    row = np.concatenate(rows)
    col = np.concatenate(cols)
    shape = (len(units) * len(groups) * len(DISPLAY), len(unit))
    matrix = sparse.csr_matrix((np.ones(row.size, dtype=np.int64), (row, col)), shape=shape)
    matrix.data[:] = 1  # an atom counts once per cell
    return matrix


# --- Suppression ---------------------------------------------------------------------------


def protect_release(table: ReleaseTable, k: int, prefer: str = "top") -> npt.NDArray[np.int64]:
    """Status of every cell for every item: (items, cells). `prefer` says which figures to
    keep first when some must go: "top" (the organisation's and sites') or "teams"."""
    validate_threshold(k)
    cost = _cost(table, prefer)
    atom_n = table.atom_counts.sum(axis=-1)  # atoms x items
    status = np.zeros((len(table.items), table.size), dtype=np.int64)
    done: dict[bytes, npt.NDArray[np.int64]] = {}
    for i in range(len(table.items)):
        n_atoms = np.ascontiguousarray(atom_n[:, i])
        key = n_atoms.tobytes()
        if key not in done:
            done[key] = _protect_item(table.membership, n_atoms, k, cost)
        status[i] = done[key]
    return status


def _protect_item(
    membership: sparse.csr_matrix, atom_n: npt.NDArray[np.int64], k: int, cost: np.ndarray
) -> npt.NDArray[np.int64]:
    n = np.asarray(membership @ atom_n).ravel()
    status = np.where(n == 0, NO_ANSWERS, np.where(n < k, BELOW_THRESHOLD, SHOWN))
    while True:
        classes = classes_of(membership, atom_n, status == SHOWN)
        small = small_classes(classes, k)
        if small.size == 0:
            return status
        status[cells_to_merge(classes, small, cost, n, set())] = COMPLEMENTARY


def _cost(table: ReleaseTable, prefer: str) -> npt.NDArray[np.float64]:
    """How much each cell is worth keeping, beyond the people it describes: a split less than
    everyone, an "everyone" lens less than a lens of its own (as `cells.CellGrid.cost`), and
    by level: with prefer="top" a unit less than the units above it (a diagnostic's report and
    everyone's page read the organisation's figures), with prefer="teams" the other way round
    (a pulse is read team by team)."""
    if prefer not in PREFER:
        raise ValueError(f"prefer must be one of {sorted(PREFER)}, not {prefer!r}")
    split = np.array([g != (EVERYONE, EVERYONE) for g in table.groups], dtype=np.float64)
    own_lens = np.array([len(summed) == 1 for summed in DISPLAY], dtype=np.float64)
    per_unit = own_lens[None, :] + 2.0 * (1.0 - split)[:, None]
    depth = np.array([u.count("/") + 1 if u else 0 for u in table.units], dtype=np.float64)
    level = depth.max() - depth if prefer == "top" else depth
    return (per_unit.ravel()[None, :] + 2.0 * level[:, None]).ravel()


# --- Records ---------------------------------------------------------------------------------


def release_records(
    table: ReleaseTable,
    status: npt.NDArray[np.int64],
    view: str = "now",
    by: str | None = None,
    *,
    cell_counts: npt.NDArray[np.int64] | None = None,
) -> list[dict[str, Any]]:
    """The records of one view and split, as `gap_results` gives them, from the joint status.

    A hidden record says only that it is suppressed (`reason` "suppressed"), whatever hid it:
    the reason would tell a cell with no answer from one with a lone leader.
    """
    leader_lens, all_lens = VIEW_LENSES[view]
    chosen = [0]
    labels: list[str | None] = [None]
    if by is not None:
        a = table.attributes.index(by)
        chosen += [g for g, (attr, _v) in enumerate(table.groups) if attr == a]
        labels += [table.values[a][v] for attr, v in table.groups if attr == a]
    lenses = [0] * len(LENSES)
    lenses[LEADER], lenses[FRONTLINE], lenses[ALL] = leader_lens, D_FRONTLINE, all_lens
    index = np.array(
        [[[table.cell(u, g, d) for d in lenses] for g in chosen] for u in range(len(table.units))]
    )
    counts = table.cell_counts() if cell_counts is None else cell_counts
    total = counts[index]  # units, groups, lenses, items, points
    grid = CellGrid(table.units, table.parents, labels)
    cube = CountCube(grid, table.items, table.scales, total, total)
    cube_status = status[:, index]  # items, units, groups, lenses
    gaps = _gap_blocks(cube, cube_status)
    return list(_records(cube, cube_status, gaps, by, uniform_reason=True))


def campaign_release(
    counts: pl.DataFrame,
    k: int,
    *,
    attributes: Sequence[str] = (),
    scales: Mapping[str, tuple[int, int]] | None = None,
    prefer: str = "top",
) -> dict[tuple[str, str | None], list[dict[str, Any]]]:
    """Records of every view ("now", "wanted") and split (None and each attribute)."""
    table = build_release_table(counts, attributes, scales)
    status = protect_release(table, k, prefer)
    cell_counts = table.cell_counts()
    return {
        (view, by): release_records(table, status, view, by, cell_counts=cell_counts)
        for view in VIEW_LENSES
        for by in (None, *attributes)
    }
