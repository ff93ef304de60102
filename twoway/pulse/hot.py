"""Process-local facts for the answer path, which must stay cheap at hundreds per second.

Whether a campaign is a pulse wave never changes: `pulse.services.open_wave` creates the
campaign and its wave in one transaction, so no reader sees one without the other. The extra
questions of the answer page (follow-up feedback, readiness, leader modelling) are asked on
pulse waves only; asking this first spares a diagnostic's answers their queries.
"""

from __future__ import annotations

from functools import lru_cache

from .models import PulseWave


@lru_cache(maxsize=4096)
def is_pulse_wave(campaign_id: int) -> bool:
    return PulseWave.objects.filter(campaign_id=campaign_id).exists()
