"""What the organisation's home page says about surveys and pulse waves (registered in
`SurveysConfig.ready()` through `twoway.org.home`).

A person sees the surveys and pulse waves open now that invited them and that they have not
answered, each with their own link; a leader also sees what is open in the organisation, with
its participation page. The personal link is the one their e-mail carries: only its holder,
signed in as themselves, is shown it.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from twoway.org.access import Scope
from twoway.org.home import HomeEntry, HomeSection

from .models import Campaign, Invitation
from .outreach import invitation_path


def waiting_for_you(scope: Scope) -> HomeSection | None:
    if scope.person is None:
        return None
    now = timezone.now()
    invitations = Invitation.objects.filter(
        person=scope.person,
        responded=False,
        campaign__launched=True,
        campaign__opens_at__lte=now,
        campaign__closes_at__gt=now,
    ).select_related("campaign")
    entries = tuple(
        HomeEntry(
            inv.campaign.name,
            invitation_path(inv),
            _("open until %(day)s")
            % {"day": date_format(timezone.localtime(inv.campaign.closes_at), "DATE_FORMAT")},
        )
        for inv in invitations.order_by("campaign__closes_at", "campaign_id")
    )
    if not entries:
        return HomeSection(
            _("Surveys and pulses for you"),
            (),
            _("Nothing is waiting for you: when a survey or pulse invites you, it appears here."),
            order=10,
        )
    return HomeSection(
        _("Surveys and pulses for you"),
        entries,
        _("About a minute each, and anonymous: nobody sees what you answered."),
        order=10,
    )


def open_in_organisation(scope: Scope) -> HomeSection | None:
    if not scope.sees_people:
        return None
    now = timezone.now()
    campaigns = Campaign.objects.filter(
        organisation=scope.organisation, launched=True, opens_at__lte=now, closes_at__gt=now
    ).order_by("closes_at", "pk")
    slug = scope.organisation.slug
    entries = tuple(
        HomeEntry(
            c.name,
            reverse("campaign", args=[slug, c.pk]),
            _("open until %(day)s: participation")
            % {"day": date_format(timezone.localtime(c.closes_at), "DATE_FORMAT")},
        )
        for c in campaigns[:20]
    )
    if not entries:
        return None
    return HomeSection(_("Open now"), entries, order=20)
