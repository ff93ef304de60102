"""Question bank, templates, campaigns, invitations and anonymous responses.

The privacy model (docs/privacy.md) shapes these tables:
- an Invitation knows its person and whether they answered, never which response is theirs;
- a Response knows only its reporting attributes (unit, lens, tenure band, work location,
  language, channel) and the day it came in; no column joins it to an invitation or person;
- AnswerCount keeps the counts every result is computed from, so pages read thousands of
  counts rather than millions of answers;
- a submission is first held, sealed, in HeldResponse, and written with a shuffled batch of
  others later, apart from its invitation's claim (`holding.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twoway.org.models import MIN_ANONYMITY_THRESHOLD, Organisation, Person, Unit


class ItemKind(models.TextChoices):
    AGREE5 = "agree5", _("Agreement, 5 points, with not applicable")
    SCALE0_10 = "scale0_10", _("Scale 0 to 10")
    CHOICE = "choice", _("Single choice")
    TEXT = "text", _("Open text")


RATING_KINDS = frozenset({ItemKind.AGREE5, ItemKind.SCALE0_10})
SCALE_BOUNDS = {ItemKind.AGREE5: (1, 5), ItemKind.SCALE0_10: (0, 10)}


class Lens(models.TextChoices):
    """Who answered, and for leaders, which of their two answers."""

    FRONTLINE = "frontline", _("Frontline (experienced)")
    LEADER_NOW = "leader_now", _("Leaders (believed now)")
    LEADER_WANTED = "leader_wanted", _("Leaders (wanted)")


class Template(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="survey_templates"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    languages = models.JSONField(default=list)
    # Where it came from, e.g. "builtin:alignment-diagnostic@1", or "copy:<id>".
    source = models.CharField(max_length=100, blank=True)
    answer_labels = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Construct(models.Model):
    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="constructs")
    code = models.SlugField(max_length=60)
    label = models.JSONField(default=dict)  # language -> text
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="construct_unique_code")
        ]

    def __str__(self) -> str:
        return self.code


class Item(models.Model):
    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="items")
    construct = models.ForeignKey(
        Construct, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    code = models.SlugField(max_length=60)
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(default=True)
    frontline_text = models.JSONField(default=dict)  # language -> wording for the frontline
    leader_text = models.JSONField(default=dict)  # language -> wording for leaders
    choices = models.JSONField(default=list, blank=True)  # [{"code":..., "label": {lang: ...}}]

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="item_unique_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_rating(self) -> bool:
        return self.kind in RATING_KINDS

    def wording(self, lens: str, language: str) -> str:
        texts = self.frontline_text if lens == Lens.FRONTLINE else self.leader_text
        return texts.get(language) or texts.get("en") or next(iter(texts.values()), self.code)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="campaigns"
    )
    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(max_length=200)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    languages = models.JSONField(default=list)
    threshold = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(MIN_ANONYMITY_THRESHOLD)]
    )
    audience_units = models.ManyToManyField(Unit, blank=True, related_name="+")
    audience_roles = models.JSONField(default=list, blank=True)
    launched = models.BooleanField(default=False)
    webhook_url = models.URLField(blank=True, help_text=_("A Slack or Teams incoming webhook."))
    webhook_kind = models.CharField(
        max_length=6, blank=True, choices=[("slack", "Slack"), ("teams", "Microsoft Teams")]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def status(self) -> str:
        now = timezone.now()
        if not self.launched:
            return self.Status.DRAFT
        if now < self.opens_at:
            return self.Status.SCHEDULED
        if now >= self.closes_at:
            return self.Status.CLOSED
        return self.Status.OPEN

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Invitation(models.Model):
    """A person's personal link to a campaign. It never points to their response.

    `delivery` says what became of its e-mail (never whether it was answered); `token_version`
    counts the links an admin resent: each new link replaces the hash of the one before on
    this same invitation, which keeps its answered flag.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        LINK = "link", _("Link handed out")

    class Delivery(models.TextChoices):
        PENDING = "pending", _("Not sent yet")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed: will be tried again")
        BOUNCED = "bounced", _("Refused by the mail server")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    responded = models.BooleanField(default=False)
    delivery = models.CharField(max_length=8, choices=Delivery.choices, default=Delivery.PENDING)
    delivery_note = models.CharField(max_length=300, blank=True)  # the mail server's reason
    token_version = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="invitation_once")
        ]
        indexes = [models.Index(fields=["campaign", "unit", "responded"], name="inv_unit_resp")]

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class KioskCode(models.Model):
    """A team's short code and QR code, for people without e-mail: answers ask team and role."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="kiosk_codes")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="kiosk_once_per_unit")
        ]

    def __str__(self) -> str:
        return self.code


class Channel(models.TextChoices):
    LINK = "link", _("Personal link")
    KIOSK = "kiosk", _("Team code")


class Response(models.Model):
    """One submitted questionnaire, with only its reporting attributes."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    is_leader = models.BooleanField(default=False)
    tenure_band = models.CharField(max_length=8, blank=True)
    work_location = models.CharField(max_length=8, blank=True)
    language = models.CharField(max_length=10, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    submitted_on = models.DateField()  # the day only: a time would help re-identify

    def __str__(self) -> str:
        return f"response {self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    lens = models.CharField(max_length=14, choices=Lens.choices)
    value = models.SmallIntegerField(null=True, blank=True)  # null: not applicable
    choice = models.CharField(max_length=60, blank=True)

    def __str__(self) -> str:
        return f"{self.item_id}={self.value}"


class Comment(models.Model):
    """An open-text answer, kept with the response's attributes and redacted for reading."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="comments")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    is_leader = models.BooleanField(default=False)
    text = models.TextField()
    redacted = models.TextField()
    # Filled by the pulse's comment analysis (twoway.pulse.comments); null until then.
    sentiment = models.FloatField(null=True, blank=True)
    sentiment_label = models.CharField(max_length=8, blank=True)
    theme = models.IntegerField(null=True, blank=True)  # stable theme id; null: none

    def __str__(self) -> str:
        return self.redacted[:40]


class AnswerCount(models.Model):
    """How many respondents of one cell gave one answer to one item."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="counts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    lens = models.CharField(max_length=14, choices=Lens.choices)
    tenure_band = models.CharField(max_length=8, blank=True)
    work_location = models.CharField(max_length=8, blank=True)
    language = models.CharField(max_length=10, blank=True)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "campaign",
                    "unit",
                    "lens",
                    "tenure_band",
                    "work_location",
                    "language",
                    "item",
                    "value",
                ],
                name="answer_count_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}={self.value}: {self.count}"


class HeldResponse(models.Model):
    """A submitted questionnaire waiting, sealed, to be written with a batch of others.

    Only the campaign, the unit and the day are in clear (participation counts them); the
    answers are encrypted under a key the database does not hold (see `holding.py`).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField()
    payload = models.BinaryField()

    def __str__(self) -> str:
        return f"held answer for campaign {self.campaign_id}"


class KioskSubmission(models.Model):
    """Recent kiosk submissions per address, kept briefly for rate limiting only."""

    key = models.CharField(max_length=100, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.key


class ResultSnapshot(models.Model):
    """A closed campaign's computed results, stored once: closed campaigns never change."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="snapshots")
    view = models.CharField(max_length=10)
    filter_by = models.CharField(max_length=20, blank=True)
    threshold = models.PositiveSmallIntegerField()
    records = models.JSONField()
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "view", "filter_by", "threshold"], name="snapshot_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.view}:{self.filter_by}"


class ReportFile(models.Model):
    """A closed campaign's executive report PDF in one language, drawn once."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    language = models.CharField(max_length=10)
    pdf = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "language"], name="report_once")]

    def __str__(self) -> str:
        return f"report {self.campaign_id} {self.language}"


class ThemeState(models.Model):
    """Stored analysis state under a key, such as a pulse schedule's theme model as JSON."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="theme_state_once")
        ]

    def __str__(self) -> str:
        return self.key
