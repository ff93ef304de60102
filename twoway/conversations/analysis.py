"""From the database to `twoway.insights.opinion.analyse` and back: the votes as arrays, the
declared groups (lens, site) of each participant row, and participation per unit.

The votes are read with one query into NumPy arrays (three integer columns), so a recompute of
two million votes spends its time in the maths, not in building objects.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Count

from twoway.insights.opinion import analyse, votes_from_arrays
from twoway.insights.units import protect_unit_tree
from twoway.org.models import Person, Unit, UnitKind, path_ids

from .models import Conversation, Participant, Statement, Vote

FETCH_ROWS = 100_000


def vote_arrays(conversation: Conversation) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """participant ids, statement ids and values of every vote on accepted statements."""
    query = Vote.objects.filter(
        participant__conversation=conversation, statement__status=Statement.Status.ACCEPTED
    ).values_list("participant_id", "statement_id", "value")
    sql, params = query.query.sql_with_params()
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH_ROWS):
            flat = itertools.chain.from_iterable(rows)
            chunks.append(np.fromiter(flat, np.int64, count=3 * len(rows)).reshape(-1, 3))
    table = np.concatenate(chunks) if chunks else np.zeros((0, 3), dtype=np.int64)
    return table[:, 0], table[:, 1], table[:, 2]


def site_names(organisation_id: int) -> dict[int, str]:
    """unit id -> the name of the site it belongs to ("" for units above the sites)."""
    units = Unit.objects.filter(organisation_id=organisation_id)
    sites = dict(units.filter(kind=UnitKind.SITE).values_list("pk", "name"))
    found = {}
    for pk, path in units.values_list("pk", "path"):
        found[pk] = next((sites[i] for i in path_ids(path) if i in sites), "")
    return found


def declared_groups(conversation: Conversation, participants: list[int]) -> dict[str, list[str]]:
    """Each participant row's lens and site, in the order given."""
    rows = {
        pk: (unit_id, is_leader)
        for pk, unit_id, is_leader in Participant.objects.filter(
            conversation=conversation
        ).values_list("pk", "unit_id", "is_leader")
    }
    sites = site_names(conversation.organisation_id)
    lens = ["leader" if rows[p][1] else "frontline" for p in participants]
    site = [sites.get(rows[p][0], "") for p in participants]
    return {"lens": lens, "site": site}


def compute_analysis(
    conversation: Conversation, previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The analysis of every vote so far, at the conversation's k; statements by their ids."""
    who, what, value = vote_arrays(conversation)
    k = conversation.k
    if who.size == 0:
        return {"k": k, "enough": False, "participants": None, "votes": 0}
    votes = votes_from_arrays(who, what, value)
    loadings = (previous or {}).get("loadings") or {}
    oriented = {int(s): tuple(v) for s, v in loadings.items()}
    meta = list(
        Statement.objects.filter(conversation=conversation, is_meta=True).values_list(
            "pk", flat=True
        )
    )
    return analyse(
        votes,
        k=k,
        declared=declared_groups(conversation, votes.participants),
        compare=("lens", "leader", "frontline"),
        previous=oriented or None,
        meta=meta,
    )


def participation(conversation: Conversation) -> dict[str, Any]:
    """Participants and people per audience unit, hidden below k (and wherever a subtraction
    would reveal fewer than k, by `insights.units.protect_unit_tree`), the total, and leaders
    and frontline."""
    k = conversation.k
    own: dict[str, int] = {}
    paths = Participant.objects.filter(conversation=conversation).values_list(
        "unit__path", flat=True
    )
    for path in paths.iterator(chunk_size=5000):
        own[path.strip("/")] = own.get(path.strip("/"), 0) + 1
    audience = audience_units(conversation)
    shown_paths = [u.path.strip("/") for u in audience]
    visible = protect_unit_tree(own, k, show=[*shown_paths, ""]) if own else {}
    people = _headcounts(conversation, audience)
    rows = []
    for unit in audience:
        path = unit.path.strip("/")
        count = sum(n for p, n in own.items() if p == path or p.startswith(path + "/"))
        shown = visible.get(path, False) and count >= k
        rows.append(
            {"unit": unit, "participants": count if shown else None, "people": people[unit.pk]}
        )
    total = sum(own.values())
    return {
        "k": k,
        "rows": rows,
        "total": total if visible.get("", False) and total >= k else None,
        "lens": _lens_counts(conversation, k),
    }


def _lens_counts(conversation: Conversation, k: int) -> dict[str, int | None]:
    """Leaders and frontline taking part: both shown, or neither (one is the total minus the
    other), and never a count under k."""
    leaders = Participant.objects.filter(conversation=conversation, is_leader=True).count()
    frontline = Participant.objects.filter(conversation=conversation, is_leader=False).count()
    if leaders >= k and frontline >= k:
        return {"leaders": leaders, "frontline": frontline}
    return {"leaders": None, "frontline": None}


def audience_units(conversation: Conversation) -> list[Unit]:
    units = list(conversation.audience_units.order_by("path"))
    if units:
        return units
    return list(Unit.objects.filter(organisation_id=conversation.organisation_id, depth=0))


def _headcounts(conversation: Conversation, units: list[Unit]) -> dict[int, int]:
    """Active people under each unit, from one grouped query (one row per unit of the tree)."""
    per_path = (
        Person.objects.filter(organisation_id=conversation.organisation_id, is_active=True)
        .values_list("unit__path")
        .annotate(n=Count("pk"))
    )
    counts = {unit.pk: 0 for unit in units}
    for path, n in per_path:
        for unit in units:
            if path.startswith(unit.path):
                counts[unit.pk] += n
    return counts
