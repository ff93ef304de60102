"""Pulse schedules, their waves (each one a surveys.Campaign) and per-item pulse settings.

A wave is an ordinary campaign, so intake, invitations, team codes, answer counts and
suppression are the diagnostic's. What a pulse adds lives here: when waves happen, which
number each wave has (its slot since the schedule started, so items keep their rhythm), and
what the question bank says about each item that the surveys Item has no field for.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from twoway.insights.anonymity import effective_threshold
from twoway.org.models import MIN_ANONYMITY_THRESHOLD, Organisation, Unit
from twoway.surveys.models import Campaign, Item


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly (first chosen weekday of the month)")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class PulseSchedule(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pulse_schedules"
    )
    name = models.CharField(max_length=200)
    audience_units = models.ManyToManyField(Unit, blank=True, related_name="+")
    audience_roles = models.JSONField(default=list, blank=True)
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.WEEKLY)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.TUESDAY)
    hour = models.PositiveSmallIntegerField(default=9, validators=[MaxValueValidator(23)])
    open_days = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(14)]
    )
    threshold = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(MIN_ANONYMITY_THRESHOLD)]
    )
    languages = models.JSONField(default=list)
    # The first wave is the first slot on or after this day (in the organisation's time zone).
    starts_on = models.DateField()
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def k(self) -> int:
        """The threshold that applies: the schedule's or the organisation's, whichever is higher."""
        return effective_threshold(self.threshold, self.organisation.anonymity_threshold)


class PulseWave(models.Model):
    """Wave `number` of a schedule: its slot's index, counted from 1 at the first slot."""

    schedule = models.ForeignKey(PulseSchedule, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveIntegerField()
    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="pulse_wave")

    class Meta:
        ordering = ["schedule", "number"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "number"], name="pulse_wave_once")
        ]

    def __str__(self) -> str:
        return f"{self.schedule} #{self.number}"


class PulseItem(models.Model):
    """What the bank says about an item that surveys.Item does not keep."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="pulse")
    reverse = models.BooleanField(default=False)  # agreeing is bad: the index is flipped
    frequency = models.PositiveSmallIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.item_id} reverse={self.reverse} every {self.frequency}"


# --- Stored per-wave figures (computed in snapshots.py) -----------------------------------


class PulseWaveSnapshot(models.Model):
    """Released respondents and frontline invitations of every unit's subtree in one wave.

    `people` holds three equal-length lists: units (ids), respondents (None where the wave's
    release hides them) and invited, so one row per wave serves a whole tree.
    """

    wave = models.OneToOneField(PulseWave, on_delete=models.CASCADE, related_name="+")
    people = models.JSONField()
    # The threshold the release was made for: rows of another k are made again.
    k = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"wave {self.wave_id} people"


class PulseUnitSnapshot(models.Model):
    """A unit subtree's released frontline answer counts in one closed wave: item code ->
    counts list (index 0 is the scale's lowest value: 1 for agree items, 0 for the 0-10
    question); only items the wave's release shows for the unit."""

    wave = models.ForeignKey(PulseWave, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    counts = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "unit"], name="pulse_unit_snapshot_once")
        ]

    def __str__(self) -> str:
        return f"wave {self.wave_id} unit {self.unit_id}"


# --- Alerts (computed in alerts.py) ----------------------------------------------------------


class PulseAlert(models.Model):
    """One flagged (wave, unit, kind, item); figures are stored only for cells of k or more."""

    class Kind(models.TextChoices):
        DROP = "drop", _("Drop")
        PARTICIPATION = "participation", _("Participation collapse")

    class Delivery(models.TextChoices):
        PENDING = "pending", _("Not sent yet")
        SENT = "sent", _("Sent")
        COOLED = "cooled", _("Not sent: a similar alert was sent recently")
        NO_LEADER = "no_leader", _("Not sent: no leader with an e-mail address")
        FAILED = "failed", _("Not sent: the mail server refused it")

    schedule = models.ForeignKey(PulseSchedule, on_delete=models.CASCADE, related_name="alerts")
    wave = models.ForeignKey(PulseWave, on_delete=models.CASCADE, related_name="alerts")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    item_code = models.CharField(max_length=64, blank=True)  # "" for participation
    # Drop: index now, baseline index, change in points. Participation: rates (0-1). Null
    # where the figure would describe fewer than k people.
    value = models.FloatField(null=True, blank=True)
    baseline = models.FloatField(null=True, blank=True)
    change = models.FloatField(null=True, blank=True)
    p = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivery = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.PENDING)
    delivered_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "unit", "kind", "item_code"], name="pulse_alert_once"
            )
        ]
        indexes = [models.Index(fields=["unit", "kind", "item_code", "delivered_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_code} unit {self.unit_id} wave {self.wave_id}"


class PulseAlertCheck(models.Model):
    """Marks a closed wave whose alerts were computed, so the tick does it once."""

    wave = models.OneToOneField(PulseWave, on_delete=models.CASCADE, related_name="alert_check")
    checked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"alerts checked for wave {self.wave_id}"
