"""Settings and links of sign-on, provisioning and data care, kept apart from the org tables.

- `IdentitySettings`: one row per organisation: the SCIM token's hash, the admin's window for
  a mass leave through SCIM, and how many months comment text is kept.
- `ScimUser` and `ScimGroup`: the identity provider's view of a person and of a unit. Their
  SCIM ids are random UUIDs, so an id says nothing about order or arrival.
- `ScimLeave`: the days people were deactivated through SCIM, counted by the mass-leave guard.
- `SsoIdentity`: which account an identity provider's subject signs in as.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twoway.org.models import Organisation, Person, Unit


class IdentitySettings(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="identity_settings"
    )
    # SHA-256 of the organisation's SCIM bearer token; the token is shown once when made.
    scim_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    scim_token_set_at = models.DateTimeField(null=True, blank=True)
    # Until then, SCIM may deactivate more people than the mass-leave share (an admin said so).
    scim_leave_allowed_until = models.DateTimeField(null=True, blank=True)
    # Comment text of campaigns closed longer ago than this is deleted; None keeps it.
    comment_retention_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )

    def __str__(self) -> str:
        return f"identity settings of {self.organisation}"

    @classmethod
    def of(cls, organisation: Organisation) -> IdentitySettings:
        found, _created = cls.objects.get_or_create(organisation=organisation)
        return found


class ScimUser(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="scim_user")
    user_name = models.CharField(max_length=255)
    external_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user_name"], name="scim_user_unique_name"
            )
        ]
        indexes = [models.Index(fields=["organisation", "external_id"], name="scim_user_ext")]

    def __str__(self) -> str:
        return self.user_name


class ScimGroup(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    display_name = models.CharField(max_length=1000)
    external_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "unit"], name="scim_group_one_unit"),
            models.UniqueConstraint(
                fields=["organisation", "display_name"], name="scim_group_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name


class ScimLeave(models.Model):
    """One deactivation through SCIM: the guard counts those of the last day."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["organisation", "at"], name="scim_leave_org_at")]

    def __str__(self) -> str:
        return f"scim leave {self.at:%Y-%m-%d}"


class SsoIdentity(models.Model):
    """An identity provider's subject, bound to one account on its first sign-in."""

    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_once")
        ]
        verbose_name_plural = _("single sign-on identities")

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
