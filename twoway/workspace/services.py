"""Every write of the workspace: subscribing to and cancelling report e-mails, and marking
them sent. Each runs in one transaction with its audit entry."""

from __future__ import annotations

from django.db import transaction

from twoway.org.access import Scope
from twoway.org.models import AuditEvent, Unit
from twoway.org.services import audit

from .models import ReportSubscription


def subscribe(scope: Scope, user, unit: Unit, weekday: int) -> ReportSubscription:
    """A weekly report e-mail about `unit` (which the scope covers) for `user`; idempotent."""
    if not scope.covers_unit(unit):
        raise ValueError("the unit is outside the reader's scope")
    with transaction.atomic():
        subscription, created = ReportSubscription.objects.get_or_create(
            organisation=scope.organisation, user=user, unit=unit, weekday=weekday
        )
        if created:
            audit(
                scope.organisation,
                user,
                AuditEvent.Kind.SETTINGS_CHANGED,
                f"Report e-mail about {unit.name} subscribed",
            )
    return subscription


def cancel_subscription(subscription: ReportSubscription, user) -> None:
    with transaction.atomic():
        audit(
            subscription.organisation,
            user,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Report e-mail about {subscription.unit.name} cancelled",
        )
        subscription.delete()


def mark_sent(subscription: ReportSubscription, day, error: str = "") -> None:
    """Record the day's outcome: sent (or given up for the day) on `day`; a failed send keeps
    the last day so the next run tries again."""
    ReportSubscription.objects.filter(pk=subscription.pk).update(
        last_sent_on=day or subscription.last_sent_on, last_error=error[:300]
    )
