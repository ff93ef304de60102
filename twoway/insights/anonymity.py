"""Anonymity rules: the threshold k and suppression of cells, so that no figure describes fewer
than k respondents, directly or by subtraction.

The cells of one item form additive relations: a unit is the sum of its child units and of the
people attached to the unit itself; `all` is leaders plus frontline; a whole group is the sum of
its filter values. A reader who sees some cells of a relation can subtract them from the others.
`protect_cells` first hides every cell with 1 to k-1 answers (primary suppression), then hides
more cells (complementary suppression) until, following every relation, nothing a reader can
compute isolates 1 to k-1 respondents:

- a hidden cell that is the only unknown term of a relation can be computed, so it counts as
  known, and the computation goes on from there (chains of subtractions are followed);
- a computed cell with 1 to k-1 respondents is a leak;
- a known total minus its known parts gives the sum of the unknown parts: 1 to k-1 is a leak.

A leak is closed by hiding one more shown cell of the relation that caused it: the cheapest by
`cost`, then the smallest. Cells with no answers are treated as known zeros, which is what a
careful reader would assume. The method is the classic one of statistical offices for linked
tables (Hundepool et al., Statistical Disclosure Control, Wiley 2012, ch. 4); it guards exact
subtraction, not bounds from inequalities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
    first when a second cell must be hidden (lower goes first).
    """
    validate_threshold(k)
    sizes = [int(v) for v in n]
    hidden = never_shown if never_shown is not None else [False] * len(sizes)
    costs = cost if cost is not None else [0.0] * len(sizes)
    status = primary_status(sizes, k, hidden)
    by_cell = _relations_by_cell(relations, len(sizes))
    while True:
        leak = find_leak(sizes, status, relations, k, by_cell)
        if leak is None:
            return status
        cell = _cheapest_to_hide(leak, sizes, status, costs)
        status[cell] = COMPLEMENTARY


@dataclass
class _Leak:
    """The known cells a leaking subtraction uses, and how computed cells were computed."""

    known_terms: list[int]
    derived_from: dict[int, Relation]


def _relations_by_cell(relations: Sequence[Relation], size: int) -> list[list[Relation]]:
    by_cell: list[list[Relation]] = [[] for _ in range(size)]
    for relation in relations:
        for cell in relation.terms:
            by_cell[cell].append(relation)
    return by_cell


class _Reader:
    """What a reader can compute from the shown cells by following the relations."""

    def __init__(
        self, n: Sequence[int], status: Sequence[int], relations: Sequence[Relation], k: int
    ):
        self.n, self.k, self.relations = n, k, relations
        self.known = [s in (SHOWN, NO_ANSWERS) for s in status]
        self.derived_from: dict[int, Relation] = {}
        self.by_total: dict[int, list[Relation]] = {}
        for relation in relations:
            self.by_total.setdefault(relation.total, []).append(relation)
        self._sums: dict[int, dict[int, list[int]]] = {}

    def compute_single_unknowns(self, by_cell: list[list[Relation]]) -> Relation | None:
        """Mark as known every cell that is the only unknown of a relation; return the relation
        that computes a cell of 1..k-1 respondents, if any."""
        queue = list(self.relations)
        while queue:
            relation = queue.pop()
            unknown = [c for c in relation.terms if not self.known[c]]
            if len(unknown) == 1:
                cell = unknown[0]
                self.known[cell] = True
                self.derived_from[cell] = relation
                if self.n[cell] < self.k:
                    return relation
                queue.extend(by_cell[cell])
        return None

    def small_sums(self, cell: int) -> dict[int, list[int]]:
        """Sizes below k a reader can obtain for the unknown `cell`, directly or by replacing it
        with its parts and subtracting the known ones; each with the known cells used."""
        if cell in self._sums:
            return self._sums[cell]
        found: dict[int, list[int]] = {}
        if self.n[cell] < self.k:
            found[self.n[cell]] = []
        for relation in self.by_total.get(cell, []):
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


def find_leak(
    n: Sequence[int],
    status: Sequence[int],
    relations: Sequence[Relation],
    k: int,
    by_cell: list[list[Relation]] | None = None,
) -> _Leak | None:
    """Follow the subtractions a reader can make; return one that isolates 1..k-1, or None."""
    if by_cell is None:
        by_cell = _relations_by_cell(relations, len(n))
    reader = _Reader(n, status, relations, k)
    relation = reader.compute_single_unknowns(by_cell)
    if relation is not None:
        return _Leak(list(relation.terms), reader.derived_from)
    for relation in relations:
        if not reader.known[relation.total]:
            continue
        for size, used in reader.unknown_part_sums(relation).items():
            if size > 0:
                return _Leak([relation.total, *used], reader.derived_from)
    return None


def _cheapest_to_hide(
    leak: _Leak, n: Sequence[int], status: Sequence[int], cost: Sequence[float]
) -> int:
    """The cheapest shown cell whose hiding breaks the leaking subtraction: one it uses, or one
    used to compute a cell it uses (hiding the source of a chain often costs less)."""
    used: set[int] = set()
    frontier = list(leak.known_terms)
    while frontier:
        cell = frontier.pop()
        if cell in used:
            continue
        used.add(cell)
        if cell in leak.derived_from:
            frontier.extend(leak.derived_from[cell].terms)
    candidates = [c for c in used if status[c] == SHOWN]
    if not candidates:
        raise RuntimeError("no shown cell left to hide; the relations are inconsistent")
    return min(candidates, key=lambda c: (cost[c], n[c], c))
