"""Privacy for figures counted per unit of the tree: which units may show theirs, and the unit an
anonymous contribution is labelled with.

Apps that count something per unit (acknowledgements of a message, votes on a post, readiness
answers) call these rather than writing their own "at least k" tests: a unit's figure covers its
whole subtree, so a parent's figure minus its children's can isolate a few people, and only the
suppression of `anonymity` sees every such subtraction (and the partition rule of `partition`,
every bound).

Unit paths are the engine's: ids or names joined by "/", "" for the whole organisation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from twoway.insights.anonymity import SHOWN, LinkedTable, Relation, validate_threshold
from twoway.insights.cells import ancestors, normalise_unit, unit_tree


def protect_unit_tree(
    own: Mapping[str, int], k: int, *, show: Sequence[str] | None = None
) -> dict[str, bool]:
    """Which units' subtree figures may be shown.

    `own` holds, per unit path, the respondents attached to that unit itself (not its
    subtree); units above them are implied. `show` lists the units whose figures would be
    shown (every unit by default); the others are never shown but still complete the sums.
    Returns unit path -> shown, for every unit of the tree (ancestors included).
    """
    validate_threshold(k)
    clean = {normalise_unit(path): int(n) for path, n in own.items()}
    units, parents = unit_tree(list(clean) or [""])
    position = {u: i for i, u in enumerate(units)}
    subtree = [0] * len(units)
    for path, n in clean.items():
        for above in ancestors(path):
            subtree[position[above]] += n
    own_n = [clean.get(u, 0) for u in units]
    children: list[list[int]] = [[] for _ in units]
    for i, parent in enumerate(parents):
        if parent >= 0:
            children[parent].append(i)
    size = len(units)
    relations = [Relation(i, (size + i, *children[i])) for i in range(size) if children[i]]
    wanted = {normalise_unit(u) for u in show} if show is not None else set(units)
    never = [u not in wanted for u in units] + [True] * size
    # A leaf's own cell is the unit itself: only units with children have a separate one.
    sizes = subtree + [own_n[i] if children[i] else 0 for i in range(size)]
    # With equal costs, the smallest figures are given up first.
    status = LinkedTable(relations, 2 * size, never_shown=never).protect(sizes, k)
    return {u: status[i] == SHOWN for i, u in enumerate(units)}


def generalise_unit(path: str, people: Mapping[str, int], k: int) -> str:
    """The nearest unit at or above `path` whose subtree has at least k people.

    `people` holds head-counts per unit path for the whole subtree (as a roster gives them).
    Used to label an anonymous contribution so that its unit does not narrow its author down
    to fewer than k people; "" (the whole organisation) when no unit below it is big enough.
    """
    validate_threshold(k)
    for unit in ancestors(normalise_unit(path)):
        if people.get(unit, 0) >= k:
            return unit
    return ""


LIVE_STEP = 0.10  # live participation moves in steps of a tenth of the unit


def live_participation(answered: int, invited: int, k: int) -> float | None:
    """The share of a unit that has answered an open campaign, as shown while it runs.

    `answered` must be counted up to the end of the previous day (a count that moves while a
    leader watches tells who answered when). The share is rounded down to a tenth, and shown
    only for units of at least 2k invited people, where one person moves it by at most a
    twentieth (under a step); smaller units see their participation when the campaign closes,
    and only as the release allows. None: not shown.
    """
    validate_threshold(k)
    if invited < 2 * k:
        return None
    share = min(answered, invited) / invited
    return math.floor(share / LIVE_STEP + 1e-9) * LIVE_STEP
