"""The tick writes what waits and computes what closed, so that no page view pays for it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.survey_fixtures import answer_directly
from twoway.pulse.tasks import run_pulse_schedules
from twoway.surveys.models import HeldResponse, Response, ResultSnapshot

pytestmark = pytest.mark.django_db


def test_the_tick_writes_a_closed_campaigns_last_batch_and_stores_its_release(diagnostic, settings):
    settings.RESPONSE_BATCH = 50
    for _ in range(3):
        answer_directly(diagnostic.campaign, diagnostic.team1, 4)
    assert HeldResponse.objects.count() == 3 and not Response.objects.exists()
    run_pulse_schedules.call()
    assert HeldResponse.objects.count() == 3  # still open: the batch keeps gathering
    campaign = diagnostic.campaign
    campaign.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save(update_fields=["closes_at"])
    run_pulse_schedules.call()
    assert not HeldResponse.objects.exists() and Response.objects.count() == 3
    assert ResultSnapshot.objects.filter(campaign=campaign).count() == 8  # 2 views x 4 splits
