"""Anonymity rules: the threshold k and suppression of cells, so that no figure describes fewer
than k respondents, directly or by any combination of shown figures.

The cells of one item form additive relations: a unit is the sum of its child units and of the
people attached to the unit itself; `all` is leaders plus frontline; a whole group is the sum of
its filter values. Underneath, every cell is a union of *atoms*, the finest cells (the people of
one unit itself, one lens, one filter value). `protect_cells` first hides every cell with 1 to k-1
answers (primary suppression), then hides more cells (complementary suppression) in two stages:

1. *Reading* (`_Reader`, fast): follow the relations as a reader would. A hidden cell that is
   the only unknown term of a relation is computed and counts as known; a computed cell, or a
   known total minus its known parts, of 1 to k-1 respondents is a leak. Every leak found in one
   pass gets one more hidden cell (the cheapest it uses), then the reading starts again.
2. *Audit* (`twoway.insights.audit`, exact): once reading finds nothing, decide by exact linear
   algebra whether *any* combination of the shown cells, with any coefficients, equals a group
   of 1 to k-1 respondents. Reading misses combinations that cancel across dimensions (units,
   lenses and filter values at once); the audit does not. A leak it finds gets one more hidden
   cell (the cheapest shown cell of the combination), and stage 1 runs again.

The loop ends because every round hides at least one more cell, and it ends safe because it
only ends when the audit finds nothing. Cells with no answers count as known zeros (a careful
reader would assume so, and it is the stricter assumption). The
method is the one statistical offices use for linked tables (Hundepool et al., Statistical
Disclosure Control, Wiley 2012, ch. 4: suppression, then an audit of what can be derived); it
guards exact derivation, not bounds from inequalities.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from twoway.insights.audit import AtomMembership, Leak, audit_leaks
from twoway.insights.partition import cells_to_merge, classes_of, small_classes

MIN_K = 3
DEFAULT_K = 5

SHOWN = 0
NO_ANSWERS = 1
BELOW_THRESHOLD = 2
COMPLEMENTARY = 3
NEVER_SHOWN = 4

REASONS = {
    NO_ANSWERS: "no_answers",
    BELOW_THRESHOLD: "below_threshold",
    COMPLEMENTARY: "complementary",
    NEVER_SHOWN: "never_shown",
}


@dataclass(frozen=True)
class Relation:
    """`total` holds exactly the respondents of `parts` (cell indices), which do not overlap."""

    total: int
    parts: tuple[int, ...]

    @property
    def terms(self) -> tuple[int, ...]:
        return (self.total, *self.parts)


def validate_threshold(k: int) -> int:
    """Return k, or raise ValueError when it is below the floor of 3."""
    if k < MIN_K:
        raise ValueError(f"the anonymity threshold must be at least {MIN_K}, not {k}")
    return k


def effective_threshold(*thresholds: int) -> int:
    """The k that applies where several are set (an organisation's and a campaign's or a
    schedule's): the strictest, never below the floor. Raises ValueError on none or under 3."""
    if not thresholds:
        raise ValueError("at least one threshold is needed")
    return validate_threshold(max(int(t) for t in thresholds))


def primary_status(n: Sequence[int], k: int, never_shown: Sequence[bool]) -> list[int]:
    """Status of each cell before any subtraction is considered."""
    status = []
    for size, hidden in zip(n, never_shown, strict=True):
        if size == 0:
            status.append(NO_ANSWERS)
        elif hidden:
            status.append(NEVER_SHOWN)
        elif size < k:
            status.append(BELOW_THRESHOLD)
        else:
            status.append(SHOWN)
    return status


def protect_cells(
    n: Sequence[int],
    relations: Sequence[Relation],
    k: int,
    *,
    never_shown: Sequence[bool] | None = None,
    cost: Sequence[float] | None = None,
) -> list[int]:
    """Return a status per cell (SHOWN, NO_ANSWERS, BELOW_THRESHOLD, COMPLEMENTARY, NEVER_SHOWN).

    `n` is the number of respondents per cell; `never_shown` marks cells that exist only to
    complete a relation (people attached to a unit itself); `cost` ranks which cells to give up
    first when a second cell must be hidden (lower goes first). For many items over the same
    cells, build a `LinkedTable` once and call its `protect`.
    """
    table = LinkedTable(relations, len(n), never_shown=never_shown, cost=cost)
    return table.protect(n, k)


def find_leak(
    n: Sequence[int],
    status: Sequence[int],
    relations: Sequence[Relation],
    k: int,
    by_cell: list[list[Relation]] | None = None,
) -> Leak | None:
    """One combination of the shown cells that isolates 1..k-1 respondents, or None.

    `by_cell` is accepted for compatibility and ignored (the table indexes its relations).
    """
    table = LinkedTable(relations, len(n))
    sizes = [int(v) for v in n]
    leaks = _Reader(table, sizes, status, k).leaks()
    if not leaks:
        leaks = audit_leaks(table.membership, sizes, [s == SHOWN for s in status], k)
    return leaks[0] if leaks else None


class LinkedTable:
    """The cells of one table and their relations, prepared once for many items."""

    def __init__(
        self,
        relations: Sequence[Relation],
        size: int,
        *,
        never_shown: Sequence[bool] | None = None,
        cost: Sequence[float] | None = None,
    ):
        self.relations = list(relations)
        self.size = size
        self.never_shown = list(never_shown) if never_shown is not None else [False] * size
        self.cost = list(cost) if cost is not None else [0.0] * size
        self.terms = [relation.terms for relation in self.relations]
        # The same terms flat, for counting unknown terms of every relation at once.
        self.flat_terms = np.array([c for terms in self.terms for c in terms], dtype=np.int64)
        self.term_starts = np.cumsum([0] + [len(t) for t in self.terms[:-1]], dtype=np.int64)
        self.totals = np.array([relation.total for relation in self.relations], dtype=np.int64)
        self.by_cell = _relations_by_cell(self.relations, size)
        self.by_total: dict[int, list[Relation]] = {}
        for relation in self.relations:
            self.by_total.setdefault(relation.total, []).append(relation)
        self.membership = AtomMembership(atoms_by_cell(self.relations, size))
        self.cost_array = np.asarray(self.cost, dtype=np.float64)

    @staticmethod
    def n_array(sizes: Sequence[int]) -> npt.NDArray[np.int64]:
        return np.asarray(sizes, dtype=np.int64)

    def protect(
        self, n: Sequence[int], k: int, *, pinned: Mapping[int, int] | None = None
    ) -> list[int]:
        """Status per cell for one item whose cells hold `n` respondents.

        `pinned` fixes the status of some cells: those decided elsewhere, such as the
        "all values" cells of a filtered table, which must be the ones the unfiltered table
        shows. Pinned shown cells are never hidden; the audit counts them as seen.
        """
        validate_threshold(k)
        sizes = [int(v) for v in n]
        if len(sizes) != self.size:
            raise ValueError(f"expected {self.size} cell sizes, got {len(sizes)}")
        status = primary_status(sizes, k, self.never_shown)
        fixed = dict(pinned or {})
        for cell, cell_status in fixed.items():
            status[cell] = cell_status
        atom_n = np.asarray(sizes, dtype=np.int64)[self.membership.atom_cells]
        while True:
            leaks = _Reader(self, sizes, status, k).leaks()
            if leaks:
                hide = self._cells_to_hide(leaks, sizes, status, fixed)
            else:
                shown = np.asarray(status) == SHOWN
                classes = classes_of(self.membership.matrix, atom_n, shown)
                small = small_classes(classes, k)
                if small.size == 0:
                    return status
                hide = cells_to_merge(
                    classes, small, self.cost_array, self.n_array(sizes), set(fixed)
                )
            for cell in hide:
                status[cell] = COMPLEMENTARY

    def _cells_to_hide(
        self, leaks: list[Leak], n: Sequence[int], status: Sequence[int], fixed: Mapping[int, int]
    ) -> list[int]:
        """One cell per leak, the cheapest it uses; a leak that uses a cell already chosen is
        skipped (hiding that cell may close it too; the next pass tells)."""
        chosen: set[int] = set()
        for leak in leaks:
            if chosen.intersection(leak.used):
                continue
            candidates = [c for c in leak.used if status[c] == SHOWN and c not in fixed]
            if not candidates:
                raise RuntimeError(
                    "no cell left to hide: the pinned cells leak by themselves, or the "
                    "relations are inconsistent"
                )
            chosen.add(min(candidates, key=lambda c: (self.cost[c], n[c], c)))
        return sorted(chosen)


def _relations_by_cell(relations: Sequence[Relation], size: int) -> list[list[int]]:
    """For each cell, the numbers of the relations it is a term of."""
    by_cell: list[list[int]] = [[] for _ in range(size)]
    for r, relation in enumerate(relations):
        for cell in relation.terms:
            by_cell[cell].append(r)
    return by_cell


def atoms_by_cell(relations: Sequence[Relation], size: int) -> list[tuple[int, ...]]:
    """The atoms (cells that are no relation's total) each cell is the union of.

    Raises ValueError when the relations do not describe one partition into atoms: a cycle, or
    two relations that split the same total into different sets of atoms.
    """
    first: dict[int, Relation] = {}
    for relation in relations:
        first.setdefault(relation.total, relation)
    atoms: list[tuple[int, ...] | None] = [None] * size
    for cell in range(size):
        _expand(cell, first, atoms)
    found = [a for a in atoms if a is not None]
    for relation in relations:
        parts = sorted(a for part in relation.parts for a in found[part])
        if parts != sorted(found[relation.total]):
            raise ValueError(f"relation {relation} does not split its total into the same atoms")
    return found


def _expand(cell: int, first: dict[int, Relation], atoms: list[tuple[int, ...] | None]) -> None:
    """Fill atoms[cell] and those of every cell below it, without recursion."""
    stack, entered = [cell], set()
    while stack:
        top = stack[-1]
        if atoms[top] is not None:
            stack.pop()
            continue
        if top not in first:
            atoms[top] = (top,)
            stack.pop()
            continue
        pending = [p for p in first[top].parts if atoms[p] is None]
        if not pending:
            atoms[top] = tuple(a for p in first[top].parts for a in atoms[p] or ())
            stack.pop()
        elif top in entered:
            raise ValueError(f"the relations contain a cycle through cell {top}")
        else:
            entered.add(top)
            stack.extend(pending)


class _Reader:
    """What a reader can compute from the shown cells by following the relations one at a
    time (fast, but blind to cancellations across relations; the audit covers those)."""

    def __init__(self, table: LinkedTable, n: Sequence[int], status: Sequence[int], k: int):
        self.table, self.n, self.status, self.k = table, n, status, k
        self.known = [s in (SHOWN, NO_ANSWERS) for s in status]
        self.derived_from: dict[int, tuple[int, ...]] = {}
        self._sums: dict[int, dict[int, list[int]]] = {}

    def leaks(self) -> list[Leak]:
        """Every leak found in one pass: computed small cells, then small remainders."""
        found = [self._leak(terms) for terms in self._compute_single_unknowns()]
        unknown = self._unknown_terms()
        total_known = np.asarray(self.known)[self.table.totals]
        for r in np.flatnonzero(total_known & (unknown > 0)).tolist():
            relation = self.table.relations[r]
            for size, used in self.unknown_part_sums(relation).items():
                if size > 0:
                    found.append(self._leak([relation.total, *used]))
                    break
        return found

    def _compute_single_unknowns(self) -> Iterator[tuple[int, ...]]:
        """Mark as known every cell that is the only unknown of a relation; yield the terms of
        each relation that computes a cell of 1..k-1 respondents."""
        known, terms_of = self.known, self.table.terms
        unknown = self._unknown_terms().tolist()
        queue = [r for r, count in enumerate(unknown) if count == 1]
        while queue:
            r = queue.pop()
            if unknown[r] != 1:
                continue
            cell = next(c for c in terms_of[r] if not known[c])
            if self.n[cell] < self.k:
                # Left unknown: what follows from it is fixed by fixing this one.
                yield terms_of[r]
                continue
            known[cell] = True
            self.derived_from[cell] = terms_of[r]
            for other in self.table.by_cell[cell]:
                unknown[other] -= 1
                if unknown[other] == 1:
                    queue.append(other)

    def _unknown_terms(self) -> npt.NDArray[np.int64]:
        """How many terms of each relation are unknown."""
        if not self.table.relations:
            return np.zeros(0, dtype=np.int64)
        unknown = ~np.asarray(self.known)[self.table.flat_terms]
        return np.add.reduceat(unknown.astype(np.int64), self.table.term_starts)

    def small_sums(self, cell: int) -> dict[int, list[int]]:
        """Sizes below k a reader can obtain for the unknown `cell`, directly or by replacing it
        with its parts and subtracting the known ones; each with the known cells used."""
        if cell in self._sums:
            return self._sums[cell]
        found: dict[int, list[int]] = {}
        if self.n[cell] < self.k:
            found[self.n[cell]] = []
        for relation in self.table.by_total.get(cell, []):
            for size, used in self.unknown_part_sums(relation).items():
                found.setdefault(size, used)
        self._sums[cell] = found
        return found

    def unknown_part_sums(self, relation: Relation) -> dict[int, list[int]]:
        """Sizes below k of the unknown parts of `relation` taken together."""
        known_parts = [c for c in relation.parts if self.known[c]]
        sums: dict[int, list[int]] = {0: known_parts}
        for part in relation.parts:
            if self.known[part]:
                continue
            options = self.small_sums(part)
            sums = {
                a + b: used_a + used_b
                for a, used_a in sums.items()
                for b, used_b in options.items()
                if a + b < self.k
            }
            if not sums:
                break
        return sums

    def _leak(self, terms: Sequence[int]) -> Leak:
        """The shown cells a subtraction uses, with those used to compute its computed cells
        (hiding the source of a chain often costs less)."""
        used: set[int] = set()
        frontier = list(terms)
        while frontier:
            cell = frontier.pop()
            if cell in used:
                continue
            used.add(cell)
            if cell in self.derived_from:
                frontier.extend(self.derived_from[cell])
        return Leak(sorted(c for c in used if self.status[c] == SHOWN))
