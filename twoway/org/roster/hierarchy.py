"""Unit paths and manager chains: where each person sits and who they report to."""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_DEPTH = 50  # deeper unit paths or manager chains are a broken file, not an organisation
NO_MANAGER = -1

_PATH_SEPARATOR = re.compile(r"\s*>\s*")


def tidy_name(name: str) -> str:
    """Collapse runs of whitespace: 'Team  7 ' -> 'Team 7'."""
    return " ".join(name.split())


def split_unit_path(text: str) -> tuple[str, ...]:
    """'Center/Site A/Team 7' or 'Center > Site A > Team 7' -> names from the root.

    A path with '>' is split only on '>', so a unit may have '/' in its name.
    """
    parts = _PATH_SEPARATOR.split(text) if ">" in text else text.split("/")
    return tuple(name for name in (tidy_name(part) for part in parts) if name)


def path_from_unit_cells(cells: Sequence[str], root: str) -> tuple[str, ...]:
    """(center, site, group, team) cells -> names from the root, empty levels left out.

    A row without a center sits under `root`; a row with a site but no team is a person
    above team level and sits on the site.
    """
    center, *below = (tidy_name(cell) for cell in cells)
    return (center or root, *(name for name in below if name))


class UnitSpeller:
    """Compare unit names case-insensitively and keep the first spelling seen."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, ...], tuple[str, ...]] = {}

    def spell(self, path: Sequence[str]) -> tuple[str, ...]:
        key = tuple(name.casefold() for name in path)
        spelled = self.known.get(key)
        if spelled is None:
            parent = self.spell(path[:-1]) if len(path) > 1 else ()
            spelled = (*parent, path[-1])
            self.known[key] = spelled
        return spelled


def place_under_one_root(paths: list[tuple[str, ...]], root: str) -> bool:
    """Put every path under `root` when the file names several top units; True if it did."""
    tops = {path[0].casefold() for path in paths if path}
    if len(tops) <= 1:
        return False
    for index, path in enumerate(paths):
        if path and path[0].casefold() != root.casefold():
            paths[index] = (root, *path)
    return True


def find_cycles(parents: Sequence[int]) -> list[list[int]]:
    """Each manager cycle as a list of indexes, in reporting order.

    `parents[i]` is the index of i's manager or NO_MANAGER. Runs in linear time: each
    person is walked once.
    """
    state = [0] * len(parents)  # 0 unseen, 1 on the current walk, 2 finished
    cycles = []
    for start in range(len(parents)):
        walk = []
        node = start
        while node != NO_MANAGER and state[node] == 0:
            state[node] = 1
            walk.append(node)
            node = parents[node]
        if node != NO_MANAGER and state[node] == 1:
            cycles.append(walk[walk.index(node) :])
        for visited in walk:
            state[visited] = 2
    return cycles


def depth_order(parents: Sequence[int]) -> list[int]:
    """Indexes ordered so that every manager comes before their reports.

    People in a cycle, or below one, are left out: they have no path to a top person.
    """
    children: list[list[int]] = [[] for _ in parents]
    order = []
    for index, parent in enumerate(parents):
        if parent == NO_MANAGER:
            order.append(index)
        else:
            children[parent].append(index)
    for index in order:  # grows while iterating: a breadth-first walk
        order.extend(children[index])
    return order


def chain_depths(parents: Sequence[int], order: Sequence[int]) -> list[int]:
    """Levels below the top person (0 for the top), for people reachable from a top."""
    depths = [0] * len(parents)
    for index in order:
        parent = parents[index]
        if parent != NO_MANAGER:
            depths[index] = depths[parent] + 1
    return depths


def units_from_managers(
    parents: Sequence[int], names: Sequence[str], ids: Sequence[str], root: str
) -> list[tuple[str, ...]]:
    """Derive units from the manager chain alone.

    Each person with direct reports heads a unit "Team <name>" nested under their
    manager's unit and sits on it; people without reports sit in their manager's unit;
    top people sit on the root. Two heads with the same name under one unit are told
    apart by their employee IDs.
    """
    has_reports = [False] * len(parents)
    for parent in parents:
        if parent != NO_MANAGER:
            has_reports[parent] = True
    headed: dict[int, tuple[str, ...]] = {}
    taken: set[tuple[str, ...]] = set()
    for index in depth_order(parents):
        parent = parents[index]
        if not has_reports[index]:
            continue
        if parent == NO_MANAGER:
            headed[index] = (root,)
            continue
        above = headed[parent]
        if len(above) > MAX_DEPTH:  # already an error; stop nesting so memory stays bounded
            headed[index] = above
            continue
        name = f"Team {names[index]}"
        if (*above, name.casefold()) in taken:
            name = f"{name} ({ids[index]})"
        taken.add((*above, name.casefold()))
        headed[index] = (*above, name)
    units = []
    for index, parent in enumerate(parents):
        if index in headed:
            units.append(headed[index])
        elif parent != NO_MANAGER and parent in headed:
            units.append(headed[parent])
        else:
            units.append((root,))
    return units
