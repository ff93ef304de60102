"""The organisation's unit tree as change initiatives read it: name paths, teams, matching.

A unit is named by its path as the roster export writes it ("Center / Site A / Team 7"); a
unit's teams are the leaf units of its subtree ("a unit's teams are impacted with it").
One query reads the whole tree; everything else is dictionary work.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from twoway.org.export import unit_paths
from twoway.org.models import Organisation, Unit

PATH_SEPARATOR = " / "


def normal(text: str) -> str:
    """Case, spacing and separators do not matter when a unit is named."""
    parts = [" ".join(part.split()) for part in str(text).split("/")]
    return "/".join(part for part in parts if part).casefold()


@dataclass
class UnitTree:
    units: dict[int, Unit]
    paths: dict[int, str]  # id -> "Center / Site / Team"
    children: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, organisation: Organisation) -> UnitTree:
        units = {
            u.pk: u
            for u in Unit.objects.filter(organisation=organisation).only(
                "pk", "name", "parent_id", "depth", "path", "kind", "organisation_id"
            )
        }
        children: dict[int, list[int]] = defaultdict(list)
        for unit in units.values():
            if unit.parent_id:
                children[unit.parent_id].append(unit.pk)
        return cls(units, unit_paths(units.values()), dict(children))

    def path(self, unit_id: int) -> str:
        return self.paths.get(unit_id, "")

    def short(self, unit_id: int) -> str:
        """The path without the organisation's top unit, for pages ("Austin / Billing 1")."""
        parts = self.path(unit_id).split(PATH_SEPARATOR)
        return PATH_SEPARATOR.join(parts[1:]) if len(parts) > 1 else parts[0]

    def is_leaf(self, unit_id: int) -> bool:
        return not self.children.get(unit_id)

    def leaves(self) -> list[int]:
        """Every team (leaf unit), in tree order."""
        return [pk for pk in self.in_order() if self.is_leaf(pk)]

    def in_order(self) -> list[int]:
        return sorted(self.units, key=lambda pk: self.paths[pk].casefold())

    def teams_under(self, unit_id: int) -> list[int]:
        """The leaf units of a unit's subtree (the unit itself when it is a team)."""
        found, stack = [], [unit_id]
        while stack:
            pk = stack.pop()
            below = self.children.get(pk)
            if below:
                stack.extend(below)
            else:
                found.append(pk)
        return sorted(found, key=lambda pk: self.paths[pk].casefold())

    def subtree(self, unit_id: int) -> list[int]:
        found, stack = [], [unit_id]
        while stack:
            pk = stack.pop()
            found.append(pk)
            stack.extend(self.children.get(pk, ()))
        return found

    def ancestors(self, unit_id: int) -> list[int]:
        """The unit and the units above it, nearest first."""
        unit = self.units.get(unit_id)
        return [] if unit is None else list(reversed(unit.ancestor_ids()))

    def related(self, a: int, b: int) -> bool:
        """Whether one unit is the other or lies under it."""
        return a in self.ancestors(b) or b in self.ancestors(a)

    def lookup(self) -> UnitLookup:
        return UnitLookup(self)


class UnitLookup:
    """Finds a unit by its number, its path (" / " or "/" between names) or its name when
    that name is unique in the organisation."""

    def __init__(self, tree: UnitTree) -> None:
        self.tree = tree
        self.by_path = {normal(path): pk for pk, path in tree.paths.items()}
        names: dict[str, list[int]] = defaultdict(list)
        for pk, unit in tree.units.items():
            names[normal(unit.name)].append(pk)
        self.by_name = dict(names)

    def find(self, text: str) -> tuple[int | None, str]:
        """(unit id, "") or (None, why not)."""
        raw = str(text).strip()
        if raw.isdigit() and int(raw) in self.tree.units:
            return int(raw), ""
        key = normal(raw)
        if key in self.by_path:
            return self.by_path[key], ""
        named = self.by_name.get(key, [])
        if len(named) == 1:
            return named[0], ""
        if len(named) > 1:
            return None, (
                f'"{raw}" names {len(named)} units; give its path, such as '
                f'"{self.tree.path(named[0])}"'
            )
        return None, f'"{raw}" is not a unit of the organisation (give its number, name or path)'
