"""Who may see what: a reader's own report e-mails; anything else answers 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from twoway.org.access import Scope, id_or_404

from .models import ReportSubscription


def get_subscription_or_404(scope: Scope, user, subscription_id) -> ReportSubscription:
    return get_object_or_404(
        ReportSubscription,
        pk=id_or_404(subscription_id),
        organisation=scope.organisation,
        user=user,
    )
