"""Adapt alerts: a unit more than 10 points under the target curve for 7 days in a row.

After every adoption import the figures are computed as of the latest day with data; each
unit whose run reached 7 days without a correction since it began gets one `AdaptAlert` (once
per run), and the owner an e-mail, sent by a background task once the import commits. An alert
stays listed until a course correction covering its unit is logged.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from twoway.insights.adoption import ALERT_RUN_DAYS, day_date

from .adoption import Adoption, compute_adoption
from .models import AdaptAlert, Initiative
from .tasks import send_alert_emails


def refresh_alerts(initiative: Initiative, adoption: Adoption | None = None) -> list[AdaptAlert]:
    """Record the alerts the latest figures raise (two queries); returns the new ones."""
    adoption = adoption or compute_adoption(initiative)
    known = set(initiative.alerts.values_list("unit_id", "began_on"))
    created = []
    for unit in adoption.units:
        since = unit.metrics.behind_since
        if not unit.metrics.alert or since is None or unit.unit_id is None:
            continue
        began = day_date(since)
        if (unit.unit_id, began) in known:
            continue
        raised = began + datetime.timedelta(days=ALERT_RUN_DAYS - 1)
        created.append(
            AdaptAlert(
                initiative=initiative, unit_id=unit.unit_id, began_on=began, raised_on=raised
            )
        )
    created = AdaptAlert.objects.bulk_create(created)
    if created:
        ids = [a.pk for a in created]
        transaction.on_commit(lambda: send_alert_emails.enqueue(ids))
    return created


def open_alerts(initiative: Initiative):
    return initiative.alerts.filter(cleared_by__isnull=True).select_related("unit")
