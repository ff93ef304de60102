"""What became of a campaign's e-mails: sent, failed (tried again), refused by the mail server;
whether mail can be sent at all; and an admin's resend of one person's link.

Delivery is about e-mails, never about answers: nothing here reads or shows `responded`.
"""

from __future__ import annotations

import contextlib
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from twoway.notify.email import SEND_ERRORS, SendReport
from twoway.org.models import AuditEvent
from twoway.org.services import audit

from .models import Campaign, Invitation
from .tokens import hash_token, invitation_token

CHECK_TIMEOUT_S = 3
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@dataclass(frozen=True)
class MailCheck:
    ready: bool
    problem: str = ""  # why mail cannot go out, for the admin


def mail_check() -> MailCheck:
    """Whether the mail server answers now (a short connection, no message sent). Backends
    other than SMTP (console, file, memory) count as ready: they accept every message."""
    if settings.EMAIL_BACKEND != SMTP_BACKEND:
        return MailCheck(True)
    connection = get_connection(fail_silently=False, timeout=CHECK_TIMEOUT_S)
    try:
        connection.open()
    except SEND_ERRORS as error:
        where = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
        return MailCheck(False, f"{where}: {error}")
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    return MailCheck(True)


def is_refusal(reason: str) -> bool:
    """An SMTP 5xx answer: the server refused the address for good (a bounce); anything else
    (a timeout, a closed port, a 4xx) may pass on a later try."""
    return reason[:1] == "5" and reason[:3].isdigit()


def record_outcomes(invitations: list[Invitation], report: SendReport) -> int:
    """Mark each invitation of a batch sent, failed or bounced; returns how many were sent."""
    now = timezone.now()
    sent = [i.pk for i in invitations if i.person.email in report.sent]
    Invitation.objects.filter(pk__in=sent).update(
        sent_at=now, delivery=Invitation.Delivery.SENT, delivery_note=""
    )
    for invitation in invitations:
        if invitation.pk in sent:
            continue
        reason = report.failed.get(invitation.person.email, "")
        state = Invitation.Delivery.BOUNCED if is_refusal(reason) else Invitation.Delivery.FAILED
        Invitation.objects.filter(pk=invitation.pk).update(
            sent_at=now, delivery=state, delivery_note=reason[:300]
        )
    return len(sent)


@dataclass
class DeliverySummary:
    by_e_mail: int
    handed_out: int  # people without an address: team codes and posters reach them
    counts: dict[str, int]
    problems: list[Invitation]  # failed and bounced, for the admin to act on

    @property
    def any_problem(self) -> bool:
        return bool(self.counts.get("failed") or self.counts.get("bounced"))


def delivery_summary(campaign: Campaign, limit: int = 200) -> DeliverySummary:
    email = campaign.invitations.filter(channel=Invitation.Channel.EMAIL)
    counts = dict(email.values_list("delivery").annotate(n=Count("pk")).order_by())
    problems = list(
        email.filter(delivery__in=[Invitation.Delivery.FAILED, Invitation.Delivery.BOUNCED])
        .select_related("person", "unit")
        .order_by("person__last_name", "person__first_name", "pk")[:limit]
    )
    handed_out = campaign.invitations.filter(channel=Invitation.Channel.LINK).count()
    return DeliverySummary(sum(counts.values()), handed_out, counts, problems)


def retry_failed(campaign: Campaign, actor=None) -> int:
    """Put the failed e-mails back in the queue (not the bounced ones: their address is
    wrong until the roster is fixed, then resend them one by one)."""
    with transaction.atomic():
        count = campaign.invitations.filter(delivery=Invitation.Delivery.FAILED).update(
            delivery=Invitation.Delivery.PENDING, delivery_note=""
        )
        audit(
            campaign.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Campaign {campaign.name}: {count} failed e-mail(s) queued again",
        )
    return count


def resend_link(invitation: Invitation, actor=None) -> Invitation:
    """A new link for one person, e-mailed to the roster's current address: the new token's
    hash replaces the old one on the same invitation (the old link stops working), and the
    answered flag stays as it is, so nobody can answer twice and nothing joins a response."""
    person = invitation.person
    with transaction.atomic():
        invitation.token_version += 1
        token = invitation_token(
            invitation.campaign_id, invitation.person_id, invitation.token_version
        )
        invitation.token_hash = hash_token(token)
        invitation.delivery = Invitation.Delivery.PENDING
        invitation.delivery_note = ""
        invitation.channel = Invitation.Channel.EMAIL if person.email else invitation.channel
        invitation.save(
            update_fields=["token_version", "token_hash", "delivery", "delivery_note", "channel"]
        )
        audit(
            invitation.campaign.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Campaign {invitation.campaign.name}: a new link e-mailed to {person.full_name}",
        )
    return invitation
