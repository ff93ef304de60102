"""Background tasks of the surveys app: invitations, reminders, announcements.

E-mails go out from background tasks (django-tasks), so launching a campaign for thousands
of people returns at once. Task payloads carry only a campaign id: never a person, a token
or an address, so no queue row or log line can join an invitation to anything.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from twoway.notify.email import invitation_email, reminder_email, send_emails
from twoway.notify.webhooks import post_webhook

from .audience import reminders_due
from .delivery import record_outcomes
from .holding import flush_held, flush_waiting
from .models import Campaign, Invitation
from .outreach import invitation_emails
from .results import store_release

BATCH = 200


@task()
def send_invitations(campaign_id: int) -> int:
    """E-mail every invitation waiting to go (new, failed and queued again, or resent);
    returns how many went out. Each is marked sent, failed or bounced, so one bad address
    cannot stall the loop and the campaign page can say what happened."""
    campaign = Campaign.objects.get(pk=campaign_id)
    pending = (
        campaign.invitations.filter(
            channel=Invitation.Channel.EMAIL, delivery=Invitation.Delivery.PENDING
        )
        .select_related("person")
        .order_by("pk")
    )
    sent = 0
    while batch := list(pending[:BATCH]):
        report = send_emails(invitation_emails(campaign, batch, invitation_email))
        sent += record_outcomes(batch, report)
    return sent


@task()
def retry_failed_invitations(campaign_id: int) -> int:
    """Queue the failed e-mails of a campaign again and send them (the payload is an id)."""
    campaign = Campaign.objects.get(pk=campaign_id)
    campaign.invitations.filter(delivery=Invitation.Delivery.FAILED).update(
        delivery=Invitation.Delivery.PENDING
    )
    return send_invitations.call(campaign_id)


@task()
def send_reminders(campaign_id: int) -> int:
    """Remind non-responders with an e-mail address (at most once a day each)."""
    campaign = Campaign.objects.get(pk=campaign_id)
    if not campaign.is_open:
        return 0
    due = list(reminders_due(campaign).select_related("person"))
    report = send_emails(invitation_emails(campaign, due, reminder_email))
    Invitation.objects.filter(pk__in=[inv.pk for inv in due]).update(reminded_at=timezone.now())
    return len(report.sent)


@task()
def announce_campaign(campaign_id: int) -> bool:
    """Post the campaign to its Slack or Teams channel, with the team-code page link."""
    campaign = Campaign.objects.get(pk=campaign_id)
    if not campaign.webhook_url:
        return False
    outcome = post_webhook(
        campaign.webhook_url,
        kind=campaign.webhook_kind or "slack",
        title=campaign.name,
        text=(
            f"Tell us how things really are: about a minute, anonymous (results only for "
            f"groups of {campaign.threshold} or more). Use your personal link, or your team "
            f"code from the poster."
        ),
        link=f"{settings.SITE_URL}/k/",
    )
    return outcome.ok


@task()
def flush_held_responses(campaign_id: int) -> int:
    """Write a campaign's held answers as responses once a batch has gathered."""
    return flush_held(campaign_id)


def flush_waiting_answers() -> int:
    """For the tick: every gathered batch, and the last, smaller one of each closed campaign."""
    return flush_waiting()


RELEASES_PER_TICK = 20


def store_closed_releases(now=None) -> int:
    """For the tick: compute and store the release of campaigns that closed since, so that no
    page view pays for it (a few per tick: a deploy onto many old campaigns catches up)."""
    now = now or timezone.now()
    closed = Campaign.objects.filter(launched=True, closes_at__lte=now).select_related(
        "organisation"
    )
    stored = 0
    for campaign in closed.exclude(snapshots__isnull=False).order_by("-closes_at")[
        :RELEASES_PER_TICK
    ]:
        store_release(campaign)
        stored += 1
    return stored
