"""Report e-mails a leader subscribes to: a weekly summary of one unit of their scope.

A subscription names an account and a unit; what the e-mail says is worked out when it is sent,
from the reader's scope at that moment (a leader who moved loses the old unit's e-mail) and from
the pulse's released figures only, as the pages show them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twoway.org.models import Organisation, Unit
from twoway.pulse.models import Weekday


class ReportSubscription(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscriptions"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.MONDAY)
    last_sent_on = models.DateField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path", "weekday", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "weekday"], name="report_subscription_once"
            )
        ]
        verbose_name = _("report e-mail")

    def __str__(self) -> str:
        return f"report e-mail for unit {self.unit_id} on day {self.weekday}"
