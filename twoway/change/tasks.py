"""Background tasks of change initiatives (django-tasks). Payloads carry ids, never a person:
each task reads who to write to from the database when it runs."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from twoway.notify.email import send_emails
from twoway.notify.webhooks import post_webhook

from .mail import alert_email
from .models import AdaptAlert


@task()
def send_alert_emails(alert_ids: list[int]) -> int:
    """E-mail each alert to its initiative's owner, once; returns how many went out."""
    alerts = list(
        AdaptAlert.objects.filter(pk__in=alert_ids, emailed_at__isnull=True).select_related(
            "initiative__owner", "initiative__organisation", "unit"
        )
    )
    messages = [alert_email(a) for a in alerts if a.initiative.owner and a.initiative.owner.email]
    report = send_emails(messages)
    sent = [a.pk for a in alerts if a.initiative.owner and a.initiative.owner.email in report.sent]
    AdaptAlert.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    return len(sent)


@task()
def run_change_tick(today: str | None = None) -> int:
    """Queue every message due by `today` (ISO date; default today), one task each, and send
    huddle points to champions; returns how many messages were queued. Idempotent."""
    from .outreach import queue_due_messages, send_champion_points

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    send_champion_points(day)
    queued = queue_due_messages(day)
    for message_id in queued:
        deliver_message.enqueue(message_id)
    return len(queued)


@task()
def deliver_message(message_id: int) -> str:
    """Send one queued message on its channel; returns its state afterwards."""
    from .outreach import deliver_queued

    message = deliver_queued(message_id)
    return message.state if message is not None else "not queued"


@task()
def broadcast_win(win_id: int) -> bool:
    """Post a win to the organisation's Slack and Teams channels; marks it broadcast."""
    from .config import settings_for
    from .models import Win

    win = Win.objects.select_related("initiative__organisation").filter(pk=win_id).first()
    if win is None:
        return False
    found = settings_for(win.initiative.organisation)
    posted = False
    for kind, url in (("slack", found.slack_webhook), ("teams", found.teams_webhook)):
        if url:
            outcome = post_webhook(
                url, kind=kind, title=f"Win: {win.initiative.title}", text=win.text
            )
            posted = posted or outcome.ok
    Win.objects.filter(pk=win.pk).update(broadcast_at=timezone.now())
    return posted
