"""Threshold, complementary suppression and leader roll-up, checked by brute force and by an
independent mixed-integer audit (tests/insights/leakcheck.py)."""

import numpy as np
import polars as pl
import pytest

from tests.insights.leakcheck import atoms_of, leaked_groups, milp_leak
from twoway.insights import (
    Relation,
    audit,
    build_cube,
    find_leak,
    gap_results,
    protect_cells,
    suppression_status,
    validate_threshold,
)
from twoway.insights.anonymity import COMPLEMENTARY, SHOWN


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


# With a filter attribute (tenure band, work location, language: one at a time) ---------------


def filtered_table(rng, sites=(1, 3), teams=(1, 3), values=(2, 4), leaders=3, frontline=8):
    """A random organisation with a filter column "band": per team, leader and frontline
    head counts for each band value, and now and then a few people attached to a site or to
    the whole."""
    bands = ["new", "mid", "old", "veteran"][: int(rng.integers(*values))]
    units = [""]
    for s in range(int(rng.integers(*sites))):
        units.append(f"S{s}")
        units += [f"S{s}/T{t}" for t in range(int(rng.integers(*teams)))]
    rows = []
    for unit in units:
        team = unit.count("/") == 1
        for lens, high in (("leader", leaders), ("frontline", frontline)):
            for band in bands:
                count = int(rng.integers(0, high)) if team else int(rng.random() < 0.1)
                if count:
                    rows.append({"unit": unit, "lens": lens, "item": "q", "value": 3,
                                 "count": count, "band": band})  # fmt: skip
    return pl.DataFrame(rows) if rows else None


def protected(counts, k):
    """The cube, each atom's head count and the flat status of the shown cells."""
    cube = build_cube(counts, by="band")
    sizes = np.array([cube.own[u, g, lens, 0].sum() for (u, g, lens) in atoms_of(cube.grid)])
    return cube, sizes, suppression_status(cube, k)[0].ravel()


def small_filtered_tables(seed, count, most_atoms=14):
    rng = np.random.default_rng(seed)
    while count:
        counts = filtered_table(rng)
        if counts is None:
            continue
        cube = build_cube(counts, by="band")
        sizes = np.array([cube.own[u, g, lens, 0].sum() for (u, g, lens) in atoms_of(cube.grid)])
        if 3 <= (sizes > 0).sum() <= most_atoms:
            count -= 1
            yield counts, int(rng.integers(3, 6))


def test_no_combination_of_shown_cells_isolates_a_small_group_with_a_filter():
    # Brute force over every group of atoms (units x lens x band values): none may lie in the
    # span of the shown cells. Before the exact audit, about 1% of these leaked.
    for counts, k in small_filtered_tables(seed=7, count=300):
        cube, sizes, status = protected(counts, k)
        assert leaked_groups(cube.grid, sizes, status, k) == [], counts.to_dicts()


def test_the_sparse_pass_of_the_audit_is_as_safe_as_the_traced_one(monkeypatch):
    # Big tables go through a faster sparse-matrix pass first; force it on small ones.
    monkeypatch.setattr(audit, "FAST_PASS_FROM_CELLS", 0)
    for counts, k in small_filtered_tables(seed=11, count=120):
        cube, sizes, status = protected(counts, k)
        assert leaked_groups(cube.grid, sizes, status, k) == [], counts.to_dicts()


@pytest.mark.parametrize("fast_pass_from", [0, 10_000])
def test_no_small_group_is_computable_in_bigger_filtered_tables(monkeypatch, fast_pass_from):
    # Too many atoms to enumerate: the independent check is a mixed-integer program.
    monkeypatch.setattr(audit, "FAST_PASS_FROM_CELLS", fast_pass_from)
    rng = np.random.default_rng(2024 + fast_pass_from)
    checked = 0
    while checked < 25:
        counts = filtered_table(rng, sites=(2, 4), teams=(2, 5), values=(3, 5), frontline=12)
        if counts is None:
            continue
        k = int(rng.integers(3, 8))
        cube, sizes, status = protected(counts, k)
        assert milp_leak(cube.grid, sizes, status, k) is None, counts.to_dicts()
        checked += 1


def test_a_group_found_only_by_cancelling_across_units_lenses_and_bands_stays_hidden():
    # Found by the brute-force checker against the relation-following suppression alone:
    # with k = 3, a combination of shown cells equalled S0's own frontline "new" person plus
    # T0's "mid" leader (2 people), although no single subtraction gave anything small.
    cells = [("S0", "leader", "new", 1), ("S0", "leader", "mid", 2), ("S0", "leader", "old", 1),
             ("S0", "frontline", "new", 1), ("S0", "frontline", "mid", 2),
             ("S0/T0", "leader", "new", 1), ("S0/T0", "leader", "mid", 1),
             ("S0/T0", "frontline", "new", 4), ("S0/T0", "frontline", "mid", 6),
             ("S0/T0", "frontline", "old", 5)]  # fmt: skip
    counts = pl.DataFrame(
        [{"unit": u, "lens": lens, "item": "q", "value": 3, "count": c, "band": b}
         for u, lens, b, c in cells]
    )  # fmt: skip
    cube, sizes, status = protected(counts, 3)
    assert leaked_groups(cube.grid, sizes, status, 3) == []
    assert (status == SHOWN).any()


def test_the_checkers_catch_a_threshold_only_filtered_table():
    # Both independent checkers must be able to fail: hiding only cells under k leaks.
    counts = pl.DataFrame(
        {"unit": ["T1", "T1", "T2"], "lens": ["frontline"] * 3, "item": ["q"] * 3,
         "value": [3, 4, 3], "count": [9, 3, 8], "band": ["new", "old", "new"]}
    )  # fmt: skip
    cube = build_cube(counts, by="band")
    sizes = np.array([cube.own[u, g, lens, 0].sum() for (u, g, lens) in atoms_of(cube.grid)])
    naive = np.where(cube.total.sum(-1)[..., 0] >= 5, SHOWN, 2).ravel()
    assert leaked_groups(cube.grid, sizes, naive, 5)
    assert milp_leak(cube.grid, sizes, naive, 5) == [(1, 2, 1)]  # T1's one "old" atom


def test_everyone_is_kept_and_a_band_is_given_up_instead():
    # T1 = 9 "new" + 3 "old": showing T1 and T1/"new" would give the 3. The cheaper cell to
    # lose is the band, so the unfiltered figure for T1 stays.
    counts = pl.DataFrame(
        {"unit": ["T1", "T1", "T2"], "lens": ["frontline"] * 3, "item": ["q"] * 3,
         "value": [3, 4, 3], "count": [9, 3, 8], "band": ["new", "old", "new"]}
    )  # fmt: skip
    records = {(r["unit"], r["lens"], r["band"]): r for r in gap_results(counts, k=5, by="band")}
    assert not records[("T1", "frontline", None)]["suppressed"]
    assert records[("T1", "frontline", "new")]["reason"] == "complementary"
    assert records[("T1", "frontline", "old")]["reason"] == "below_threshold"


def test_find_leak_sees_what_following_relations_one_at_a_time_misses():
    # Atoms a, b, c, d (1, 5, 5, 1 people, never shown); shown P = a+b, Q = b+c, R = c+d
    # (6, 10, 6). No relation has one unknown term, but P - Q + R = a + d: 2 people.
    n = [1, 5, 5, 1, 6, 10, 6]
    relations = [Relation(4, (0, 1)), Relation(5, (1, 2)), Relation(6, (2, 3))]
    never_shown = [True] * 4 + [False] * 3
    leak = find_leak(n, [4, 4, 4, 4, SHOWN, SHOWN, SHOWN], relations, 5)
    assert leak is not None and sorted(leak.used) == [4, 5, 6]
    status = protect_cells(n, relations, 5, never_shown=never_shown)
    assert find_leak(n, status, relations, 5) is None
    # One hidden cell stops every subtraction, but not bounds: with P hidden, R = c + d still
    # tells d (one person) apart from c, and when Q shows that nobody in b + c chose an answer,
    # an answer R holds is d's. The partition rule hides until only Q is left.
    assert status[4:] == [COMPLEMENTARY, SHOWN, COMPLEMENTARY]


def test_relations_that_split_a_total_two_ways_are_refused():
    with pytest.raises(ValueError, match="same atoms"):
        protect_cells([3, 3, 3, 3, 6], [Relation(4, (0, 1)), Relation(4, (2, 3))], 3)


def test_all_values_figures_are_those_of_the_unfiltered_page():
    # A reader may open the unfiltered page and a filtered one: the "all values" cells must be
    # the same cells, shown or hidden alike, or the two pages together could be subtracted.
    rng = np.random.default_rng(99)
    for _ in range(20):
        counts = filtered_table(rng, sites=(2, 3), teams=(2, 4), values=(3, 5), frontline=12)
        if counts is None:
            continue
        plain = {(r["unit"], r["lens"]): r.get("n") for r in gap_results(counts.drop("band"), k=5)}
        filtered = {
            (r["unit"], r["lens"]): r.get("n")
            for r in gap_results(counts, k=5, by="band")
            if r["band"] is None
        }
        assert filtered == plain


def test_the_integer_program_that_ends_a_long_search_is_as_safe(monkeypatch):
    # Past its search budget the audit hands the search to a mixed-integer program; with no
    # budget at all, every search goes there.
    monkeypatch.setattr(audit, "SEARCH_BUDGET", 0)
    for counts, k in small_filtered_tables(seed=5, count=40):
        cube, sizes, status = protected(counts, k)
        assert leaked_groups(cube.grid, sizes, status, k) == [], counts.to_dicts()


@pytest.mark.parametrize("budget", [audit.SEARCH_BUDGET, 0])
def test_a_group_that_takes_two_steps_of_the_search_is_found(monkeypatch, budget):
    # Atoms a, b, c, B (1, 1, 4, 10 people, never shown); shown P = a+B, S = b+c, Q = c+B
    # (11, 5, 14). P - Q = a - c and S = b + c are no group, but their sum a + b is: 2 people.
    # With no budget the search goes straight to the mixed-integer program.
    monkeypatch.setattr(audit, "SEARCH_BUDGET", budget)
    n = [1, 1, 4, 10, 11, 5, 14]
    relations = [Relation(4, (0, 3)), Relation(5, (1, 2)), Relation(6, (2, 3))]
    leak = find_leak(n, [4, 4, 4, 4, SHOWN, SHOWN, SHOWN], relations, 5)
    assert leak is not None and leak.used == [4, 5, 6]
    status = protect_cells(n, relations, 5, never_shown=[True] * 4 + [False] * 3)
    assert find_leak(n, status, relations, 5) is None
