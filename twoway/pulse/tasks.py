"""Background task: open the pulse waves that are due. Its payload carries nothing personal."""

from __future__ import annotations

from django_tasks import task

from .schedules import tick


@task()
def run_pulse_schedules() -> int:
    """Create, launch and invite every wave now due; returns how many opened (idempotent)."""
    return len(tick())
