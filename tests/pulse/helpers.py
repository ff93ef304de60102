"""Helpers of the pulse tests: a weekly schedule, and closed waves filled with answers."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.survey_fixtures import full_answers
from twoway.pulse.models import PulseSchedule
from twoway.pulse.services import open_wave
from twoway.surveys.intake import Respondent, parse_answers
from twoway.surveys.models import Item
from twoway.surveys.questionnaire import redactor_for
from twoway.surveys.services import submit


def weekly_schedule(organisation) -> PulseSchedule:
    return PulseSchedule.objects.create(
        organisation=organisation,
        name="Rollout pulse",
        cadence="weekly",
        weekday=0,
        hour=9,
        open_days=3,
        threshold=5,
        languages=["en"],
        starts_on=datetime.date(2026, 1, 1),
    )


def close(wave):
    wave.campaign.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    wave.campaign.save(update_fields=["closes_at"])


def fill_wave(schedule, number, answers_by_unit: dict, value=4):
    """Open wave `number` (reopened for now), answer it per unit, then close it."""
    wave = open_wave(schedule, number)
    campaign = wave.campaign
    campaign.opens_at = timezone.now() - datetime.timedelta(days=1)
    campaign.closes_at = timezone.now() + datetime.timedelta(days=1)
    campaign.save(update_fields=["opens_at", "closes_at"])
    for unit, n in answers_by_unit.items():
        for _ in range(n):
            answer_pulse(campaign, unit, value)
    close(wave)
    return wave


def answer_pulse(campaign, unit, value):
    """A frontline kiosk answer: `value` on every rating item, the first choice on choices."""
    items = list(Item.objects.filter(template=campaign.template))
    data = full_answers(campaign, value, False)
    for item in items:
        if item.kind == "choice":
            data[f"item-{item.code}"] = item.choices[0]["code"]
    respondent = Respondent(unit=unit, is_leader=False, channel="kiosk")
    submit(campaign, respondent, parse_answers(items, data, False), redactor_for(campaign))
