"""A completed Alignment Diagnostic for the demo contact center, with believable gaps.

Answers go through the real intake (invitations, counts, redaction), so the demo exercises
exactly what production does. Leaders rate most things rosier than the frontline feels them,
most of all tools, process, the pace of change and work-at-home support; the work-at-home
site feels the last one hardest.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from twoway.org.models import Organisation
from twoway.surveys.intake import parse_answers, respondent_for
from twoway.surveys.models import Campaign, Item
from twoway.surveys.questionnaire import redactor_for
from twoway.surveys.services import (
    CampaignSpec,
    create_campaign,
    install_builtin,
    launch_campaign,
    submit,
)

DEMO_CAMPAIGN = "Alignment Diagnostic, autumn"
RESPONSE_RATE = 0.72
# Mean answer (1-5) by construct: (frontline, leaders believe now). Leaders want 4.6 throughout.
CONSTRUCT_MEANS = {
    "tools": (2.5, 3.8),
    "process": (2.9, 3.6),
    "autonomy": (3.2, 3.6),
    "communication": (2.8, 3.9),
    "vision": (3.4, 3.8),
    "modelling": (3.0, 3.5),
    "change": (2.4, 3.9),
    "workload": (2.6, 3.0),
    "recognition": (3.3, 3.6),
    "remote": (3.1, 4.0),
    "customer": (3.7, 3.8),
}
COMMENTS = [
    "The CRM times out during long calls and I have to start the case again.",
    "We learn about process changes from customers before we hear from our team lead.",
    "I keep a personal spreadsheet of refund codes because the knowledge base is out of date.",
    "Approvals for credits over $50 take a day; the customer has to call back.",
    "The new desktop rolled out in a week with one hour of training.",
    "Nobody asked us before changing the after-call work codes.",
    "Huddles are useful when they happen, but half of them are cancelled.",
    "At home my headset drops and IT support is only open office hours.",
    "I copy the same notes into three systems: it costs me a minute per call.",
    "Recognition goes to handle time, never to the customer we actually saved.",
    "Schedules change with two days' notice; childcare is impossible to plan.",
    "My team lead listens, but nothing changes above her.",
]


def _rating(rng: random.Random, mean: float) -> int:
    return min(5, max(1, round(rng.gauss(mean, 0.9))))


def _answers_for(rng, items: list[Item], is_leader: bool, remote: bool) -> dict[str, str]:
    data = {}
    for item in items:
        construct = item.construct.code if item.construct else ""
        frontline, leaders = CONSTRUCT_MEANS.get(construct, (3.2, 3.8))
        if remote and construct == "remote":
            frontline -= 0.6
        if item.kind == "scale0_10":
            value = str(min(10, max(0, round(rng.gauss(6.5 if is_leader else 5.5, 2)))))
            keys = (
                [f"item-{item.code}-now", f"item-{item.code}-wanted"]
                if is_leader
                else [f"item-{item.code}"]
            )
            data.update({key: value for key in keys})
        elif item.is_rating and is_leader:
            data[f"item-{item.code}-now"] = str(_rating(rng, leaders))
            data[f"item-{item.code}-wanted"] = str(_rating(rng, 4.6))
        elif item.is_rating:
            data[f"item-{item.code}"] = str(_rating(rng, frontline))
        elif item.kind == "text" and rng.random() < 0.25:
            data[f"item-{item.code}"] = rng.choice(COMMENTS)
    return data


def load_demo_diagnostic(organisation: Organisation, seed: int = 7) -> Campaign:
    """Create, answer and close the demo campaign (once: later calls return it)."""
    existing = Campaign.objects.filter(organisation=organisation, name=DEMO_CAMPAIGN).first()
    if existing:
        return existing
    template = install_builtin(organisation, "alignment_diagnostic")
    now = timezone.now()
    spec = CampaignSpec(
        template=template,
        name=DEMO_CAMPAIGN,
        opens_at=now - datetime.timedelta(days=21),
        closes_at=now + datetime.timedelta(hours=1),
        languages=["en", "es"],
        threshold=organisation.anonymity_threshold,
        units=[],
        roles=[],
    )
    campaign = create_campaign(organisation, spec)
    launch_campaign(campaign)
    _answer(campaign, random.Random(seed))
    campaign.closes_at = now - datetime.timedelta(days=7)
    campaign.save(update_fields=["closes_at"])
    return campaign


def _answer(campaign: Campaign, rng: random.Random) -> None:
    items = list(Item.objects.filter(template=campaign.template).select_related("construct"))
    redactor = redactor_for(campaign)
    invitations = campaign.invitations.select_related(
        "person", "person__unit", "person__unit__parent"
    )
    for invitation in invitations.order_by("pk"):
        if rng.random() > RESPONSE_RATE:
            continue
        person = invitation.person
        language = "es" if person.language == "es" else "en"
        respondent = respondent_for(person, language)
        remote = (
            bool(person.unit.parent and person.unit.parent.is_virtual) or person.unit.is_virtual
        )
        data = _answers_for(rng, items, respondent.is_leader, remote)
        parsed = parse_answers(items, data, respondent.is_leader)
        submit(campaign, respondent, parsed, redactor, invitation)
