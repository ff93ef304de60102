"""Every write of the pulse: schedules, opening waves (the tick), acknowledging alerts.

Each runs in one transaction with its audit entry; the web, the command line and the tasks
call these.
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.org.models import AuditEvent, Organisation
from twoway.org.services import audit
from twoway.surveys.services import CampaignSpec, create_campaign, launch_campaign

from .bank import wave_template
from .models import PulseAlert, PulseSchedule, PulseWave
from .slots import due_wave_number, slot_start

log = logging.getLogger(__name__)


def create_schedule(organisation: Organisation, data: dict, actor) -> PulseSchedule:
    """A new schedule from the form's cleaned data, with its audience."""
    with transaction.atomic():
        schedule = PulseSchedule.objects.create(
            organisation=organisation,
            name=data["name"],
            audience_roles=data["roles"],
            cadence=data["cadence"],
            weekday=data["weekday"],
            hour=data["hour"],
            open_days=data["open_days"],
            threshold=data["threshold"],
            languages=data["languages"],
            starts_on=data["starts_on"],
            created_by=actor,
        )
        schedule.audience_units.set(data["units"])
        audit(
            organisation, actor, AuditEvent.Kind.SETTINGS_CHANGED, f"Pulse {schedule.name} created"
        )
    return schedule


def acknowledge_alert(alert: PulseAlert, actor) -> None:
    """Mark an alert seen by `actor` (once: a second acknowledgement changes nothing)."""
    with transaction.atomic():
        updated = PulseAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
            acknowledged_by=actor, acknowledged_at=timezone.now()
        )
        if updated:
            audit(
                alert.schedule.organisation,
                actor,
                AuditEvent.Kind.SETTINGS_CHANGED,
                f"Pulse alert {alert.pk} acknowledged",
            )


def open_wave(schedule: PulseSchedule, number: int, now=None) -> PulseWave | None:
    """Create and launch wave `number`; None if it exists already (another tick won)."""
    if PulseWave.objects.filter(schedule=schedule, number=number).exists():
        return None
    opens = slot_start(schedule, number)
    spec = CampaignSpec(
        template=wave_template(schedule.organisation, number),
        name=_("%(name)s, wave %(number)s") % {"name": schedule.name, "number": number},
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=schedule.open_days),
        languages=schedule.languages or ["en"],
        threshold=schedule.threshold,
        units=list(schedule.audience_units.all()),
        roles=schedule.audience_roles,
    )
    try:
        with transaction.atomic():
            campaign = create_campaign(schedule.organisation, spec)
            wave = PulseWave.objects.create(schedule=schedule, number=number, campaign=campaign)
            launch_campaign(campaign)
    except IntegrityError:
        return None  # a concurrent tick created this wave first; its campaign rolled back
    return wave


def tick(now: datetime.datetime | None = None) -> list[PulseWave]:
    """Open every wave now due (idempotent); returns the waves opened by this call."""
    from twoway.surveys.tasks import send_invitations  # tasks import settings lazily

    now = now or timezone.now()
    opened = []
    schedules = PulseSchedule.objects.filter(active=True).select_related("organisation")
    for schedule in schedules:
        number = due_wave_number(schedule, now)
        if number is None:
            continue
        wave = open_wave(schedule, number, now)
        if wave is not None:
            opened.append(wave)
            send_invitations.enqueue(wave.campaign_id)
            log.info("pulse %s: wave %s opened", schedule.pk, number)
    return opened


def set_active(schedule: PulseSchedule, active: bool, actor=None) -> None:
    with transaction.atomic():
        schedule.active = active
        schedule.save(update_fields=["active"])
        word = "resumed" if active else "paused"
        audit(
            schedule.organisation, actor, AuditEvent.Kind.SETTINGS_CHANGED,
            f"Pulse {schedule.name} {word}",
        )  # fmt: skip
