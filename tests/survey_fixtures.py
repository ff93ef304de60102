"""A launched, open Alignment Diagnostic for the `world` organisation, and ways to answer it.

`answered`: Lisbon's two teams have 6 frontline answers each; Team Home 1 only 2; five
leaders answered on the Lisbon site, five at the center, and three team leads in the teams.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from twoway.surveys.intake import Respondent, parse_answers
from twoway.surveys.models import Item
from twoway.surveys.questionnaire import redactor_for
from twoway.surveys.services import (
    CampaignSpec,
    create_campaign,
    install_builtin,
    launch_campaign,
    submit,
)


@pytest.fixture
def diagnostic(world):
    template = install_builtin(world.org, "alignment_diagnostic")
    now = timezone.now()
    spec = CampaignSpec(
        template=template,
        name="Spring diagnostic",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=14),
        languages=["en", "es"],
        threshold=5,
        units=[],
        roles=[],
    )
    campaign = create_campaign(world.org, spec)
    launch_campaign(campaign)
    world.campaign = campaign
    world.template = template
    return world


def full_answers(campaign, value: int | dict, is_leader: bool, comment: str = ""):
    """Form data answering every rating item with `value` (or value[item code])."""
    data = {}
    for item in Item.objects.filter(template=campaign.template):
        if item.is_rating:
            v = value.get(item.code, 3) if isinstance(value, dict) else value
            v = min(v, 10) if item.kind == "scale0_10" else min(max(v, 1), 5)
            if is_leader:
                data[f"item-{item.code}-now"] = str(v)
                data[f"item-{item.code}-wanted"] = "5" if item.kind == "agree5" else "10"
            else:
                data[f"item-{item.code}"] = str(v)
        elif item.kind == "text" and comment:
            data[f"item-{item.code}"] = comment
    return data


def answer_directly(campaign, unit, value, is_leader=False, comment="", **attributes):
    """Submit through the intake action, as the kiosk would, without HTTP."""
    items = list(Item.objects.filter(template=campaign.template))
    parsed = parse_answers(items, full_answers(campaign, value, is_leader, comment), is_leader)
    respondent = Respondent(unit=unit, is_leader=is_leader, channel="kiosk", **attributes)
    submit(campaign, respondent, parsed, redactor_for(campaign))


@pytest.fixture
def answered(diagnostic):
    w, campaign = diagnostic, diagnostic.campaign
    for team in (w.team1, w.team2):
        for i in range(6):
            answer_directly(campaign, team, 2, comment=f"The queue tool freezes {team.name} #{i}")
    for i in range(2):
        answer_directly(campaign, w.team_home, 5, comment=f"Secret from home number {i}")
    for _ in range(5):
        answer_directly(campaign, w.lisbon, 5, is_leader=True)
        answer_directly(campaign, w.center, 4, is_leader=True)
    for team in (w.team1, w.team2, w.team_home):
        answer_directly(campaign, team, 4, is_leader=True)
    campaign.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save(update_fields=["closes_at"])
    return w
