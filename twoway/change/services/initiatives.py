"""Writes of an initiative itself (create, edit, status, size, the owner's ratings) and of the
organisation's change settings and vision lines."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.insights.adoption import TargetCurve
from twoway.insights.coverage import characteristics_total
from twoway.insights.scorecard import DIMENSIONS
from twoway.org.models import Organisation, Unit
from twoway.org.services import audit

from ..config import settings_for
from ..models import (
    ENDED_STATUSES,
    ChangeSettings,
    Initiative,
    Status,
    VisionLine,
)
from .base import KIND, RESERVED_KEYS, ChangeError, bump

# --- Initiatives ------------------------------------------------------------------------------


def create_initiative(
    organisation: Organisation,
    key: str,
    title: str,
    *,
    actor=None,
    target_level: float = 0.80,
    target_days: int = 30,
    **fields,
) -> Initiative:
    key = (key or "").strip()
    if not key or not all(c.isalnum() or c in "-_" for c in key) or len(key) > 40:
        raise ChangeError("key", _("A key is a short slug: letters, numbers, - or _ (up to 40)."))
    if key in RESERVED_KEYS:
        raise ChangeError(
            "key", _("%(key)s is a word the pages use: choose another key.") % {"key": key}
        )
    if Initiative.objects.filter(organisation=organisation, key=key).exists():
        raise ChangeError(
            "key", _("%(key)s is taken: keys are unique in the organisation.") % {"key": key}
        )
    if not (title or "").strip():
        raise ChangeError("title", _("Give the initiative a title."))
    check_target(target_level, target_days)
    with transaction.atomic():
        initiative = Initiative.objects.create(
            organisation=organisation,
            key=key,
            title=title.strip(),
            target_level=target_level,
            target_days=target_days,
            created_by=actor,
            **fields,
        )
        audit(organisation, actor, KIND, f"Initiative {key} created", initiative=key)
    return initiative


def check_target(level: float, days: int) -> None:
    try:
        TargetCurve(float(level), int(days))
    except (TypeError, ValueError):
        raise ChangeError(
            "target_level", _("The target is a share above 0 and up to 1 (0.80 is 80%).")
        ) from None
    if int(days) != days or not 1 <= days <= 365:
        raise ChangeError("target_days", _("The target days are a whole number from 1 to 365."))


def update_initiative(initiative: Initiative, data: dict, actor=None) -> Initiative:
    """Save the edited fields (the form's cleaned data)."""
    check_target(
        data.get("target_level", initiative.target_level),
        data.get("target_days", initiative.target_days),
    )
    with transaction.atomic():
        for name, value in data.items():
            setattr(initiative, name, value)
        initiative.save()
        bump(initiative)
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key} edited",
            initiative=initiative.key,
            fields=sorted(data),
        )
    return initiative


def set_status(initiative: Initiative, status: str, reason: str = "", actor=None) -> Initiative:
    if status not in Status.values:
        raise ChangeError("status", _("%(status)s is not a status.") % {"status": status})
    if status == Status.ABANDONED and not reason.strip():
        raise ChangeError("abandoned_reason", _("Say why the initiative is abandoned."))
    with transaction.atomic():
        initiative.status = status
        initiative.abandoned_reason = reason.strip() if status == Status.ABANDONED else ""
        ended = status in ENDED_STATUSES
        initiative.closed_on = timezone.localdate() if ended else None
        initiative.save(update_fields=["status", "abandoned_reason", "closed_on"])
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key}: {status}",
            initiative=initiative.key,
            status=status,
        )
    return initiative


def set_characteristics(initiative: Initiative, ratings: dict, actor=None) -> int | None:
    try:
        total = characteristics_total(ratings)
    except ValueError as error:
        raise ChangeError("characteristics", str(error)) from None
    with transaction.atomic():
        initiative.characteristics = dict(ratings)
        initiative.save(update_fields=["characteristics"])
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key}: change profile {total}",
            initiative=initiative.key,
        )
    return total


def set_owner_ratings(initiative: Initiative, ratings: dict, actor=None) -> None:
    clean = {}
    for dimension, value in ratings.items():
        if dimension not in DIMENSIONS:
            raise ChangeError(
                dimension,
                _("%(dimension)s is not a scorecard question.") % {"dimension": dimension},
            )
        if value is None or value == "":
            continue
        if isinstance(value, bool) or int(value) != value or not 0 <= value <= 100:
            raise ChangeError(dimension, _("A rating is a whole number from 0 to 100."))
        clean[dimension] = int(value)
    with transaction.atomic():
        initiative.owner_ratings = clean
        initiative.save(update_fields=["owner_ratings"])
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key}: owner's ratings",
            initiative=initiative.key,
        )


# --- Organisation settings and vision -------------------------------------------------------


def update_settings(organisation: Organisation, data: dict, actor=None) -> ChangeSettings:
    found = settings_for(organisation)
    with transaction.atomic():
        for name, value in data.items():
            setattr(found, name, value)
        found.save()
        Initiative.objects.filter(organisation=organisation).update(version=F("version") + 1)
        audit(organisation, actor, KIND, "Change settings edited", fields=sorted(data))
    return found


def set_vision(
    organisation: Organisation, unit: Unit | None, text: str, actor=None
) -> VisionLine | None:
    """The vision of the organisation (unit None), a site or a team; blank text removes it."""
    with transaction.atomic():
        line = VisionLine.objects.filter(organisation=organisation, unit=unit).first()
        if not text.strip():
            if line is not None:
                line.delete()
            audit(organisation, actor, KIND, "Vision removed")
            return None
        if line is None:
            line = VisionLine(organisation=organisation, unit=unit)
        line.text = text.strip()[:500]
        line.save()
        audit(organisation, actor, KIND, "Vision edited", unit=unit.pk if unit else None)
    return line
