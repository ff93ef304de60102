"""Saved business cases: a named case per organisation, with its owner.

The case itself is the plain data of `twoway.staffing.BusinessCase.to_dict()`, so the library
reads it back with `case_from_dict` and the web, the command line and later apps (change
initiatives, ideas, workarounds) all get the same numbers from it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twoway.org.models import Organisation


class BusinessCase(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="business_cases"
    )
    # A case outlives its author's account; admins can still edit or delete it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="business_cases",
    )
    name = models.CharField(_("name"), max_length=200)
    # `twoway.staffing.BusinessCase.to_dict()`: the source of every number.
    data = models.JSONField(default=dict)
    # How the workload was entered (daily volumes or a plan file), to fill the form again.
    workload_inputs = models.JSONField(default=dict, blank=True)
    # Headline figures at the last save, so the list page needs no evaluation.
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-updated_at"], name="case_org_updated")]
        verbose_name = _("business case")
        verbose_name_plural = _("business cases")

    def __str__(self) -> str:
        return self.name

    @property
    def has_plan(self) -> bool:
        """True when the workload came from an uploaded plan file."""
        return self.workload_inputs.get("kind") == "plan"
