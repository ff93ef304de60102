"""Actions a leader takes on a result, and the "you said, we did" notes that close the loop.

An action starts from a source (a pulse item, a comment theme, a diagnostic item) kept as free
text so that it outlives the source; when done, its "we did" note is published to the unit's
frontline. The frontline can then say whether it helped: `ActionFeedback` keeps only counts
by answer, and `ActionVoter` only who has voted (to allow one vote each), never which answer,
as an Invitation knows whether its person answered but not what (docs/privacy.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twoway.org.models import Organisation, Person, Unit


class SourceKind(models.TextChoices):
    PULSE_ITEM = "pulse_item", _("Pulse item")
    THEME = "theme", _("Comment theme")
    DIAGNOSTIC_ITEM = "diagnostic_item", _("Diagnostic item")
    OTHER = "other", _("Other")


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="actions")
    source_kind = models.CharField(
        max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    source_ref = models.CharField(max_length=100, blank=True)  # item code or theme id
    source_label = models.CharField(max_length=300, blank=True)
    what = models.TextField(max_length=1000)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=4, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    you_said = models.CharField(max_length=300, blank=True)
    we_did = models.TextField(max_length=2000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "due_on", "pk"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="action_org_status"),
            models.Index(fields=["unit", "published_at"], name="action_unit_published"),
        ]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Helped(models.TextChoices):
    YES = "yes", _("Yes, it helped")
    NO = "no", _("No, it did not help")
    UNSURE = "unsure", _("Not sure yet")


class ActionFeedback(models.Model):
    """How many people answered `helped` about an action: a count, never a person."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="feedback")
    helped = models.CharField(max_length=6, choices=Helped.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "helped"], name="action_feedback_once")
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.helped}: {self.count}"


class ActionVoter(models.Model):
    """That a person has said whether an action helped; not what they said, nor when."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "person"], name="action_vote_once")
        ]

    def __str__(self) -> str:
        return f"voter on {self.action_id}"
