"""Threshold, complementary suppression and leader roll-up, checked by brute force."""

import numpy as np
import polars as pl
import pytest

from tests.insights.leakcheck import atoms_of, leaked_groups
from twoway.insights import build_cube, gap_results, suppression_status, validate_threshold
from twoway.insights.anonymity import SHOWN


def counts_table(cells: dict[tuple[str, str], int], item: str = "q") -> pl.DataFrame:
    """One answer value (3) per respondent; cells maps (unit, lens) to a head count."""
    rows = [
        {"unit": unit, "lens": lens, "item": item, "value": 3, "count": n}
        for (unit, lens), n in cells.items()
        if n
    ]
    return pl.DataFrame(rows)


def by_cell(records):
    return {(r["unit"], r["lens"], r["item"]): r for r in records}


def random_instance(rng):
    """A small organisation: 1-2 sites of 1-3 teams, a few people attached to upper levels."""
    units = [""]
    for s in range(int(rng.integers(1, 3))):
        units.append(f"S{s}")
        units += [f"S{s}/T{t}" for t in range(int(rng.integers(1, 4)))]
    cells = {}
    for unit in units:
        leaf = unit.count("/") == 1
        for lens, high in (("leader", 4), ("frontline", 9)):
            if leaf:
                cells[(unit, lens)] = int(rng.integers(0, high))
            elif rng.random() < 0.3:
                cells[(unit, lens)] = int(rng.integers(1, 4))
    return cells


def test_threshold_cannot_go_below_three():
    with pytest.raises(ValueError):
        validate_threshold(2)
    with pytest.raises(ValueError):
        gap_results(counts_table({("T", "frontline"): 9}), k=2)


def test_cell_under_k_shows_no_figures():
    records = by_cell(
        gap_results(counts_table({("C/T1", "frontline"): 4, ("C/T2", "frontline"): 9}), k=5)
    )
    small = records[("C/T1", "frontline", "q")]
    assert small["suppressed"] and small["reason"] == "below_threshold"
    assert not {"n", "mean", "top2", "distribution", "gap"} & small.keys()


def test_parent_minus_shown_child_cannot_isolate_a_small_team():
    # C = T1 (4, hidden) + T2 (9): showing C and T2 would give T1 = C - T2.
    records = by_cell(
        gap_results(counts_table({("C/T1", "frontline"): 4, ("C/T2", "frontline"): 9}), k=5)
    )
    shown = {
        u for (u, lens, _), r in records.items() if lens == "frontline" and not r["suppressed"]
    }
    assert not {"C", "C/T2"} <= shown
    assert records[("C/T2", "frontline", "q")]["reason"] == "complementary" or "C" not in shown


def test_all_minus_frontline_cannot_reveal_the_team_leader():
    records = by_cell(
        gap_results(
            counts_table({("C/T1", "leader"): 1, ("C/T1", "frontline"): 9, ("C/T2", "leader"): 6}),
            k=5,
        )
    )
    team = {lens: records[("C/T1", lens, "q")] for lens in ("leader", "frontline", "all")}
    assert team["leader"]["suppressed"]
    assert team["all"]["suppressed"] or team["frontline"]["suppressed"]


def test_leaders_roll_up_until_k_and_say_where():
    cells = {("C/S/T1", "leader"): 2, ("C/S/T2", "leader"): 2, ("C/S", "leader"): 1,
             ("C/S/T1", "frontline"): 12, ("C/S/T2", "frontline"): 11}  # fmt: skip
    records = by_cell(gap_results(counts_table(cells), k=5))
    block = records[("C/S/T1", "frontline", "q")]["gap"]
    assert block["leader_unit"] == "C/S"
    assert records[("C/S", "leader", "q")]["n"] == 5


def test_no_gap_when_the_whole_organisation_has_fewer_than_k_leaders():
    records = by_cell(gap_results(counts_table({("T1", "leader"): 2, ("T1", "frontline"): 9}), k=5))
    assert records[("T1", "frontline", "q")]["gap"] is None


def test_every_ancestor_and_the_whole_get_a_record():
    records = by_cell(gap_results(counts_table({("C/S/T", "frontline"): 9}), k=5))
    assert {u for (u, _, _) in records} == {"", "C", "C/S", "C/S/T"}


def test_no_combination_of_shown_cells_isolates_a_small_group():
    # Brute force (tests/insights/leakcheck.py): every group of atoms whose indicator lies in
    # the row space of the shown cells, i.e. any chain of sums and differences a reader can do.
    rng = np.random.default_rng(20240601)
    checked = 0
    while checked < 150:
        cells = random_instance(rng)
        if not any(cells.values()):
            continue
        cube = build_cube(counts_table(cells))
        sizes = np.array([cube.own[u, g, lens, 0].sum() for (u, g, lens) in atoms_of(cube.grid)])
        if (sizes > 0).sum() > 14:
            continue
        k = int(rng.integers(3, 6))
        status = suppression_status(cube, k)[0].ravel()
        assert leaked_groups(cube.grid, sizes, status, k) == [], cells
        checked += 1


def test_filter_values_cannot_be_subtracted_to_a_small_group():
    # Everyone in T1 minus the "new" tenure band gives the "old" band (3 people): one more
    # cell must go.
    counts = pl.DataFrame(
        {"unit": ["T1", "T1", "T2"], "lens": ["frontline"] * 3, "item": ["q"] * 3,
         "value": [3, 4, 3], "count": [9, 3, 8], "tenure": ["new", "old", "new"]}
    )  # fmt: skip
    records = gap_results(counts, k=5, by="tenure")
    shown = {
        (r["unit"], r["tenure"])
        for r in records
        if r["lens"] == "frontline" and not r["suppressed"]
    }
    assert ("T1", "old") not in shown
    assert not {("T1", None), ("T1", "new")} <= shown


def test_checker_catches_a_naive_threshold_only_table():
    # The brute-force checker must be able to fail: threshold-only status leaks T1.
    cube = build_cube(counts_table({("C/T1", "frontline"): 3, ("C/T2", "frontline"): 9}))
    naive = np.where(cube.total.sum(-1)[..., 0] >= 5, SHOWN, 2).ravel()
    sizes = np.array([cube.own[u, g, lens, 0].sum() for (u, g, lens) in atoms_of(cube.grid)])
    assert leaked_groups(cube.grid, sizes, naive, 5)
