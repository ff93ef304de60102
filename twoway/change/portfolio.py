"""The portfolio: one row per initiative a user has a seat in, in a fixed number of queries.

Adoption comes from the stored snapshot of each initiative (written by every import and page
view); readiness and the scorecard from the summary its page stored the last time it was
computed, shown with that day. Nothing here computes an initiative's figures afresh: two
hundred initiatives would make the page as slow as two hundred pages.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from .models import AdoptionSnapshot, Initiative


def current_phase(seat, today):
    """The phase live today, else the next to start, else the last."""
    phases = seat.phases.phases
    live = [p for p in phases if p.start <= today <= p.sustain_until]
    if live:
        return live[0]
    coming = [p for p in phases if p.start > today]
    return coming[0] if coming else (phases[-1] if phases else None)


def portfolio_rows(seats) -> list[dict]:
    ids = [s.initiative.pk for s in seats]
    snapshots = {
        s.initiative_id: s.payload for s in AdoptionSnapshot.objects.filter(initiative_id__in=ids)
    }
    alerts = dict(
        Initiative.objects.filter(pk__in=ids)
        .annotate(n=Count("alerts", filter=Q(alerts__cleared_by__isnull=True)))
        .values_list("pk", "n")
    )
    today = timezone.localdate()
    rows = []
    for seat in seats:
        payload = snapshots.get(seat.initiative.pk, {})
        rows.append(
            {
                "seat": seat,
                "initiative": seat.initiative,
                "phase": current_phase(seat, today),
                "overall": payload.get("overall"),
                "as_of": payload.get("as_of"),
                "summary": payload.get("summary"),
                "alerts": alerts.get(seat.initiative.pk, 0) if seat.is_leader else 0,
            }
        )
    return rows
