"""Names of units that people recognise: "Billing 1" alone where it is the only one, "Austin /
Billing 1" where three sites each have a Billing 1.

A unit's label is the shortest end of its name path (root first) that no other unit of the
organisation shares, the same rule as the executive report's (`twoway.reports.units`). Lists,
pickers, posters, exports and the answer page all use it, so one team is called the same thing
everywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .models import Unit, path_ids

SEPARATOR = " / "


def unit_labels(organisation_id: int) -> dict[int, str]:
    """Unit id -> its shortest unambiguous label, for every unit of the organisation (one query)."""
    rows = list(
        Unit.objects.filter(organisation_id=organisation_id).values_list("pk", "name", "path")
    )
    names = {pk: name for pk, name, _path in rows}
    chains = {pk: [names.get(i, "?") for i in path_ids(path)] for pk, _name, path in rows}
    return shortest_unique_labels(chains)


def unit_paths(organisation_id: int) -> dict[int, str]:
    """Unit id -> its whole name path ("Northwind / Austin / Billing 1"), for filters that
    should find a team by its site or center whatever its label (one query)."""
    rows = list(
        Unit.objects.filter(organisation_id=organisation_id).values_list("pk", "name", "path")
    )
    names = {pk: name for pk, name, _path in rows}
    return {
        pk: SEPARATOR.join(names.get(i, "?") for i in path_ids(path)) for pk, _name, path in rows
    }


def shortest_unique_labels(chains: dict[int, list[str]]) -> dict[int, str]:
    """Each key's shortest suffix of names that no other key's chain ends with.

    A chain that is a suffix of another one (a root named like a site's team) gets its whole
    chain: nothing shorter can tell them apart.
    """
    labels: dict[int, str] = {}
    longest = max((len(chain) for chain in chains.values()), default=0)
    for size in range(1, longest + 1):
        ends = Counter(tuple(chain[-size:]) for chain in chains.values())
        for pk, chain in chains.items():
            if pk in labels:
                continue
            if ends[tuple(chain[-size:])] == 1 or size >= len(chain):
                labels[pk] = SEPARATOR.join(chain[-size:])
    return labels


def label_units(units: Iterable[Unit], labels: dict[int, str] | None = None) -> list[Unit]:
    """The units, each with a `label` attribute (its unambiguous name), in the same order."""
    units = list(units)
    if not units:
        return units
    if labels is None:
        labels = unit_labels(units[0].organisation_id)
    for unit in units:
        unit.label = labels.get(unit.pk, unit.name)
    return units


def tree_order(units: Iterable[Unit]) -> list[Unit]:
    """Depth-first order with siblings sorted by name, as people expect to read a tree."""
    units = list(units)
    names = {unit.pk: unit.name.casefold() for unit in units}

    def key(unit):
        return tuple((names.get(pk, ""), pk) for pk in unit.ancestor_ids())

    return sorted(units, key=key)


def unit_label(unit: Unit) -> str:
    """One unit's unambiguous label (one query; use `unit_labels` for lists)."""
    return unit_labels(unit.organisation_id).get(unit.pk, unit.name)
