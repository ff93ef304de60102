"""Organisations (tenants), the unit tree, people, access and the audit log.

Every row below belongs to one organisation; queries always filter on it, so nothing crosses
tenants. Survey responses (later apps) reference a unit, never a person.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twoway.insights.anonymity import MIN_K

# The floor of k is the privacy package's; forms and validators here read it from there.
MIN_ANONYMITY_THRESHOLD = MIN_K


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    TEAM_LEAD = "team_lead", _("Team lead")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("Manager")
    DIRECTOR = "director", _("Director")
    EXECUTIVE = "executive", _("Executive")
    SUPPORT = "support", _("Support staff")


LEADER_ROLES = frozenset(
    {Role.TEAM_LEAD, Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.EXECUTIVE}
)


class WorkLocation(models.TextChoices):
    ONSITE = "onsite", _("On-site")
    REMOTE = "remote", _("Remote")
    HYBRID = "hybrid", _("Hybrid")


class UnitKind(models.TextChoices):
    CENTER = "center", _("Center")
    SITE = "site", _("Site")
    GROUP = "group", _("Group")
    TEAM = "team", _("Team")


class Organisation(models.Model):
    slug = models.SlugField(unique=True, max_length=60)
    name = models.CharField(max_length=200)
    anonymity_threshold = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(MIN_ANONYMITY_THRESHOLD)]
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    mass_leave_share = models.FloatField(
        default=0.20, help_text=_("A sync deactivating more than this share asks to confirm.")
    )
    # Lower-cased job title -> role, on top of the built-in defaults.
    title_roles = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A node of the organisation's tree, stored with a materialised path.

    `path` is "/<root id>/<child id>/.../<own id>/": a subtree is one indexed prefix query,
    reads vastly outnumber moves, and a move rewrites only the moved subtree's paths.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=UnitKind.choices, default=UnitKind.TEAM)
    is_virtual = models.BooleanField(
        default=False, help_text=_("A work-at-home site with no building.")
    )
    path = models.CharField(max_length=1000, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(default=0)
    # The unit's full name path, lower-cased, used to match units across roster imports.
    key = models.CharField(max_length=1000)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="unit_unique_key"),
        ]
        indexes = [models.Index(fields=["organisation", "path"], name="unit_org_path")]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        """The ids from the root down to this unit, itself last: path "/1/4/9/" gives [1, 4, 9]."""
        return path_ids(self.path)

    def subtree_filter(self, prefix: str = "") -> models.Q:
        """A filter for this unit and everything under it (prefix names the FK to Unit)."""
        return models.Q(**{f"{prefix}path__startswith": self.path})


def path_ids(path: str) -> list[int]:
    """The unit ids on a materialised path, root first ("/1/4/9/" gives [1, 4, 9])."""
    return [int(part) for part in path.strip("/").split("/") if part]


class Person(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    employee_id = models.CharField(max_length=64)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.AGENT)
    job_title = models.CharField(max_length=120, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="people")
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    hire_date = models.DateField(null=True, blank=True)
    work_location = models.CharField(max_length=8, choices=WorkLocation.choices, blank=True)
    language = models.CharField(max_length=10, blank=True)
    shift = models.CharField(max_length=60, blank=True)
    is_active = models.BooleanField(default=True)
    left_on = models.DateField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "employee_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "employee_id"], name="person_unique_employee_id"
            ),
            models.UniqueConstraint(
                fields=["organisation", "user"], name="person_one_per_account_and_org"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "is_active", "role"], name="person_org_active_role"
            ),
            models.Index(fields=["organisation", "last_name"], name="person_org_last_name"),
            # The redactor asks for the latest change to an organisation's roster.
            models.Index(fields=["organisation", "updated_at"], name="person_org_updated"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.employee_id

    @property
    def tenure_band(self) -> str:
        return tenure_band(self.hire_date, timezone.localdate())


TENURE_BANDS = (
    (90, "0-3m"),
    (365, "3-12m"),
    (2 * 365, "1-2y"),
    (5 * 365, "2-5y"),
)


def tenure_band(hire_date: datetime.date | None, today: datetime.date) -> str:
    """The tenure band used for reporting: coarse on purpose, so it never singles anyone out."""
    if hire_date is None:
        return ""
    days = (today - hire_date).days
    for limit, label in TENURE_BANDS:
        if days < limit:
            return label
    return "5y+"


class Membership(models.Model):
    """An account's access to one organisation.

    `admin` and `consultant` see the whole organisation. `member` sees what the role and unit
    of the account's person in that organisation allow (see `twoway.org.access`).
    """

    class Level(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        CONSULTANT = "consultant", _("Consultant")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.level})"


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        ROSTER_IMPORT = "roster_import", _("Roster import")
        ACCESS_GRANTED = "access_granted", _("Access granted")
        ACCESS_CHANGED = "access_changed", _("Access changed")
        ACCESS_REVOKED = "access_revoked", _("Access revoked")
        SETTINGS_CHANGED = "settings_changed", _("Settings changed")
        ORG_CREATED = "org_created", _("Organisation created")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(max_length=150, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(max_length=300)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.summary


class RosterUpload(models.Model):
    """An uploaded roster waiting between the web preview and its confirmation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="roster_uploads"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    date_order = models.CharField(max_length=3, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.filename


class LoginFailure(models.Model):
    """A failed log-in, kept briefly to throttle password guessing per account and address."""

    key = models.CharField(max_length=300, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.key
