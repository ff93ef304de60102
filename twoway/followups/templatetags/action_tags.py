"""`{% you_said_we_did unit %}`: the published notes of a unit and the units above it."""

from __future__ import annotations

from django import template

from twoway.org.models import Unit

from ..services import notes_for_unit

register = template.Library()

ANSWER_PAGE_NOTES = 3


@register.inclusion_tag("followups/notes.html")
def you_said_we_did(unit: Unit | int | None, limit: int = ANSWER_PAGE_NOTES) -> dict:
    """Accepts a unit or its id (the answer page has `kiosk.unit_id` or `invitation.unit_id`)."""
    if isinstance(unit, int):
        unit = Unit.objects.filter(pk=unit).only("pk", "path").first()
    return {"notes": list(notes_for_unit(unit, limit=limit))}
