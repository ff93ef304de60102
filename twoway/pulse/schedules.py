"""When a schedule's waves happen, and the tick that opens them.

Slots are computed in the organisation's time zone from local dates, so a weekly pulse at
09:00 stays at 09:00 across daylight-saving changes. A wave's number is its slot's index
(1 for the first slot): a tick that was down for a while skips the slots it missed, and the
items keep their rhythm because `items_for_wave` reads the number.
"""

from __future__ import annotations

import datetime
import logging
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.org.models import AuditEvent
from twoway.org.services import audit
from twoway.surveys.campaigns import CampaignSpec, create_campaign, launch_campaign

from .bank import wave_template
from .models import Cadence, PulseSchedule, PulseWave

log = logging.getLogger(__name__)
STEP_DAYS = {Cadence.WEEKLY: 7, Cadence.FORTNIGHTLY: 14}


def _zone(schedule: PulseSchedule) -> ZoneInfo:
    try:
        return ZoneInfo(schedule.organisation.time_zone or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _first_weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _first_weekday_of_month(year: int, month: int, weekday: int) -> datetime.date:
    return _first_weekday_on_or_after(datetime.date(year, month, 1), weekday)


def slot_date(schedule: PulseSchedule, number: int) -> datetime.date:
    """The local day of wave `number` (from 1)."""
    if number < 1:
        raise ValueError("waves count from 1")
    if schedule.cadence == Cadence.MONTHLY:
        start = schedule.starts_on
        first = _first_weekday_of_month(start.year, start.month, schedule.weekday)
        offset = 0 if first >= start else 1
        months = start.year * 12 + start.month - 1 + offset + number - 1
        return _first_weekday_of_month(months // 12, months % 12 + 1, schedule.weekday)
    first = _first_weekday_on_or_after(schedule.starts_on, schedule.weekday)
    return first + datetime.timedelta(days=STEP_DAYS[schedule.cadence] * (number - 1))


def slot_start(schedule: PulseSchedule, number: int) -> datetime.datetime:
    """When wave `number` opens, an aware datetime."""
    day = slot_date(schedule, number)
    return datetime.datetime.combine(day, datetime.time(schedule.hour), tzinfo=_zone(schedule))


def current_slot(schedule: PulseSchedule, now: datetime.datetime) -> int:
    """The number of the latest slot that has started by `now` (0 before the first)."""
    if now < slot_start(schedule, 1):
        return 0
    local = now.astimezone(_zone(schedule)).date()
    if schedule.cadence == Cadence.MONTHLY:
        start = slot_date(schedule, 1)
        guess = max(1, (local.year - start.year) * 12 + local.month - start.month + 1)
    else:
        days = (local - slot_date(schedule, 1)).days
        guess = max(1, days // STEP_DAYS[schedule.cadence] + 1)
    while guess > 1 and slot_start(schedule, guess) > now:
        guess -= 1
    while slot_start(schedule, guess + 1) <= now:
        guess += 1
    return guess


def due_wave_number(schedule: PulseSchedule, now: datetime.datetime) -> int | None:
    """The wave that should be open now, if it is still within its open days."""
    number = current_slot(schedule, now)
    if number == 0:
        return None
    closes = slot_start(schedule, number) + datetime.timedelta(days=schedule.open_days)
    return number if now < closes else None


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
    from twoway.surveys.outreach import send_invitations  # tasks import settings lazily

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
