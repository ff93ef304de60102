"""Change initiatives: the plan (phases, messages, champions), the evidence (adoption counts,
readiness and acknowledgement counts) and the record (decisions, corrections, wins).

Privacy (docs/change.md, DESIGN.md §3): adoption is unit-level counts only; readiness,
line-of-sight and acknowledgement answers are counts per (unit, lens, item, value) or
(message, unit, answer), never a person, never a time. The one-answer-per-person rule of
acknowledgements keeps a keyed hash in `AckVoter`, apart from the counts, never shown.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from twoway.cases.models import BusinessCase
from twoway.org.models import Organisation, Person, Unit
from twoway.surveys.models import Campaign


class Impact(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    PLANNED = "planned", _("Planned")
    ROLLING_OUT = "rolling_out", _("Rolling out")
    SUSTAINING = "sustaining", _("Sustaining")
    CLOSED = "closed", _("Closed")
    ABANDONED = "abandoned", _("Abandoned")


# Readiness rides in the pulse while an initiative is in one of these.
ACTIVE_STATUSES = frozenset({Status.PLANNED, Status.ROLLING_OUT, Status.SUSTAINING})
ENDED_STATUSES = frozenset({Status.CLOSED, Status.ABANDONED})


class ChangeSettings(models.Model):
    """An organisation's change settings: impact weights, capacity, chat channels."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="change_settings"
    )
    weight_low = models.FloatField(default=1, validators=[MinValueValidator(0)])
    weight_medium = models.FloatField(default=5, validators=[MinValueValidator(0)])
    weight_high = models.FloatField(default=10, validators=[MinValueValidator(0)])
    capacity = models.FloatField(default=15, validators=[MinValueValidator(0)])
    slack_webhook = models.URLField(blank=True)
    teams_webhook = models.URLField(blank=True)

    def __str__(self) -> str:
        return f"change settings of {self.organisation}"

    def weights(self) -> dict[str, float]:
        return {
            Impact.LOW: self.weight_low,
            Impact.MEDIUM: self.weight_medium,
            Impact.HIGH: self.weight_high,
        }


class VisionLine(models.Model):
    """A couple of sentences: what the organisation, a site or a team achieves for its staff,
    the company and its customers. `unit` null is the organisation's own."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__path", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "unit"], name="vision_once_per_unit")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Initiative(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="initiatives"
    )
    key = models.SlugField(max_length=40)
    title = models.CharField(max_length=200)
    why = models.TextField(blank=True)
    how_much = models.TextField(blank=True)
    what_changes = models.TextField(blank=True)
    sponsor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vision = models.ForeignKey(
        VisionLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives"
    )
    business_case = models.ForeignKey(
        BusinessCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    abandoned_reason = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    target_level = models.FloatField(
        default=0.80, validators=[MinValueValidator(0.01), MaxValueValidator(1)]
    )
    target_days = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    characteristics = models.JSONField(default=dict, blank=True)  # aspect -> 1..5
    impacted_roles = models.JSONField(default=dict, blank=True)  # role -> impact
    owner_ratings = models.JSONField(default=dict, blank=True)  # dimension -> 0..100
    # Bumped by every write that changes a figure, so stored figures know they are stale.
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="initiative_key_once")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED_STATUSES


class Phase(models.Model):
    """A set of units going live together: start, go-live and sustain-until (included)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(max_length=120)
    units = models.ManyToManyField(Unit, related_name="+")
    start = models.DateField()
    go_live = models.DateField()
    sustain_until = models.DateField()
    # The go-live first planned: a phase is on time while its go-live has not slipped.
    planned_go_live = models.DateField()
    impact = models.CharField(max_length=6, choices=Impact.choices, default=Impact.MEDIUM)

    class Meta:
        ordering = ["go_live", "pk"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SLACK = "slack", _("Slack")
    TEAMS = "teams", _("Microsoft Teams")
    HUDDLE = "huddle", _("Huddle talking points")
    POSTER = "poster", _("Poster with QR code")
    MEETING = "meeting", _("Town hall or meeting notes")


class Message(models.Model):
    """One touch of the communication plan: channel x audience x moment around a go-live."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        QUEUED = "queued", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="messages")
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="messages")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=4000)
    units = models.ManyToManyField(Unit, blank=True, related_name="+")  # none: the phase's
    roles = models.JSONField(default=list, blank=True)  # none: every impacted role
    offset_days = models.SmallIntegerField()  # after go-live; negative before it
    due_on = models.DateField()
    state = models.CharField(max_length=7, choices=State.choices, default=State.PLANNED)
    sent_at = models.DateTimeField(null=True, blank=True)
    reached = models.PositiveIntegerField(default=0)  # e-mails accepted or channels posted
    error = models.CharField(max_length=300, blank=True)
    # Huddle talking points reach the champions a few days before the teams.
    champions_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["state", "due_on"], name="message_state_due")]

    def __str__(self) -> str:
        return self.title


class AckAnswer(models.TextChoices):
    GOT_IT = "got_it", _("Got it")
    QUESTION = "question", _("I have a question")


class AckCount(models.Model):
    """How many people of a unit answered a message "got it" or "I have a question"."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="ack_counts")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=8, choices=AckAnswer.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "unit", "answer"], name="ack_count_cell")
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.unit_id} {self.answer}: {self.count}"


class AckVoter(models.Model):
    """That someone has answered a message: a keyed hash of (message, person), nothing else."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "key_hash"], name="ack_voter_once")
        ]

    def __str__(self) -> str:
        return f"voter on {self.message_id}"


class AckCode(models.Model):
    """A team's link to a message, for posters, huddles and chat: it knows the team only."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="ack_codes")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "unit"], name="ack_code_once")]

    def __str__(self) -> str:
        return self.code


class Champion(models.Model):
    """A named frontline champion of a team for one initiative."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="champions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["unit__path", "person__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "person"], name="champion_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.initiative}"


class Win(models.Model):
    """A short-term win anyone logs; owners may broadcast it to the impacted units."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="wins")
    text = models.CharField(max_length=300)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_on = models.DateField()
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    broadcast_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-logged_on", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Decision(models.Model):
    """The decision log. A course correction answers an adapt alert: what we saw, what we
    change, by when; without units it covers the whole initiative."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        CORRECTION = "correction", _("Course correction")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DECISION)
    saw = models.TextField(max_length=2000)
    change = models.TextField(max_length=2000)
    by_when = models.DateField(null=True, blank=True)
    logged_on = models.DateField()
    units = models.ManyToManyField(Unit, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-logged_on", "-pk"]

    def __str__(self) -> str:
        return self.change[:60]


class AdaptAlert(models.Model):
    """A unit that stayed more than 10 points under the target for 7 days in a row."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="alerts")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    began_on = models.DateField()  # the run's first behind day
    raised_on = models.DateField()  # its seventh
    emailed_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="cleared"
    )

    class Meta:
        ordering = ["-raised_on", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "unit", "began_on"], name="adapt_alert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} unit {self.unit_id} from {self.began_on}"


class AdoptionRow(models.Model):
    """One unit's counts on one day, as the telephony, CRM or WFM export gave them.

    The unique (initiative, unit, day) index serves every read; the foreign keys get no index
    of their own, which halves the cost of writing a million rows.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    eligible = models.PositiveIntegerField()
    adopted = models.PositiveIntegerField()
    proficiency = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["initiative", "unit", "day"], name="adoption_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.adopted}/{self.eligible}"


class AdoptionSnapshot(models.Model):
    """An initiative's computed adoption figures for one `version` of its data."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    payload = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"adoption of {self.initiative_id} v{self.version}"


class ReadinessCount(models.Model):
    """How many respondents of a unit and lens gave `value` to one ADKAR element, in one wave."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    lens = models.CharField(max_length=9)  # "frontline" or "leader"
    element = models.CharField(max_length=14)
    value = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "initiative", "unit", "lens", "element", "value"],
                name="readiness_count_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.element}={self.value}: {self.count}"


class VisionCount(models.Model):
    """The same for the two line-of-sight items, which every pulse wave may carry."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    lens = models.CharField(max_length=9)
    item = models.CharField(max_length=14)
    value = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "lens", "item", "value"], name="vision_count_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}={self.value}: {self.count}"
