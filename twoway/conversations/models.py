"""Conversations: a question put to everyone, statements, and agree / disagree / pass votes.

The privacy model (docs/conversations.md) shapes these tables:
- a `Participant` is a row of the votes matrix: their unit and lens as at their first vote, and
  `voter_key`, a keyed hash (HMAC of the server's secret) of the conversation and the person,
  which lets the same person come back and vote once per statement. No column names the
  person, ids are random (they say nothing of who came first), and the keys are erased when
  the conversation closes, after which nothing joins a person to their votes;
- a `Vote` knows its participant row, its statement and its value, and no time at all;
- a `Statement` shows no author unless the author chose to sign it, and only its redacted text
  is kept.
Leader modelling keeps counts only (`ModellingCount`), per rated leader, wave, item and answer.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twoway.insights.anonymity import effective_threshold
from twoway.org.models import MIN_ANONYMITY_THRESHOLD, Organisation, Person, Unit
from twoway.pulse.models import PulseSchedule
from twoway.surveys.models import Campaign

MAX_STATEMENT_CHARS = 400
# PostgreSQL's bigint is signed 64-bit: random ids stay below 2**62, clear of the edge.
RANDOM_ID_LIMIT = 2**62


def random_id() -> int:
    return secrets.randbelow(RANDOM_ID_LIMIT - 1) + 1


class Conversation(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="conversations"
    )
    question = models.CharField(max_length=300)
    description = models.TextField(max_length=2000, blank=True)
    audience_units = models.ManyToManyField(Unit, blank=True, related_name="+")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    allow_statements = models.BooleanField(default=True)
    premoderate = models.BooleanField(default=False)
    threshold = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(MIN_ANONYMITY_THRESHOLD)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the voter keys were erased after closing (see services.forget_voters).
    voters_forgotten = models.BooleanField(default=False)
    # When everyone was last e-mailed their link (at most once a day: outreach.py).
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.question

    @property
    def status(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return self.Status.SCHEDULED
        if now >= self.closes_at:
            return self.Status.CLOSED
        return self.Status.OPEN

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def k(self) -> int:
        """The threshold that applies: the conversation's or the organisation's, the higher."""
        return effective_threshold(self.threshold, self.organisation.anonymity_threshold)


class Statement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements"
    )
    text = models.TextField(max_length=MAX_STATEMENT_CHARS)  # redacted before it is stored
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACCEPTED)
    is_seed = models.BooleanField(default=False)
    is_meta = models.BooleanField(default=False)
    signed_by = models.CharField(max_length=200, blank=True)  # only if the author chose to sign
    added_on = models.DateField(default=timezone.localdate)  # the day only
    # Live counts behind the next-statement priority (never shown: results come from k).
    agree_count = models.PositiveIntegerField(default=0)
    disagree_count = models.PositiveIntegerField(default=0)
    pass_count = models.PositiveIntegerField(default=0)
    important_count = models.PositiveIntegerField(default=0)
    # From the last recompute: how far agreeing with this statement alone moves someone.
    extremity = models.FloatField(default=0.0)

    class Meta:
        ordering = ["text", "pk"]  # never by arrival: that could point at the author
        indexes = [models.Index(fields=["conversation", "status"], name="statement_conv_status")]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def seen_count(self) -> int:
        return self.agree_count + self.disagree_count + self.pass_count


class Participant(models.Model):
    """One row of the votes matrix. See the module docstring for what it does not hold."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    # Null, not "", once forgotten: many erased keys must not collide in the unique constraint.
    voter_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    is_leader = models.BooleanField(default=False)
    statements_added = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "voter_key"], name="participant_once_per_voter"
            )
        ]

    def __str__(self) -> str:
        return "participant"


class Vote(models.Model):
    class Value(models.IntegerChoices):
        AGREE = 1, _("Agree")
        DISAGREE = -1, _("Disagree")
        PASS = 0, _("Pass / unsure")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=Value.choices)
    important = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="vote_once"),
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 0, 1]), name="vote_value_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.value}"


class ConversationResult(models.Model):
    """The last analysis (twoway.insights.opinion.analyse), already suppressed at k."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="result"
    )
    data = models.JSONField(default=dict)
    votes_counted = models.PositiveIntegerField(default=0)
    threshold = models.PositiveSmallIntegerField(default=5)
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"result of {self.conversation_id}"


class ModellingSetting(models.Model):
    """Whether a pulse schedule's waves carry the leader-modelling items."""

    schedule = models.OneToOneField(
        PulseSchedule, on_delete=models.CASCADE, related_name="modelling"
    )
    enabled = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"modelling on {self.schedule_id}: {self.enabled}"


class ModellingCount(models.Model):
    """How many of a leader's direct team gave one answer to one modelling item in one wave."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=20)
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "leader", "item", "value"], name="modelling_count_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.leader_id} {self.item}={self.value}: {self.count}"
