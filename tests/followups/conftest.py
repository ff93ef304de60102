"""Follow-up tests: a weekly pulse, and helpers to create and publish actions."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.factories import make_account
from tests.pulse.helpers import weekly_schedule
from twoway.followups.models import Action


@pytest.fixture
def schedule(world):
    return weekly_schedule(world.org)


@pytest.fixture
def publish(world):
    """Create a published action on `unit` straight in the database, for reading tests."""

    def make(unit, we_did, you_said="The schedule changes too late"):
        return Action.objects.create(
            organisation=world.org,
            unit=unit,
            what=f"Fix: {we_did}",
            you_said=you_said,
            we_did=we_did,
            status=Action.Status.DONE,
            published_at=timezone.now(),
        )

    return make


@pytest.fixture
def agents(world):
    """Accounts for Ben and Cruz, Ana's team mates on Team Lisbon 1."""
    return [
        make_account(name.lower(), world.org, person=world.people[name]) for name in ("Ben", "Cruz")
    ]
