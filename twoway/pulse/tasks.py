"""Background task: open the pulse waves that are due. Its payload carries nothing personal."""

from __future__ import annotations

from django_tasks import task

from .alerts import check_closed_waves
from .comments import analyse_closed_waves
from .models import PulseSchedule
from .schedules import tick
from .snapshots import ensure_snapshots
from .trends import closed_waves


@task()
def run_pulse_schedules() -> int:
    """Open every wave now due and analyse comments of waves that closed; idempotent.

    Returns how many waves opened.
    """
    opened = len(tick())
    store_closed_waves()
    check_closed_waves()
    analyse_closed_waves()
    return opened


def store_closed_waves() -> None:
    """Store each closed wave's figures once, so no page view pays for it."""
    for schedule in PulseSchedule.objects.all():
        ensure_snapshots(closed_waves(schedule), schedule.organisation_id)
