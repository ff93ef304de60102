"""Team-code answers: rate-limited per device address, and never more than the team's size."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from twoway.org.models import Person

from .models import KioskCode, KioskSubmission, Response

KIOSK_LIMIT = 20
KIOSK_WINDOW = timedelta(minutes=10)


def _key(kiosk: KioskCode, address: str) -> str:
    return f"{kiosk.code}|{address}"


def kiosk_allowed(kiosk: KioskCode, address: str) -> bool:
    since = timezone.now() - KIOSK_WINDOW
    recent = KioskSubmission.objects.filter(key=_key(kiosk, address), at__gte=since).count()
    if recent >= KIOSK_LIMIT:
        return False
    team_size = Person.objects.filter(unit=kiosk.unit, is_active=True).count()
    answered = Response.objects.filter(
        campaign=kiosk.campaign, unit=kiosk.unit, channel="kiosk"
    ).count()
    return answered < team_size


def record_kiosk_submission(kiosk: KioskCode, address: str) -> None:
    KioskSubmission.objects.filter(at__lt=timezone.now() - KIOSK_WINDOW).delete()
    KioskSubmission.objects.create(key=_key(kiosk, address))
