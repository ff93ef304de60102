"""Figures counted per unit: shown only where no subtraction or bound isolates fewer than k."""

from __future__ import annotations

import itertools
import random

import pytest

from twoway.insights.units import generalise_unit, protect_unit_tree


def subtree_sizes(own: dict[str, int]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for path, n in own.items():
        parts = path.split("/")
        for depth in range(len(parts) + 1):
            unit = "/".join(parts[:depth])
            sizes[unit] = sizes.get(unit, 0) + n
    return sizes


def derivable_small_groups(own: dict[str, int], shown: dict[str, bool], k: int) -> list:
    """Brute force: every set of units' own people that a +/- combination of shown subtree
    figures equals exactly, holding 1..k-1 people (an independent check, no shared code)."""
    atoms = sorted(own)
    cells = [u for u, s in shown.items() if s]

    def inside(cell, atom):
        return cell == "" or atom == cell or atom.startswith(cell + "/")

    vectors = [tuple(int(inside(c, a)) for a in atoms) for c in cells]
    leaks = []
    for coefficients in itertools.product((-1, 0, 1), repeat=len(vectors)):
        total = [sum(c * v[j] for c, v in zip(coefficients, vectors, strict=True))
                 for j in range(len(atoms))]  # fmt: skip
        if (
            set(total) <= {0, 1}
            and 0 < sum(own[a] for a, t in zip(atoms, total, strict=True) if t) < k
        ):
            leaks.append(total)
    return leaks


def test_a_small_team_cannot_be_had_as_its_site_minus_its_siblings():
    own = {"C/S/T1": 10, "C/S/T2": 3, "C/S/T3": 12, "C/S": 1, "C/H/T4": 8}
    shown = protect_unit_tree(own, 5)
    assert not shown["C/S/T2"]  # 3 people
    assert derivable_small_groups(own, shown, 5) == []
    assert sum(shown.values()) >= 5  # and most figures stay


def test_every_figure_shows_when_every_team_is_big_enough():
    own = {"C/S/T1": 10, "C/S/T2": 12, "C/H/T3": 9}
    assert all(protect_unit_tree(own, 5).values())


def test_units_that_are_not_shown_still_complete_the_sums():
    own = {"C/S/T1": 10, "C/S/T2": 3, "C/S/T3": 12}
    shown = protect_unit_tree(own, 5, show=["C/S", "C/S/T1", "C/S/T3"])
    assert not shown["C"] and not shown[""]  # not asked for
    assert not (shown["C/S"] and shown["C/S/T1"] and shown["C/S/T3"])


@pytest.mark.parametrize("seed", range(40))
def test_random_small_trees_leak_nothing(seed):
    rng = random.Random(seed)
    own = {}
    for site in range(rng.randint(1, 2)):
        if rng.random() < 0.5:
            own[f"C/S{site}"] = rng.randint(0, 3)
        for team in range(rng.randint(1, 3)):
            own[f"C/S{site}/T{team}"] = rng.choice([0, 1, 2, 4, 5, 6, 9])
    shown = protect_unit_tree(own, 5)
    assert derivable_small_groups(own, shown, 5) == []


def test_a_team_of_three_is_labelled_with_its_site():
    people = subtree_sizes({"C/S/T1": 10, "C/S/T2": 3})
    assert generalise_unit("C/S/T2", people, 5) == "C/S"
    assert generalise_unit("C/S/T1", people, 5) == "C/S/T1"
    assert generalise_unit("C/S/T2", {"C/S/T2": 3, "C/S": 3, "C": 4, "": 4}, 5) == ""


def test_the_threshold_floor_holds():
    with pytest.raises(ValueError):
        protect_unit_tree({"T": 5}, 2)


def test_live_participation_moves_in_tenths_and_only_for_big_units():
    from twoway.insights.units import live_participation

    assert live_participation(4, 4, 5) is None  # "4 of 4" would say everyone answered
    assert live_participation(9, 9, 5) is None  # under 2k invited: not while it runs
    assert live_participation(7, 20, 5) == pytest.approx(0.3)
    assert live_participation(8, 20, 5) == pytest.approx(0.4)
    assert live_participation(25, 20, 5) == pytest.approx(1.0)  # never above everyone
    # One more answer moves a unit of 20 by a twentieth: the shown share moves at most once.
    shown = [live_participation(n, 20, 5) for n in range(21)]
    assert all(b - a <= 0.1 + 1e-9 for a, b in itertools.pairwise(shown))
