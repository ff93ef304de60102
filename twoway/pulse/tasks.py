"""Background task: open the pulse waves that are due. Its payload carries nothing personal."""

from __future__ import annotations

from django_tasks import task

from .alerts import check_closed_waves
from .comments import analyse_closed_waves
from .schedules import tick


@task()
def run_pulse_schedules() -> int:
    """Open every wave now due and analyse comments of waves that closed; idempotent.

    Returns how many waves opened.
    """
    opened = len(tick())
    check_closed_waves()
    analyse_closed_waves()
    return opened
