"""Posts from the frontline (workarounds, ideas, blockers, leaders' needs), their votes,
official answers and kudos.

The privacy model (docs/voice.md, DESIGN.md §3) shapes these tables as it shapes a survey
response:
- an anonymous `Post` keeps only its reporting attributes: the unit (generalised upward to a
  unit of at least k people of the author's lens), the lens, the language and the day; no
  column names or points at its author, and pages never order posts by id or arrival (a random
  `shuffle` breaks ties within a day). `author` is filled only when the author chose to sign.
- `Ballot` is the table of its own that enforces one vote per person and the vote budget: it
  holds a keyed hash of (organisation, person, purpose), never a person, and no view, export
  or API returns it. Posts carry their vote counts, so pages never count ballots.
- the receipt link of a post is a random token that only its author holds; the post keeps
  its SHA-256.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from twoway.cases.models import BusinessCase
from twoway.followups.models import Action
from twoway.org.models import Organisation, Person, Unit
from twoway.staffing.workarounds import PER_CONTACT, PER_SHIFT, PER_WEEK


class Kind(models.TextChoices):
    WORKAROUND = "workaround", _("Workaround")
    IDEA = "idea", _("Idea")
    BLOCKER = "blocker", _("Blocker")
    LEADER_NEED = "leader_need", _("What leaders need")


class Status(models.TextChoices):
    NEW = "new", _("New")
    REVIEW = "review", _("Under review")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")
    DUPLICATE = "duplicate", _("Duplicate")


OPEN_STATUSES = (Status.NEW, Status.REVIEW, Status.PLANNED, Status.IN_PROGRESS)
ANSWER_REQUIRED = (Status.DONE, Status.DECLINED)


class Theme(models.TextChoices):
    TOOLS = "tools", _("Tools and systems")
    PROCESS = "process", _("Process and policy")
    KNOWLEDGE = "knowledge", _("Knowledge and training")
    SCHEDULE = "schedule", _("Schedules and workload")
    HOME = "home", _("Working from home")
    CUSTOMERS = "customers", _("Customers")
    OTHER = "other", _("Other")


class Per(models.TextChoices):
    CONTACT = PER_CONTACT, _("per contact")
    SHIFT = PER_SHIFT, _("per shift")
    WEEK = PER_WEEK, _("per week")


class Moderation(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    VISIBLE = "visible", _("Visible")
    REPORTED = "reported", _("Reported, waiting for a moderator")
    HIDDEN = "hidden", _("Hidden by a moderator")


class VoiceSettings(models.Model):
    """The organisation's voice settings and the pricing assumptions leaders can edit."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="voice_settings"
    )
    vote_budget = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    premoderation = models.BooleanField(default=False)
    currency = models.CharField(max_length=5, default="$")
    cost_per_hour = models.FloatField(default=30.0)
    shrinkage = models.FloatField(default=0.30)
    occupancy = models.FloatField(default=0.85)
    aht_seconds = models.FloatField(default=360.0)
    paid_hours_per_shift = models.FloatField(default=8.0)
    shifts_per_week = models.FloatField(default=5.0)
    working_days_per_year = models.FloatField(default=230.0)
    # The organisation's channel for voice news (a Slack or Teams incoming webhook).
    webhook_url = models.URLField(blank=True)
    webhook_kind = models.CharField(
        max_length=6, blank=True, choices=[("slack", "Slack"), ("teams", "Microsoft Teams")]
    )
    # Days of the last ranking refresh and the last kudos digest (see tasks.py).
    ranked_on = models.DateField(null=True, blank=True)
    digest_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"voice settings of {self.organisation}"

    @classmethod
    def of(cls, organisation: Organisation) -> VoiceSettings:
        """The organisation's settings, read once per organisation object (one request)."""
        cached = getattr(organisation, "_voice_settings", None)
        if cached is not None:
            return cached
        found, _created = cls.objects.get_or_create(organisation=organisation)
        organisation._voice_settings = found  # type: ignore[attr-defined]
        return found


class UnitChannel(models.Model):
    """Where a unit's news goes: a webhook and/or a team mailbox; the nearest one up applies."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="voice_channel")
    webhook_url = models.URLField(blank=True)
    webhook_kind = models.CharField(
        max_length=6, blank=True, choices=[("slack", "Slack"), ("teams", "Microsoft Teams")]
    )
    email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return f"channel of {self.unit}"


class Post(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # The public id in links: random, so that links do not tell the order posts came in.
    code = models.CharField(max_length=12, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    theme = models.CharField(max_length=10, choices=Theme.choices, default=Theme.OTHER)
    title = models.CharField(max_length=140)  # redacted
    body = models.TextField(max_length=4000, blank=True)  # redacted
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    is_leader = models.BooleanField(default=False)
    language = models.CharField(max_length=10, blank=True)
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_on = models.DateField()  # the day only
    shuffle = models.IntegerField(default=0)  # random tie-break within a day
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    status_on = models.DateField(null=True, blank=True)
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.VISIBLE
    )
    reports = models.PositiveIntegerField(default=0)
    report_cleared = models.BooleanField(default=False)  # a moderator kept it after reports
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    # A workaround: the official way, what people do instead, and what it costs.
    official_way = models.TextField(max_length=2000, blank=True)
    instead = models.TextField(max_length=2000, blank=True)
    minutes_lost = models.FloatField(null=True, blank=True)
    how_often = models.FloatField(null=True, blank=True)
    per = models.CharField(max_length=8, choices=Per.choices, blank=True)
    people_affected = models.PositiveIntegerField(null=True, blank=True)
    # The one stored figure: money and FTE follow from it and the organisation's assumptions
    # (`cost_per_year`, `fte`), so a new loaded cost needs no write, and repricing the board
    # writes one column.
    hours_per_year = models.FloatField(null=True, blank=True)
    # Votes, kept here so that the board never counts ballots.
    up_votes = models.PositiveIntegerField(default=0)
    down_votes = models.PositiveIntegerField(default=0)
    hot = models.FloatField(default=0.0)
    confidence = models.FloatField(default=1.0)
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    business_case = models.ForeignKey(
        BusinessCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "moderation", "-hot"], name="post_board_hot"),
            models.Index(
                fields=["organisation", "moderation", "-confidence"], name="post_board_conf"
            ),
            models.Index(
                fields=["organisation", "moderation", "-hours_per_year"], name="post_board_money"
            ),
            models.Index(
                fields=["organisation", "moderation", "-up_votes"], name="post_board_votes"
            ),
            models.Index(
                fields=["organisation", "moderation", "-created_on", "shuffle"],
                name="post_board_new",
            ),
            models.Index(fields=["organisation", "status"], name="post_org_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_workaround(self) -> bool:
        return self.kind == Kind.WORKAROUND

    @property
    def net_votes(self) -> int:
        return self.up_votes - self.down_votes

    @property
    def cost_per_year(self) -> float | None:
        """Hours a year at the organisation's loaded cost per paid hour."""
        if self.hours_per_year is None:
            return None
        return self.hours_per_year * self._voice_settings().cost_per_hour

    @property
    def fte(self) -> float | None:
        """The hours a year over the paid hours of one person's working year."""
        if self.hours_per_year is None:
            return None
        voice_settings = self._voice_settings()
        year = voice_settings.working_days_per_year * voice_settings.paid_hours_per_shift
        return self.hours_per_year / year

    def _voice_settings(self) -> VoiceSettings:
        return VoiceSettings.of(self.organisation)


class Ballot(models.Model):
    """One person's vote on one post, under a keyed hash of the person: never returned."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    voter = models.CharField(max_length=64)
    value = models.SmallIntegerField()  # +1 "me too", -1 "not for me"
    minutes = models.FloatField(null=True, blank=True)  # the voter's estimate, workarounds only
    cast_on = models.DateField()  # the day only

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "voter"], name="ballot_once")]
        indexes = [models.Index(fields=["voter"], name="ballot_voter")]

    def __str__(self) -> str:
        return f"ballot on {self.post_id}"


class Flag(models.Model):
    """That someone (a keyed hash) reported a post, so that one person reports once."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    reporter = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="flag_once")]

    def __str__(self) -> str:
        return f"flag on {self.post_id}"


class Answer(models.Model):
    """A status change with its official answer, in public, by a named leader."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="answers")
    status = models.CharField(max_length=12, choices=Status.choices)
    text = models.TextField(max_length=4000, blank=True)  # redacted
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.post_id} -> {self.status}"


class Kudos(models.Model):
    """A named recognition of a colleague or a team, optionally for a done post."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")  # the feed
    to_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    from_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_label = models.CharField(max_length=200)
    message = models.TextField(max_length=1000)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL)
    hidden = models.BooleanField(default=False)  # by the person recognised
    created_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "hidden", "-created_at"], name="kudos_feed")]

    def __str__(self) -> str:
        return self.message[:40]
