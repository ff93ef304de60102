"""The partition rule: every group of people that the shown cells tell apart holds 0 or k or more.

A reader who sees some cells can tell two people apart only when some shown cell holds one and
not the other. Grouping the atoms (the finest cells: the people of one unit itself, one lens,
one combination of attributes) by the set of shown cells that hold them gives the finest groups
the reader can ever speak of: *classes*. Whatever the reader derives, by exact arithmetic
(sums and differences of any shown cells) or by bounds (a hidden count lies between 0 and 7, a
tenure band and a location overlap by at least 4), is a statement about a union of classes.
So when every class that lies inside some shown cell holds 0 or at least k respondents, nothing
about fewer than k people can be derived, exactly or by inequalities.

This is stricter than the exact linear audit (`audit.py`), which guards only what sums and
differences isolate: two splits of one unit (by tenure and by location) can cross in a group of
two that no subtraction isolates but bounds pin down. It is also simpler and faster to decide:
one pass that hashes each atom's column of the shown cells. `small_classes` finds the classes
under k; `cells_to_merge` says which shown cells to hide so that each small class merges with
its nearest neighbour (the cheapest cells that tell them apart).

Atoms in no shown cell form no class: nothing shown says anything about them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse


@dataclass
class Classes:
    """The classes of atoms told apart by the shown cells.

    Shown cells that hold exactly the same atoms (the whole organisation and its one center,
    "everyone" and "frontline" where no leader answered) are one *figure*: hiding one of them
    changes nothing while its twin stays. `figures[f]` lists the cell numbers of figure f.
    `members[c]` are the atom columns of class c, `size[c]` its respondents, and `cells` the
    (classes x figures) incidence matrix.
    """

    members: list[npt.NDArray[np.int64]]
    size: npt.NDArray[np.int64]
    cells: sparse.csr_matrix
    figures: list[npt.NDArray[np.int64]]


def classes_of(
    membership: sparse.csr_matrix, atom_n: npt.NDArray[np.int64], shown: npt.NDArray[np.bool_]
) -> Classes:
    """Group the non-empty atoms (columns of `membership`, cells x atoms) by the shown cells
    that hold them; atoms in no shown cell are left out."""
    figures, rows = _figures(membership, atom_n, np.flatnonzero(shown))
    columns = rows.tocsc()
    columns.sort_indices()
    ptr, ind = columns.indptr, columns.indices
    seen: dict[bytes, int] = {}
    code = np.full(columns.shape[1], -1, dtype=np.int64)
    for atom in np.flatnonzero((atom_n > 0) & (np.diff(ptr) > 0)):
        code[atom] = seen.setdefault(ind[ptr[atom] : ptr[atom + 1]].tobytes(), len(seen))
    inside = code >= 0
    size = np.bincount(code[inside], weights=atom_n[inside], minlength=len(seen)).astype(np.int64)
    order = np.argsort(code, kind="stable")
    starts = np.searchsorted(code[order], np.arange(len(seen) + 1))
    members = [order[starts[c] : starts[c + 1]] for c in range(len(seen))]
    if not members:
        empty = sparse.csr_matrix((0, len(figures)), dtype=np.int64)
        return Classes([], size, empty, figures)
    first = np.array([m[0] for m in members], dtype=np.int64)
    incidence = columns[:, first].T.tocsr()
    incidence.data[:] = 1
    return Classes(members, size, incidence, figures)


def _figures(
    membership: sparse.csr_matrix, atom_n: npt.NDArray[np.int64], shown_cells: np.ndarray
) -> tuple[list[npt.NDArray[np.int64]], sparse.csr_matrix]:
    """Shown cells grouped by the non-empty atoms they hold, and one row per group."""
    rows = membership[shown_cells].tocsr()
    rows = rows.multiply(sparse.csr_matrix((atom_n > 0).astype(np.int64))).tocsr()
    rows.eliminate_zeros()
    rows.sort_indices()
    ptr, ind = rows.indptr, rows.indices
    group: dict[bytes, int] = {}
    code = np.array(
        [
            group.setdefault(ind[ptr[r] : ptr[r + 1]].tobytes(), len(group))
            for r in range(len(ptr) - 1)
        ],
        dtype=np.int64,
    )
    figures = [shown_cells[code == g] for g in range(len(group))]
    first = np.array([np.flatnonzero(code == g)[0] for g in range(len(group))], dtype=np.int64)
    return figures, rows[first] if first.size else rows[:0]


def small_classes(classes: Classes, k: int) -> npt.NDArray[np.int64]:
    """Classes holding 1 to k-1 respondents, smallest first."""
    small = np.flatnonzero((classes.size > 0) & (classes.size < k))
    return small[np.argsort(classes.size[small], kind="stable")]


def cells_to_merge(
    classes: Classes,
    small: Sequence[int] | npt.NDArray[np.int64],
    cost: npt.NDArray[np.float64],
    n: npt.NDArray[np.int64],
    fixed: set[int],
) -> list[int]:
    """Shown cells to hide so that each small class merges with its nearest class.

    For a small class C and another class D, hiding the figures that hold one and not the
    other makes them one class. The nearest D is the one whose differing figures cost least
    (then hold fewest respondents); hiding every figure of C (so that nothing shown speaks of
    it) is always a candidate. A figure costs what its cheapest cell costs; hiding it hides
    all its cells. Figures with a cell in `fixed` are never hidden, so a D that differs from C
    in one of them is out of reach. A class whose figures overlap figures already chosen in
    this pass waits for the next pass, when the classes are computed again.
    """
    incidence = classes.cells
    pinned = np.array(
        [any(int(c) in fixed for c in figure) for figure in classes.figures], dtype=np.float64
    )
    # A figure's worth is the people it describes, more for the kinds kept first (`cost`):
    # many small figures go before one large one, as in minimal-loss cell suppression.
    base = np.array([((1.0 + cost[f]) * n[f]).max() + 1.0 for f in classes.figures])
    weight = base * (1.0 - pinned)
    weight_of = incidence @ weight
    pinned_of = incidence @ pinned
    chosen: set[int] = set()
    for c in (int(c) for c in small):
        mine = incidence.indices[incidence.indptr[c] : incidence.indptr[c + 1]]
        if chosen.intersection(mine.tolist()):
            continue
        a = np.zeros(incidence.shape[1])
        a[mine] = 1.0
        distance = weight_of[c] + weight_of - 2 * (incidence @ (weight * a))
        blocked = (pinned_of[c] + pinned_of - 2 * (incidence @ (pinned * a))) > 0
        distance[blocked] = np.inf
        distance[c] = np.inf
        best = int(np.argmin(distance))
        alone = np.inf if pinned[mine].any() else weight[mine].sum()
        if np.isfinite(distance[best]) and distance[best] < alone:
            theirs = incidence.indices[incidence.indptr[best] : incidence.indptr[best + 1]]
            differing = np.setxor1d(mine, theirs)
        elif np.isfinite(alone):
            differing = mine
        else:
            raise RuntimeError(
                "a small group is told apart only by cells that may not be hidden (pinned)"
            )
        chosen.update(int(f) for f in differing)
    return sorted(int(cell) for f in chosen for cell in classes.figures[f])
