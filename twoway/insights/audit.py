"""The exact audit: can any combination of the shown cells isolate 1 to k-1 respondents?

Every cell is a union of *atoms* (the finest cells: the people of one unit itself, one lens,
one filter value). A reader who sees some cells knows every vector in the row space R of their
atom-indicator vectors, whatever the coefficients; atoms with no respondents count as known
zeros and are left out. A group of respondents leaks when its indicator vector lies in R and it
holds 1 to k-1 people. `audit_leaks` decides this exactly (integer and rational arithmetic, no
rounding), in three steps:

1. Atoms in exactly the same shown cells ("twins") are inseparable: every vector of R is
   constant on them, so they merge into one class, of their summed size.
2. A leaking group is a union of classes of total size 1..k-1, so it uses only *small* classes
   (under k). Gaussian elimination that pivots on big classes first leaves a basis of the part
   of R that lives on small classes only: the rows whose pivot is a small class.
3. In reduced form, a 0/1 vector of that part is the sum of a subset of the basis, and the
   subset's pivot classes already add up to at most k-1, so a short search finds any such group
   (or, past a budget, a mixed-integer program: SciPy's `milp`, its answer checked exactly).

This is the "audit" step of cell suppression for linked tables (Hundepool et al., Statistical
Disclosure Control, Wiley 2012, ch. 4), for exact derivation rather than interval bounds.
A first pass with sparse matrices settles the common case (no leak) quickly: classes computed
directly by one shown cell are set aside ("peeled") before any elimination. Only when it finds
something does a slower pass repeat the work while tracing which shown cells each combination
uses, so that the caller knows what to hide.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from scipy import sparse

# How many subsets of basis vectors the audit enumerates before it hands the search to a
# mixed-integer program (faster for big spaces, slower to start for small ones).
SEARCH_BUDGET = 20_000

ZERO = Fraction(0)

# Below this many cells, sparse matrices cost more than they save: go straight to the traced
# pass (both passes are exact; tests run each on the same instances).
FAST_PASS_FROM_CELLS = 400


@dataclass
class Leak:
    """A combination of shown cells that gives away a small group: the shown cells it uses."""

    used: list[int]


class AtomMembership:
    """Which atoms each cell holds, as a sparse 0/1 matrix (cells x atoms), built once per
    table; `atoms[c]` lists the atom cells of cell c."""

    def __init__(self, atoms: Sequence[Sequence[int]]):
        self.atoms = atoms
        universe = sorted({a for cell in atoms for a in cell})
        self.atom_cells = np.array(universe, dtype=np.int64)
        column = {a: j for j, a in enumerate(universe)}
        indices = np.array([column[a] for cell in atoms for a in cell], dtype=np.int64)
        indptr = np.concatenate([[0], np.cumsum([len(cell) for cell in atoms])])
        shape = (len(atoms), len(universe))
        self.matrix = sparse.csr_matrix(
            (np.ones(indices.size, dtype=np.int64), indices, indptr), shape=shape
        )


def audit_leaks(
    membership: AtomMembership, n: Sequence[int], shown: Sequence[bool], k: int
) -> list[Leak]:
    """Combinations of shown cells that equal a group of 1..k-1 respondents (empty when safe).

    `n` holds the respondents per cell (atoms included), `shown` marks the cells a reader sees.
    """
    fast = membership.matrix.shape[0] >= FAST_PASS_FROM_CELLS
    if fast and _untraced_is_safe(membership, np.asarray(n, dtype=np.int64), np.asarray(shown), k):
        return []
    leaks = _traced_leaks(membership.atoms, n, [c for c, s in enumerate(shown) if s], k)
    if fast and not leaks:
        raise RuntimeError("the two passes of the audit disagree; please report this table")
    return leaks


# The fast pass ------------------------------------------------------------------------------


def _untraced_is_safe(
    membership: AtomMembership, n: npt.NDArray[np.int64], shown: npt.NDArray[np.bool_], k: int
) -> bool:
    """Whether no small group is computable (the audit without tracing cells)."""
    atom_n = n[membership.atom_cells]
    positive = atom_n > 0
    rows = membership.matrix[np.flatnonzero(shown)][:, positive]
    if rows.nnz == 0:
        return True
    codes, class_size = _twin_codes(rows.tocsc(), atom_n[positive])
    merge = sparse.csr_matrix(
        (np.ones(codes.size, dtype=np.int64), (np.arange(codes.size), codes)),
        shape=(codes.size, class_size.size),
    )
    classes = (rows @ merge).tocsr()
    classes.data[:] = 1
    active = _peel(classes, class_size, k)
    if active is None:
        return False
    core = _core_rows(classes, active)
    echelon = _Echelon((class_size >= k).tolist())
    for row in sorted(core, key=lambda r: len(r.coef)):
        echelon.add(row)
    small = echelon.rows_on_small_classes()
    return not small or not _small_groups(_reduced(small), class_size.tolist(), k)


def _twin_codes(
    columns: sparse.csc_matrix, atom_n: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """A class number per atom (atoms in the same shown cells share one) and class sizes."""
    columns.sort_indices()
    seen: dict[bytes, int] = {}
    ptr, ind = columns.indptr, columns.indices
    codes = np.array(
        [
            seen.setdefault(ind[ptr[j] : ptr[j + 1]].tobytes(), len(seen))
            for j in range(len(ptr) - 1)
        ],
        dtype=np.int64,
    )
    return codes, np.bincount(codes, weights=atom_n).astype(np.int64)


def _peel(
    classes: sparse.csr_matrix, class_size: npt.NDArray[np.int64], k: int
) -> npt.NDArray[np.bool_] | None:
    """Set aside every class a shown cell computes alone (after subtracting classes set aside
    before): the classes left, or None when one set aside holds 1..k-1 respondents."""
    active = np.ones(class_size.size, dtype=bool)
    number = np.arange(class_size.size, dtype=np.int64)
    while True:
        left = classes @ active.astype(np.int64)
        single = np.flatnonzero(left == 1)
        if single.size == 0:
            return active
        computed = np.unique(classes[single] @ (number * active))
        if (class_size[computed] < k).any():
            return None
        active[computed] = False


def _core_rows(classes: sparse.csr_matrix, active: npt.NDArray[np.bool_]) -> list[_Row]:
    """Rows over the classes not set aside, for those with two or more."""
    number = np.flatnonzero(active)
    kept = classes[:, number].tocsr()
    keep = np.flatnonzero(np.diff(kept.indptr) >= 2)
    ptr, ind = kept.indptr, number[kept.indices].tolist()
    return [_Row(dict.fromkeys(ind[ptr[r] : ptr[r + 1]], 1), {}) for r in keep]


# The traced pass ----------------------------------------------------------------------------


def _traced_leaks(
    atoms: Sequence[Sequence[int]], n: Sequence[int], shown: list[int], k: int
) -> list[Leak]:
    """The audit again, in pure Python, keeping for every row the shown cells it combines."""
    columns = _twin_classes(atoms, n, shown)
    if columns is None:
        return []
    rows, class_size = columns
    echelon = _Echelon([size >= k for size in class_size])
    for row in sorted(rows, key=lambda r: len(r.coef)):
        echelon.add(row)
    small = echelon.rows_on_small_classes()
    if not small:
        return []
    groups = _small_groups(_reduced(small), class_size, k)
    return [Leak(_cells_giving(group, small)) for group in groups]


def _cells_giving(group: dict[int, Fraction], rows: list[_Row]) -> list[int]:
    """The shown cells of the combination of `rows` that equals `group`.

    `rows` are in echelon order: each is zero at the pivots of those before it, so the
    coefficients follow one by one from the group's values at the pivots.
    """
    factors: list[tuple[Fraction, _Row]] = []
    for row in rows:
        value = group.get(row.pivot, ZERO)
        for factor, earlier in factors:
            value -= factor * earlier.coef.get(row.pivot, 0)
        if value:
            factors.append((value / row.coef[row.pivot], row))
    used: dict[int, Fraction] = {}
    for factor, row in factors:
        for cell, v in row.used.items():
            used[cell] = used.get(cell, ZERO) + factor * v
    return sorted(cell for cell, v in used.items() if v)


@dataclass
class _Row:
    """A combination of shown cells: `coef` over atom classes, `used` over the cells."""

    coef: dict[int, int]
    used: dict[int, int]
    pivot: int = -1

    def eliminate(self, other: _Row) -> list[int]:
        """Subtract a multiple of `other` so that its pivot leaves this row (in place); return
        the classes that entered this row."""
        a, b = self.coef[other.pivot], other.coef[other.pivot]
        divisor = math.gcd(a, b)
        a, b = a // divisor, b // divisor
        if b != 1:
            self.coef = {c: b * v for c, v in self.coef.items()}
            self.used = {c: b * v for c, v in self.used.items()}
        entered = [c for c in other.coef if c not in self.coef]
        _subtract(self.coef, a, other.coef)
        _subtract(self.used, a, other.used)
        if b != 1:  # keep the integers small
            divisor = math.gcd(*self.coef.values(), *self.used.values())
            if divisor > 1:
                self.coef = {c: v // divisor for c, v in self.coef.items()}
                self.used = {c: v // divisor for c, v in self.used.items()}
        return entered


def _subtract(x: dict[int, int], a: int, y: dict[int, int]) -> None:
    """x -= a*y in place, dropping zeros."""
    for c, v in y.items():
        value = x.get(c, 0) - a * v
        if value:
            x[c] = value
        else:
            del x[c]


def _twin_classes(
    atoms: Sequence[Sequence[int]], n: Sequence[int], shown: list[int]
) -> tuple[list[_Row], list[int]] | None:
    """The shown cells as rows over classes of twin atoms, and each class's size."""
    cells_of_atom: dict[int, list[int]] = {}
    for cell in shown:
        for atom in atoms[cell]:
            if n[atom] > 0:
                cells_of_atom.setdefault(atom, []).append(cell)
    if not cells_of_atom:
        return None
    class_of: dict[tuple[int, ...], int] = {}
    class_size: list[int] = []
    coef: dict[int, dict[int, int]] = {cell: {} for cell in shown}
    for atom, cells in cells_of_atom.items():
        key = tuple(cells)
        if key not in class_of:
            class_of[key] = len(class_size)
            class_size.append(0)
            for cell in cells:
                coef[cell][class_of[key]] = 1
        class_size[class_of[key]] += n[atom]
    rows = [_Row(coef[cell], {cell: 1}) for cell in shown if coef[cell]]
    return rows, class_size


class _Echelon:
    """Rows in echelon form over exact integers, pivoting on big classes whenever a row has
    one; rows whose pivot is a small class then hold no big class at all."""

    def __init__(self, big: list[bool]):
        self.big = big
        self.rows: list[_Row] = []
        self.pivot_of: dict[int, int] = {}

    def add(self, row: _Row) -> None:
        # Eliminate pivots in the order their rows arrived: a pivot row only holds pivots of
        # rows that came after it, so this ends.
        pending = [self.pivot_of[c] for c in row.coef if c in self.pivot_of]
        heapq.heapify(pending)
        while pending:
            other = self.rows[heapq.heappop(pending)]
            if other.pivot in row.coef:
                for c in row.eliminate(other):
                    if c in self.pivot_of:
                        heapq.heappush(pending, self.pivot_of[c])
        if not row.coef:
            return
        big = [c for c in row.coef if self.big[c]]
        row.pivot = min(big) if big else min(row.coef)
        self.pivot_of[row.pivot] = len(self.rows)
        self.rows.append(row)

    def rows_on_small_classes(self) -> list[_Row]:
        return [row for row in self.rows if not self.big[row.pivot]]


@dataclass
class _Basis:
    """A reduced basis vector: 1 at its pivot class, 0 at the other basis vectors' pivots."""

    pivot: int
    coef: dict[int, Fraction]


def _reduced(rows: list[_Row]) -> list[_Basis]:
    """Reduced row echelon form of rows that already have distinct pivots."""
    basis = []
    for row in rows:
        scale = Fraction(1, row.coef[row.pivot])
        basis.append(_Basis(row.pivot, {c: v * scale for c, v in row.coef.items()}))
    for vector in basis:
        for other in basis:
            factor = other.coef.get(vector.pivot, 0)
            if other is not vector and factor:
                other.coef = _combine_exact(other.coef, vector.coef, -factor)
    return basis


def _combine_exact(
    x: dict[int, Fraction], y: dict[int, Fraction], b: Fraction | int
) -> dict[int, Fraction]:
    """x + b*y, without zero entries."""
    out = dict(x)
    for c, v in y.items():
        value = out.get(c, ZERO) + b * v
        if value:
            out[c] = value
        else:
            del out[c]
    return out


def _small_groups(basis: list[_Basis], class_size: list[int], k: int) -> list[dict[int, Fraction]]:
    """Small groups (vectors over classes) among 0/1 sums of basis vectors whose pivot classes
    total under k.

    Each basis vector alone is tried first, so that every directly derivable small class is
    reported in one pass; then subsets of two or more, stopping at the first group. Past the
    search budget, a mixed-integer program finishes the search.
    """
    found = [b.coef for b in basis if _is_small_group([b], class_size, k)]
    if found:
        return found
    order = sorted(basis, key=lambda b: class_size[b.pivot])
    for tried, subset in enumerate(_subsets_under(order, class_size, k - 1)):
        if tried >= SEARCH_BUDGET:
            group = _small_group_by_milp(basis, class_size, k)
            return [] if group is None else [_sum(group)]
        if len(subset) > 1 and _is_small_group(subset, class_size, k):
            return [_sum(subset)]
    return []


def _small_group_by_milp(
    basis: list[_Basis], class_size: list[int], k: int, attempts: int = 20
) -> list[_Basis] | None:
    """The subset of `basis` whose sum is a small group, by SciPy's `milp` (HiGHS), or None.

    Binary t_j choose basis vectors, binary x_c are the classes off the pivots, with
    x_c = sum_j t_j v_j[c] and 1 <= size <= k-1. A solution is checked exactly; one that fails
    the check (a rounding artefact) is cut off and the program solved again.
    """
    # Imported here: scipy.optimize takes 0.3 s to import and most tables never need it.
    from scipy.optimize import Bounds, LinearConstraint, milp

    pivots = [b.pivot for b in basis]
    others = sorted({c for b in basis for c in b.coef} - set(pivots))
    place = {c: len(basis) + i for i, c in enumerate(others)}
    entries = [(i, place[c], 1.0) for i, c in enumerate(others)]
    for j, vector in enumerate(basis):
        entries += [(place[c] - len(basis), j, -float(v)) for c, v in vector.coef.items()
                    if c in place]  # fmt: skip
    rows, cols, values = zip(*entries, strict=True) if entries else ((), (), ())
    width = len(basis) + len(others)
    combination = sparse.csr_matrix((values, (rows, cols)), shape=(len(others), width))
    size = np.array([class_size[c] for c in (*pivots, *others)], dtype=float)
    constraints = [LinearConstraint(combination, 0, 0), LinearConstraint(size, 1, k - 1)]
    for _ in range(attempts):
        result = milp(np.zeros(width), constraints=constraints, integrality=np.ones(width),
                      bounds=Bounds(0, 1))  # fmt: skip
        if result.status == 2:  # infeasible: no small group
            return None
        if result.status != 0:
            raise RuntimeError(f"the audit's integer program did not finish: {result.message}")
        chosen = np.flatnonzero(result.x[: len(basis)] > 0.5)
        subset = [basis[j] for j in chosen]
        if subset and _is_small_group(subset, class_size, k):
            return subset
        cut = np.zeros(width)
        cut[: len(basis)] = -1.0
        cut[chosen] = 1.0
        constraints.append(LinearConstraint(cut, -np.inf, chosen.size - 1))
    raise RuntimeError("the audit's integer program kept returning inexact solutions")


def _subsets_under(
    order: list[_Basis], class_size: list[int], budget: int
) -> Iterator[list[_Basis]]:
    """Non-empty subsets of `order` (sorted by pivot size) whose pivot sizes add up to at most
    `budget`."""
    stack: list[tuple[int, list[_Basis], int]] = [(0, [], budget)]
    while stack:
        start, chosen, left = stack.pop()
        for i in range(start, len(order)):
            size = class_size[order[i].pivot]
            if size > left:
                break
            subset = [*chosen, order[i]]
            yield subset
            stack.append((i + 1, subset, left - size))


def _is_small_group(subset: list[_Basis], class_size: list[int], k: int) -> bool:
    """Whether the sum of `subset` is a 0/1 vector over classes holding 1..k-1 respondents."""
    total = _sum(subset)
    if any(v != 1 for v in total.values()):
        return False
    return 0 < sum(class_size[c] for c in total) < k


def _sum(subset: list[_Basis]) -> dict[int, Fraction]:
    if len(subset) == 1:
        return subset[0].coef
    total: dict[int, Fraction] = {}
    for vector in subset:
        total = _combine_exact(total, vector.coef, 1)
    return total
