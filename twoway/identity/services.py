"""The writes of the sign-on page: the SCIM token, the mass-leave window, comment retention.

Erasure (`erasure`), a person's own export (`mydata`), retention (`retention`) and SCIM
provisioning (`provisioning`) have modules of their own; each write has its audit entry.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.org.models import AuditEvent, Organisation
from twoway.org.services import audit

from .models import IdentitySettings
from .provisioning import ALLOW_LEAVE_FOR
from .tokens import hash_token, new_token


def issue_scim_token(organisation: Organisation, actor=None) -> str:
    """A new SCIM token for the organisation, shown this once; the previous one stops working."""
    token = new_token()
    with transaction.atomic():
        found = IdentitySettings.of(organisation)
        replaced = bool(found.scim_token_hash)
        found.scim_token_hash = hash_token(token)
        found.scim_token_set_at = timezone.now()
        found.save(update_fields=["scim_token_hash", "scim_token_set_at"])
        audit(
            organisation, actor, AuditEvent.Kind.SETTINGS_CHANGED,
            _("New SCIM token (the previous one no longer works)") if replaced
            else _("SCIM provisioning turned on"),
            scim_token=True,
        )  # fmt: skip
    return token


def revoke_scim_token(organisation: Organisation, actor=None) -> None:
    with transaction.atomic():
        IdentitySettings.objects.filter(organisation=organisation).update(
            scim_token_hash=None, scim_token_set_at=None
        )
        audit(organisation, actor, AuditEvent.Kind.SETTINGS_CHANGED,
              _("SCIM provisioning turned off"), scim_token=False)  # fmt: skip


def allow_scim_mass_leave(organisation: Organisation, actor=None) -> None:
    """For the next hour, SCIM deactivations pass the mass-leave guard (an admin confirmed)."""
    with transaction.atomic():
        found = IdentitySettings.of(organisation)
        found.scim_leave_allowed_until = timezone.now() + ALLOW_LEAVE_FOR
        found.save(update_fields=["scim_leave_allowed_until"])
        audit(
            organisation, actor, AuditEvent.Kind.SETTINGS_CHANGED,
            _("SCIM deactivations beyond the mass-leave share allowed for an hour"),
            allowed_until=found.scim_leave_allowed_until.isoformat(),
        )  # fmt: skip


def set_comment_retention(organisation: Organisation, months: int | None, actor=None) -> None:
    with transaction.atomic():
        found = IdentitySettings.of(organisation)
        found.comment_retention_months = months
        found.save(update_fields=["comment_retention_months"])
        audit(
            organisation, actor, AuditEvent.Kind.SETTINGS_CHANGED,
            _("Comment text kept for %(m)s months") % {"m": months} if months
            else _("Comment text kept with no time limit"),
            comment_retention_months=months,
        )  # fmt: skip
