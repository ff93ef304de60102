"""The e-mails of change initiatives, written in the reader's language."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from twoway.notify.email import OutgoingEmail, supported_language

from .models import AdaptAlert, Message


def initiative_url(initiative) -> str:
    path = reverse(
        "change_initiative", kwargs={"slug": initiative.organisation.slug, "key": initiative.key}
    )
    return f"{settings.SITE_URL}{path}"


def alert_email(alert: AdaptAlert) -> OutgoingEmail:
    initiative = alert.initiative
    owner = initiative.owner
    with translation.override(supported_language(owner.language if owner else "")):
        context = {
            "alert": alert,
            "initiative": initiative,
            "owner": owner,
            "link": initiative_url(initiative) + "#alerts",
        }
        subject = _("Adapt: %(unit)s is behind on %(title)s") % {
            "unit": alert.unit.name,
            "title": " ".join(initiative.title.split()),
        }
        text = render_to_string("change/email/alert.txt", context).strip() + "\n"
        html = render_to_string("change/email/alert.html", {**context, "subject": subject})
    return OutgoingEmail(to=owner.email, subject=subject, text=text, html=html)


def message_email(message: Message, person, link: str, champion: bool = False) -> OutgoingEmail:
    """A planned message to one person, with their "got it / I have a question" link.
    Champions get huddle talking points a couple of days before their team."""
    initiative = message.initiative
    with translation.override(supported_language(person.language)):
        context = {
            "message": message,
            "initiative": initiative,
            "person": person,
            "link": link,
            "champion": champion,
        }
        title = " ".join(message.title.split())
        subject = (
            _("Talking points for your team: %(title)s") % {"title": title} if champion else title
        )
        text = render_to_string("change/email/message.txt", context).strip() + "\n"
        html = render_to_string("change/email/message.html", {**context, "subject": subject})
    return OutgoingEmail(to=person.email, subject=subject, text=text, html=html)
