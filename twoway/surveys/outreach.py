"""Reaching people: links, the e-mails of a batch of invitations, team posters. The sending
itself runs as background tasks (`tasks.py`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from twoway.notify.qr import Poster
from twoway.org.naming import unit_labels

from .models import Campaign
from .tokens import invitation_token


def personal_link(campaign: Campaign, person_id: int, version: int = 0) -> str:
    return f"{settings.SITE_URL}/s/{invitation_token(campaign.pk, person_id, version)}/"


def invitation_link(invitation) -> str:
    """The invitation's current personal link (the one its latest e-mail carries)."""
    return personal_link(invitation.campaign, invitation.person_id, invitation.token_version)


def invitation_path(invitation) -> str:
    """The same link without the site's address, for a page of the site itself."""
    token = invitation_token(invitation.campaign_id, invitation.person_id, invitation.token_version)
    return reverse("answer_by_link", args=[token])


def team_link(code: str) -> str:
    return f"{settings.SITE_URL}/k/{code}/"


def enter_code_link() -> str:
    """The page where anyone types their team's code (on posters of units above the teams)."""
    return f"{settings.SITE_URL}/k/"


def invitation_emails(campaign: Campaign, invitations, build) -> list:
    closes_on = timezone.localdate(campaign.closes_at)
    return [
        build(
            to=inv.person.email,
            person_name=inv.person.first_name,
            campaign_name=campaign.name,
            link=personal_link(campaign, inv.person_id, inv.token_version),
            closes_on=closes_on,
            language=inv.person.language if inv.person.language in campaign.languages else "en",
            k=campaign.threshold,
        )
        for inv in invitations
    ]


def posters_for(campaign: Campaign) -> list[Poster]:
    """One poster per team code, each team named so that it cannot be taken for another
    ("Austin / Billing 1" where three sites have a Billing 1), in that order."""
    closes_on = timezone.localdate(campaign.closes_at)
    language = (campaign.languages or ["en"])[0]
    labels = unit_labels(campaign.organisation_id)
    kiosks = sorted(
        campaign.kiosk_codes.select_related("unit"),
        key=lambda kiosk: labels.get(kiosk.unit_id, kiosk.unit.name).casefold(),
    )
    return [
        Poster(
            team_name=labels.get(kiosk.unit_id, kiosk.unit.name),
            campaign_name=campaign.name,
            url=team_link(kiosk.code),
            short_code=kiosk.code,
            language=language,
            closes_on=closes_on,
            k=campaign.threshold,
            short_address=f"{settings.SITE_URL.split('://', 1)[-1]}/k/",
        )
        for kiosk in kiosks
    ]
