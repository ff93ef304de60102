"""The wave open now: which it is, and its live participation per unit.

Participation while a wave runs is `surveys.audience.participation`, over
`insights.units.live_participation`: up to yesterday, in tenths, for units of at least 2k
invited, so that it never moves with one person's answer (docs/privacy.md, 7).
"""

from __future__ import annotations

from django.utils import timezone

from twoway.org.models import Organisation, Unit
from twoway.surveys.audience import UnitParticipation, participation

from .models import PulseWave


def open_waves(organisation: Organisation) -> list[PulseWave]:
    """Waves of the organisation's schedules open now, soonest to close first."""
    now = timezone.now()
    return list(
        PulseWave.objects.filter(
            schedule__organisation=organisation,
            campaign__launched=True,
            campaign__opens_at__lte=now,
            campaign__closes_at__gt=now,
        )
        .select_related("campaign__organisation", "schedule")
        .order_by("campaign__closes_at", "pk")
    )


def live_participation(wave: PulseWave, units: list[Unit]) -> list[UnitParticipation]:
    return participation(wave.campaign, units)
