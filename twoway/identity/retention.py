"""Comment retention: comment text older than an organisation's setting is deleted.

A comment's row stays with its unit, campaign, item, sentiment and theme, so every count
(comments per theme, per wave) stays as it was; only the words go, in both the raw and the
redacted column. Age is counted from the campaign's close, the coarsest date a comment has.
The tick runs it for every organisation with a setting (`twoway pulse_tick`).
"""

from __future__ import annotations

import calendar
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.org.models import Organisation
from twoway.org.services import audit
from twoway.surveys.models import Comment

from .models import IdentitySettings

KIND = "comments_deleted"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (the month's last day when shorter)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return datetime.date(year, month0 + 1, min(day.day, last))


def expired_comments(organisation: Organisation, months: int, today: datetime.date):
    cutoff = months_before(today, months)
    start = datetime.datetime.combine(cutoff, datetime.time.min, tzinfo=datetime.UTC)
    return Comment.objects.filter(
        campaign__organisation=organisation, campaign__closes_at__lt=start
    ).exclude(text="", redacted="")


def delete_old_comment_text(organisation: Organisation, today: datetime.date | None = None) -> int:
    """Blank the text of the organisation's expired comments; how many, with an audit entry."""
    months = (
        IdentitySettings.objects.filter(organisation=organisation)
        .values_list("comment_retention_months", flat=True)
        .first()
    )
    if not months:
        return 0
    today = today or timezone.localdate()
    with transaction.atomic():
        cleared = expired_comments(organisation, months, today).update(text="", redacted="")
        if cleared:
            audit(
                organisation, None, KIND,
                _("Text of %(n)s comments older than %(m)s months deleted")
                % {"n": cleared, "m": months},
                comments=cleared, months=months,
            )  # fmt: skip
    return cleared


def delete_all_old_comment_text(today: datetime.date | None = None) -> int:
    """For the tick: every organisation with a retention setting."""
    organisations = Organisation.objects.filter(
        identity_settings__comment_retention_months__isnull=False
    )
    return sum(delete_old_comment_text(o, today) for o in organisations)
