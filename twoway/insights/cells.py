"""The cells of a results table and the additive relations between them.

A cell is (unit, group, lens) for one item: `unit` is a path in the unit tree ("" is the whole
organisation), `group` a value of one optional filter attribute (group 0 is everyone), `lens` is
leader, frontline or all. Besides the cells that can be shown, every unit has "own" cells: the
people attached to the unit itself rather than to one of its children (a site manager, say).
They are never shown, but they complete the relation parent = own + children, so that the
suppression sees what a subtraction of the shown children leaves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from twoway.insights.anonymity import Relation

LENSES = ("leader", "frontline", "all")
LEADER, FRONTLINE, ALL = 0, 1, 2
UNIT_SEPARATOR = "/"


def normalise_unit(path: str | None) -> str:
    """`" Center / Site A//Team 7 "` -> `"Center/Site A/Team 7"`; blank -> `""` (the whole)."""
    if path is None:
        return ""
    parts = (part.strip() for part in str(path).split(UNIT_SEPARATOR))
    return UNIT_SEPARATOR.join(part for part in parts if part)


def ancestors(unit: str) -> list[str]:
    """The unit and every level above it, up to the whole (""), nearest first."""
    chain = [unit]
    while unit:
        unit = unit.rpartition(UNIT_SEPARATOR)[0]
        chain.append(unit)
    return chain


def unit_tree(paths: Iterable[str]) -> tuple[list[str], list[int]]:
    """Every unit implied by `paths` (ancestors included), parents before children, and the
    index of each unit's parent (-1 for the whole)."""
    every = {a for path in paths for a in ancestors(normalise_unit(path))}
    units = sorted(every, key=lambda u: (u.count(UNIT_SEPARATOR) if u else -1, u))
    position = {u: i for i, u in enumerate(units)}
    parents = [position[u.rpartition(UNIT_SEPARATOR)[0]] if u else -1 for u in units]
    return units, parents


@dataclass
class CellGrid:
    """Index arithmetic and relations for units x groups x lenses (one item's cells).

    Shown cells come first (index ((unit * groups) + group) * 3 + lens), then own cells in the
    same layout, offset by `size`.
    """

    units: list[str]
    parents: list[int]
    groups: list[str | None] = field(default_factory=lambda: [None])

    def __post_init__(self) -> None:
        self.children: list[list[int]] = [[] for _ in self.units]
        for unit, parent in enumerate(self.parents):
            if parent >= 0:
                self.children[parent].append(unit)
        self.size = len(self.units) * len(self.groups) * len(LENSES)

    def cell(self, unit: int, group: int, lens: int) -> int:
        return (unit * len(self.groups) + group) * len(LENSES) + lens

    def own(self, unit: int, group: int, lens: int) -> int:
        return self.size + self.cell(unit, group, lens)

    def never_shown(self) -> list[bool]:
        return [False] * self.size + [True] * self.size

    def cost(self) -> list[float]:
        """Which cells to give up first: `all` before a lens, a filter value before everyone."""
        costs = []
        for _unit in self.units:
            for group in range(len(self.groups)):
                for lens in range(len(LENSES)):
                    costs.append((lens != ALL) + 2.0 * (group == 0))
        return costs + costs

    def relations(self) -> list[Relation]:
        return self._lens_relations() + self._unit_relations() + self._group_relations()

    def _lens_relations(self) -> list[Relation]:
        found = []
        for u in range(len(self.units)):
            for g in range(len(self.groups)):
                found.append(
                    Relation(
                        self.cell(u, g, ALL), (self.cell(u, g, LEADER), self.cell(u, g, FRONTLINE))
                    )
                )
                if self.children[u]:
                    found.append(
                        Relation(
                            self.own(u, g, ALL), (self.own(u, g, LEADER), self.own(u, g, FRONTLINE))
                        )
                    )
        return found

    def _unit_relations(self) -> list[Relation]:
        found = []
        for u, children in enumerate(self.children):
            if not children:
                continue
            for g in range(len(self.groups)):
                for lens in range(len(LENSES)):
                    parts = (self.own(u, g, lens), *(self.cell(c, g, lens) for c in children))
                    found.append(Relation(self.cell(u, g, lens), parts))
        return found

    def _group_relations(self) -> list[Relation]:
        if len(self.groups) < 2:
            return []
        found = []
        values = range(1, len(self.groups))
        for u in range(len(self.units)):
            for lens in range(len(LENSES)):
                found.append(
                    Relation(self.cell(u, 0, lens), tuple(self.cell(u, g, lens) for g in values))
                )
                if self.children[u]:
                    found.append(
                        Relation(self.own(u, 0, lens), tuple(self.own(u, g, lens) for g in values))
                    )
        return found
