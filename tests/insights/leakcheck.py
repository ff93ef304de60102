"""An independent, brute-force check that shown cells leak no small group by subtraction.

A reader who sees some cells can combine them with any coefficients: whatever lies in the row
space of the shown cells' membership vectors is known. A group of respondents is leaked when its
indicator vector (over the atoms: people of one unit itself, one lens, one filter value) lies in
that space and it holds 1 to k-1 people. `leaked_groups` enumerates every group of atoms, so it
only runs on small instances; `milp_leak` poses the same question to a mixed-integer solver, for
bigger ones. Both are stricter than "parent minus shown children": they cover every chain of
sums and differences, across units, lenses and filter values at once. Neither shares code with
twoway's own audit (`twoway/insights/audit.py`).
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from twoway.insights.anonymity import SHOWN
from twoway.insights.cells import ALL, FRONTLINE, LEADER, LENSES, CellGrid


def atoms_of(grid: CellGrid) -> list[tuple[int, int, int]]:
    groups = range(1, len(grid.groups)) if len(grid.groups) > 1 else [0]
    return [
        (u, g, lens) for u in range(len(grid.units)) for g in groups for lens in (LEADER, FRONTLINE)
    ]


def subtree(grid: CellGrid, unit: int) -> set[int]:
    found = {unit}
    for child in grid.children[unit]:
        found |= subtree(grid, child)
    return found


def membership(grid: CellGrid, atoms: list[tuple[int, int, int]]) -> np.ndarray:
    """Rows: shown-cell layout (unit, group, lens); columns: atoms; 1 where the atom is inside."""
    rows = np.zeros((grid.size, len(atoms)))
    for u in range(len(grid.units)):
        inside_units = subtree(grid, u)
        for g in range(len(grid.groups)):
            for lens in range(len(LENSES)):
                lenses = {LEADER, FRONTLINE} if lens == ALL else {lens}
                for j, (au, ag, al) in enumerate(atoms):
                    if au in inside_units and al in lenses and (g == 0 or ag == g):
                        rows[grid.cell(u, g, lens), j] = 1
    return rows


def leaked_groups(
    grid: CellGrid, atom_sizes: np.ndarray, status: np.ndarray, k: int
) -> list[tuple[list[tuple[int, int, int]], int]]:
    """Every group of 1..k-1 respondents computable from the shown cells (empty when safe).

    `status` is the flat status of the shown-cell layout; `atom_sizes` follows `atoms_of(grid)`.
    """
    atoms = atoms_of(grid)
    positive = np.flatnonzero(atom_sizes > 0)
    shown = membership(grid, atoms)[np.asarray(status) == SHOWN][:, positive]
    sizes = atom_sizes[positive]
    if shown.shape[0] == 0 or positive.size == 0:
        return []
    # Null space of the shown rows: a vector is in their row space iff it is orthogonal to it.
    _, singular, vt = np.linalg.svd(shown)
    rank = int((singular > 1e-9).sum())
    null = vt[rank:].T
    subsets = np.array(list(itertools.product((0, 1), repeat=positive.size)), dtype=float)
    group_sizes = subsets @ sizes
    small = (group_sizes >= 1) & (group_sizes < k)
    if null.shape[1] == 0:
        derivable = small
    else:
        derivable = small & (np.abs(subsets @ null).max(axis=1) < 1e-9)
    leaks = []
    for row in np.flatnonzero(derivable):
        members = [atoms[positive[j]] for j in np.flatnonzero(subsets[row])]
        leaks.append((members, int(group_sizes[row])))
    return leaks


def milp_leak(
    grid: CellGrid, atom_sizes: np.ndarray, status: np.ndarray, k: int
) -> list[tuple[int, int, int]] | None:
    """A group of 1..k-1 respondents computable from the shown cells, found by mixed-integer
    programming, or None. For instances too big to enumerate.

    This is the attacker's audit problem as statistical offices pose it (Hundepool et al.,
    Statistical Disclosure Control, Wiley 2012, ch. 4): find a 0/1 vector x over the atoms and
    real coefficients y over the shown cells with (shown rows)^T y = x and 1 <= size(x) <= k-1.
    Solved by SciPy's `milp` (HiGHS), independently of twoway's own audit.
    """
    atoms = atoms_of(grid)
    positive = np.flatnonzero(atom_sizes > 0)
    shown = membership(grid, atoms)[np.asarray(status) == SHOWN][:, positive]
    cells, width = shown.shape
    if cells == 0 or width == 0:
        return None
    combination = sparse.hstack([-sparse.eye(width), sparse.csr_matrix(shown.T)])
    size = np.r_[atom_sizes[positive].astype(float), np.zeros(cells)]
    result = milp(
        np.zeros(width + cells),
        constraints=[LinearConstraint(combination, 0, 0), LinearConstraint(size, 1, k - 1)],
        integrality=np.r_[np.ones(width), np.zeros(cells)],
        bounds=Bounds(
            np.r_[np.zeros(width), np.full(cells, -np.inf)],
            np.r_[np.ones(width), np.full(cells, np.inf)],
        ),
    )
    if result.status == 2:  # infeasible: no such group
        return None
    if result.status != 0:
        raise RuntimeError(f"the MILP check did not finish: {result.message}")
    return [atoms[positive[j]] for j in np.flatnonzero(result.x[:width] > 0.5)]
