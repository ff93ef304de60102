"""The weekly report e-mail: the manager dashboard of one unit, in a few lines.

It is built when it is sent, from the reader's scope at that moment (`org.access.scope_for`) and
the dashboard's figures (`pulse.dashboard`, released figures only), so the e-mail never says more
than the reader's "My team" page would that day.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from twoway.notify.email import OutgoingEmail, supported_language
from twoway.org.access import scope_for
from twoway.pulse.access import open_alerts
from twoway.pulse.dashboard import build_dashboard
from twoway.pulse.models import PulseSchedule

from .models import ReportSubscription

RANKED_LINES = 5


class NotInScope(Exception):
    """The reader no longer leads the unit (moved, left, or lost access)."""


@dataclass
class ReportEmail:
    message: OutgoingEmail


def recipient_address(user, person) -> str:
    return (person.email if person is not None and person.email else "") or user.email or ""


def report_email(subscription: ReportSubscription) -> OutgoingEmail:
    """The e-mail for a subscription, in its reader's language; raises NotInScope."""
    user, organisation, unit = subscription.user, subscription.organisation, subscription.unit
    scope = scope_for(user, organisation)
    if scope is None or not scope.covers_unit(unit):
        raise NotInScope
    address = recipient_address(user, scope.person)
    if not address:
        raise NotInScope
    schedule = PulseSchedule.objects.filter(organisation=organisation, active=True).first()
    if schedule is not None:
        schedule.organisation = organisation
    language = supported_language(scope.person.language if scope.person else "")
    with translation.override(language):
        dashboard = build_dashboard(scope, unit, schedule)
        context = {
            "dashboard": dashboard,
            "unit": unit,
            "language": language[:2],
            "ranked": dashboard.ranked[:RANKED_LINES],
            "alert_count": open_alerts(scope).filter(unit__path__startswith=unit.path).count(),
            "link": settings.SITE_URL + reverse("pulse_manager_home", args=[organisation.slug]),
            "settings_link": settings.SITE_URL
            + reverse("report_subscriptions", args=[organisation.slug]),
        }
        subject = _("Weekly pulse report: %(unit)s") % {"unit": " ".join(unit.label.split())}
        text = render_to_string("workspace/email/report.txt", context).strip() + "\n"
        html = render_to_string("workspace/email/report.html", {**context, "subject": subject})
    return OutgoingEmail(to=address, subject=subject, text=text, html=html)
