"""An organisation's change settings, created with their defaults the first time they are read."""

from __future__ import annotations

from twoway.org.models import Organisation

from .models import ChangeSettings


def settings_for(organisation: Organisation) -> ChangeSettings:
    found, _ = ChangeSettings.objects.get_or_create(organisation=organisation)
    return found
