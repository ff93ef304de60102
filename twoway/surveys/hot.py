"""Process-local caches for the answer path, which must stay cheap at hundreds per second.

A template's items never change once a campaign uses it (editing is refused then), so they
are cached for the life of the process. The roster behind comment redaction is re-read at
most every ROSTER_TTL seconds.
"""

from __future__ import annotations

import time
from functools import lru_cache

from twoway.insights.redact import Redactor
from twoway.org.models import Person

from .models import Item

ROSTER_TTL = 60.0
_redactors: dict[int, tuple[float, Redactor]] = {}


@lru_cache(maxsize=64)
def template_items(template_id: int) -> tuple[Item, ...]:
    return tuple(Item.objects.filter(template_id=template_id).select_related("construct"))


def organisation_redactor(organisation_id: int) -> Redactor:
    cached = _redactors.get(organisation_id)
    if cached and time.monotonic() - cached[0] < ROSTER_TTL:
        return cached[1]
    redactor = build_redactor(organisation_id)
    _redactors[organisation_id] = (time.monotonic(), redactor)
    return redactor


def build_redactor(organisation_id: int) -> Redactor:
    rows = Person.objects.filter(organisation_id=organisation_id).values_list(
        "first_name", "last_name", "employee_id"
    )
    names, ids = set(), set()
    for first, last, employee_id in rows.iterator(chunk_size=5000):
        names.update(n for n in (first, last, f"{first} {last}".strip()) if n)
        ids.add(employee_id)
    return Redactor(names=names, employee_ids=ids)
