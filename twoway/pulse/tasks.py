"""Background task: open the pulse waves that are due. Its payload carries nothing personal."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from twoway.surveys.audience import reminders_due
from twoway.surveys.tasks import flush_waiting_answers, send_reminders, store_closed_releases

from .alerts import check_closed_waves
from .comments import analyse_closed_waves
from .models import PulseSchedule, PulseWave
from .services import tick
from .snapshots import ensure_snapshots
from .trends import closed_waves


@task()
def run_pulse_schedules() -> int:
    """Open every wave now due and analyse comments of waves that closed; idempotent.

    Returns how many waves opened.
    """
    opened = len(tick())
    flush_waiting_answers()  # held answers first: the closed waves' figures need them all
    store_closed_releases()  # every closed campaign's release, before anyone opens it
    remind_closing_waves()
    store_closed_waves()
    check_closed_waves()
    analyse_closed_waves()
    return opened


def remind_closing_waves(now=None) -> int:
    """In a wave's last day, remind those who have not answered (once: reminders_due waits
    a day between reminders). The task payload is the campaign id only."""
    now = now or timezone.now()
    closing = PulseWave.objects.filter(
        campaign__launched=True,
        campaign__opens_at__lte=now,
        campaign__closes_at__gt=now,
        campaign__closes_at__lte=now + datetime.timedelta(days=1),
    ).select_related("campaign")
    reminded = 0
    for wave in closing:
        if reminders_due(wave.campaign).exists():
            send_reminders.enqueue(wave.campaign.pk)
            reminded += 1
    return reminded


def store_closed_waves() -> None:
    """Store each closed wave's figures once, so no page view pays for it."""
    for schedule in PulseSchedule.objects.all():
        ensure_snapshots(closed_waves(schedule), schedule.organisation_id)
