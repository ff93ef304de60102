"""Background task: send the report e-mails due today. Its payload carries nothing."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from twoway.notify.email import send_emails

from .digest import NotInScope, report_email
from .models import ReportSubscription
from .services import mark_sent


def due_subscriptions(day):
    return (
        ReportSubscription.objects.filter(weekday=day.weekday())
        .exclude(last_sent_on__gte=day)
        .select_related("user", "organisation", "unit")
    )


@task()
def send_report_emails() -> int:
    """Send every report e-mail due today that has not gone out yet; returns how many went."""
    day = timezone.localdate()
    sent = 0
    for subscription in due_subscriptions(day):
        try:
            message = report_email(subscription)
        except NotInScope:
            mark_sent(subscription, day, "The unit is no longer in this account's scope.")
            continue
        report = send_emails([message])
        error = report.failed.get(message.to, "")
        mark_sent(subscription, None if error else day, error)
        sent += not error
    return sent
