"""The demo's data-care setting: comment text kept for two years (the demo's comments are
younger, so nothing is deleted; the sign-on page shows the setting)."""

from __future__ import annotations

from twoway.identity.models import IdentitySettings
from twoway.identity.services import set_comment_retention
from twoway.org.models import Organisation

DEMO_RETENTION_MONTHS = 24


def load_demo_identity(organisation: Organisation) -> None:
    current = IdentitySettings.of(organisation).comment_retention_months
    if current != DEMO_RETENTION_MONTHS:
        set_comment_retention(organisation, DEMO_RETENTION_MONTHS)
