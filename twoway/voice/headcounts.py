"""Head-counts per unit subtree, for the unit an anonymous post is labelled with and the units
the board may be filtered by: both only units of at least k people (DESIGN.md §3).

Unit paths are given to `twoway.insights.units` as the engine wants them: ids joined by "/".
Leaders are counted apart, because leaders are few: a team lead's anonymous post is labelled
with the unit where at least k leaders sit, as leader results aggregate upward until k.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

from twoway.insights.anonymity import effective_threshold
from twoway.insights.units import generalise_unit
from twoway.org.models import LEADER_ROLES, Organisation, Person, Unit

TTL_SECONDS = 60.0
_cache: dict[int, tuple[float, HeadCounts]] = {}


def engine_path(unit_path: str) -> str:
    """ "/1/4/9/" -> "1/4/9", the unit path `twoway.insights` reads."""
    return unit_path.strip("/")


@dataclass(frozen=True)
class HeadCounts:
    """Active people per unit subtree (engine path -> count), all and leaders only."""

    everyone: dict[str, int]
    leaders: dict[str, int]
    frontline: dict[str, int]


def threshold(organisation: Organisation) -> int:
    return effective_threshold(organisation.anonymity_threshold)


def head_counts(organisation_id: int) -> HeadCounts:
    """Cached for a minute: a roster sync moves a few people, not the labels of a day."""
    cached = _cache.get(organisation_id)
    if cached and time.monotonic() - cached[0] < TTL_SECONDS:
        return cached[1]
    counts = _count(organisation_id)
    _cache[organisation_id] = (time.monotonic(), counts)
    return counts


def _count(organisation_id: int) -> HeadCounts:
    paths = dict(Unit.objects.filter(organisation_id=organisation_id).values_list("pk", "path"))
    everyone: dict[str, int] = defaultdict(int)
    leaders: dict[str, int] = defaultdict(int)
    rows = Person.objects.filter(organisation_id=organisation_id, is_active=True).values_list(
        "unit_id", "role"
    )
    for unit_id, role in rows.iterator(chunk_size=5000):
        parts = engine_path(paths.get(unit_id, "")).split("/")
        for depth in range(len(parts) + 1):
            above = "/".join(parts[:depth])
            everyone[above] += 1
            if role in LEADER_ROLES:
                leaders[above] += 1
    frontline = {unit: n - leaders.get(unit, 0) for unit, n in everyone.items()}
    return HeadCounts(dict(everyone), dict(leaders), frontline)


def clear_cache() -> None:
    _cache.clear()


def label_unit(organisation: Organisation, person: Person, is_leader: bool) -> Unit:
    """The unit an anonymous post of `person` is labelled with: theirs, or the nearest one
    above with at least k people of their lens (leaders or frontline)."""
    counts = head_counts(organisation.pk)
    people = counts.leaders if is_leader else counts.frontline
    unit = Unit.objects.only("path").get(pk=person.unit_id)
    label = generalise_unit(engine_path(unit.path), people, threshold(organisation))
    unit_id = int(label.rpartition("/")[2]) if label else _root_id(unit)
    return Unit.objects.get(pk=unit_id)


def _root_id(unit: Unit) -> int:
    return int(engine_path(unit.path).split("/")[0])


def filter_units(organisation: Organisation) -> list[Unit]:
    """Units the board can be filtered by: those whose subtree holds at least k people."""
    counts = head_counts(organisation.pk).everyone
    k = threshold(organisation)
    units = Unit.objects.filter(organisation=organisation).only("name", "path", "depth")
    return [u for u in units.order_by("path") if counts.get(engine_path(u.path), 0) >= k]
