"""Invitations: how an account that exists already is given access to another organisation.

An organisation's admin types people's e-mail addresses into the roster, and nothing stops
them from typing someone else's. So an existing account is never attached to an organisation
on the admin's word: the account's owner gets a signed link at the e-mail address the account
already has, logs in as that account, and accepts. Holding the mailbox and the password is the
proof; the admin can forge neither.

The link names the audit event that recorded the invitation. It works for INVITATION_DAYS, for
that account only, and only while the invitation is the latest access event of the person: an
acceptance, a new invitation, a grant or a revocation ends it, so it cannot be replayed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import AuditEvent, Membership, Organisation, Person

INVITATION_DAYS = 7
_SALT = "twoway.org.invitation"


@dataclass(frozen=True)
class Invitation:
    event: AuditEvent
    organisation: Organisation
    person: Person
    account_id: int
    level: str

    @property
    def level_label(self) -> str:
        return Membership.Level(self.level).label


def invitation_token(event: AuditEvent) -> str:
    return signing.dumps({"e": event.pk}, salt=_SALT, compress=True)


def invitation_url(event: AuditEvent) -> str:
    return settings.SITE_URL + reverse("accept_invitation", args=[invitation_token(event)])


def read_invitation(token: str) -> Invitation | None:
    """The invitation the token names, or None when it is forged, expired or superseded."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=INVITATION_DAYS * 86400)
        event = AuditEvent.objects.select_related("organisation").get(
            pk=int(payload["e"]), kind=AuditEvent.Kind.ACCESS_GRANTED, details__invited=True
        )
        person = Person.objects.get(
            pk=event.details["person"], organisation=event.organisation, is_active=True
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, AuditEvent.DoesNotExist,
            Person.DoesNotExist):  # fmt: skip
        return None
    later = AuditEvent.objects.filter(
        organisation=event.organisation, pk__gt=event.pk, details__person=person.pk
    )
    account_id = int(event.details["account"])
    if later.exists() or person.user_id not in (None, account_id):
        return None
    return Invitation(event, event.organisation, person, account_id, event.details["level"])


def send_invitation(event: AuditEvent, address: str) -> bool:
    """E-mail the invitation; False when the mail server refused or could not be reached."""
    context = {
        "organisation": event.organisation,
        "level": Membership.Level(event.details["level"]).label,
        "link": invitation_url(event),
        "days": INVITATION_DAYS,
        "account": get_user_model().objects.get(pk=event.details["account"]).get_username(),
    }
    subject = _("%(org)s invites you to twoway") % {"org": event.organisation.name}
    body = render_to_string("org/email/invitation.txt", context)
    try:
        send_mail(subject, body, None, [address])  # within settings.EMAIL_TIMEOUT
    except OSError:  # smtplib's errors are OSErrors, as are refused connections
        return False
    return True
