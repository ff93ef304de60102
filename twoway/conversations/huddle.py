"""Reaching people: each team's link to an open conversation, through the team code its pulse
waves (or diagnostics) already use, and a section of the team's huddle page pointing to it.

A team code stays the team's own, whichever wave made it, so the posters already on the wall
open the conversation too: /c/<conversation>/k/<code>/ asks the person's employee ID.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.followups.huddle import HuddleSection
from twoway.notify.qr import qr_svg
from twoway.org.access import Scope
from twoway.org.models import Unit, UnitKind
from twoway.surveys.models import KioskCode

from .access import audience_paths
from .models import Conversation

HUDDLE_ORDER = 60  # after the pulse result and changes, before "you said, we did"


@dataclass(frozen=True)
class TeamLink:
    unit: Unit
    url: str
    qr: str


def team_code_for(unit: Unit) -> KioskCode | None:
    return (
        KioskCode.objects.filter(unit=unit, campaign__organisation_id=unit.organisation_id)
        .order_by("-campaign__opens_at", "-pk")
        .first()
    )


def team_url(conversation: Conversation, code: str) -> str:
    path = reverse(
        "conversation_vote_code", kwargs={"conversation_id": conversation.pk, "code": code}
    )
    return f"{settings.SITE_URL}{path}"


def team_links(conversation: Conversation, scope: Scope) -> list[TeamLink]:
    """Each team of the audience in the scope that has a team code, with its link and QR."""
    teams = scope.units().filter(kind=UnitKind.TEAM).order_by("path")
    paths = audience_paths(conversation)
    links = []
    for team in teams:
        if not any(team.path.startswith(p) for p in paths):
            continue
        code = team_code_for(team)
        if code is not None:
            url = team_url(conversation, code.code)
            links.append(
                TeamLink(
                    team, url, qr_svg(url, title=_("QR code for %(team)s") % {"team": team.name})
                )
            )
    return links


def open_conversation_for(unit: Unit) -> Conversation | None:
    now = timezone.now()
    found = Conversation.objects.filter(
        organisation_id=unit.organisation_id, opens_at__lte=now, closes_at__gt=now
    ).prefetch_related("audience_units")
    return next((c for c in found if any(unit.path.startswith(p) for p in audience_paths(c))), None)


def conversation_section(unit: Unit) -> HuddleSection | None:
    """The huddle's "have your say" section: the open conversation and the team's link."""
    conversation = open_conversation_for(unit)
    code = team_code_for(unit) if conversation else None
    if conversation is None or code is None:
        return None
    return HuddleSection(
        title=_("Have your say"),
        lines=(
            conversation.question,
            _("Vote on statements, one at a time, on your phone: %(url)s")
            % {"url": team_url(conversation, code.code)},
            _("Nobody sees how you voted; results show only groups of %(k)s or more.")
            % {"k": conversation.k},
        ),
        order=HUDDLE_ORDER,
    )
