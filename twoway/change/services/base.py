"""What every write shares: the error it raises on bad input, the audit kind, the version bump."""

from __future__ import annotations

from django.db.models import F

from twoway.org.models import AuditEvent

from ..models import (
    Initiative,
)

KIND = AuditEvent.Kind.SETTINGS_CHANGED  # org's audit kinds; the summary says what changed
# Words the change pages use in their addresses: no initiative may take them as its key.
RESERVED_KEYS = frozenset({"new", "load", "settings", "vision", "huddle", "ack"})


class ChangeError(ValueError):
    """Input that cannot be saved; `field` names the form field (or "" for the whole)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def bump(initiative: Initiative) -> None:
    """Mark the initiative's stored figures stale (inside the caller's transaction)."""
    Initiative.objects.filter(pk=initiative.pk).update(version=F("version") + 1)
    initiative.refresh_from_db(fields=["version"])
