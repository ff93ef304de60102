"""Process-local caches for the answer path, which must stay cheap at hundreds per second.

A template's items never change once a campaign uses it (editing is refused then), so they
are cached for the life of the process. The roster behind comment redaction is re-read when it
has changed: one indexed query asks for the organisation's latest change to a person, so a
person added a moment before a comment is already redacted from it.
"""

from __future__ import annotations

from functools import lru_cache

from django.db.models import Count, Max

from twoway.insights.redact import Redactor
from twoway.org.models import Person

from .models import Item

_redactors: dict[int, tuple[tuple, Redactor]] = {}


@lru_cache(maxsize=64)
def template_items(template_id: int) -> tuple[Item, ...]:
    return tuple(Item.objects.filter(template_id=template_id).select_related("construct"))


def organisation_redactor(organisation_id: int) -> Redactor:
    version = roster_version(organisation_id)
    cached = _redactors.get(organisation_id)
    if cached and cached[0] == version:
        return cached[1]
    redactor = build_redactor(organisation_id)
    _redactors[organisation_id] = (version, redactor)
    return redactor


def roster_version(organisation_id: int) -> tuple:
    """What changes whenever a person is added, edited or removed: their latest change and
    their number (a removal lowers it)."""
    people = Person.objects.filter(organisation_id=organisation_id)
    found = people.aggregate(latest=Max("updated_at"), count=Count("pk"))
    return (found["latest"], found["count"])


def build_redactor(organisation_id: int) -> Redactor:
    rows = Person.objects.filter(organisation_id=organisation_id).values_list(
        "first_name", "last_name", "employee_id"
    )
    names, ids = set(), set()
    for first, last, employee_id in rows.iterator(chunk_size=5000):
        names.update(n for n in (first, last, f"{first} {last}".strip()) if n)
        ids.add(employee_id)
    return Redactor(names=names, employee_ids=ids)
