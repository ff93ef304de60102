"""Fixtures of the API tests: tokens, and a pulse whose waves are answered and closed."""

from __future__ import annotations

import pytest

from tests.pulse.helpers import fill_wave, weekly_schedule
from twoway.api.models import ApiToken
from twoway.pulse.alerts import check_closed_waves


def bearer(user, **grant):
    """Headers of a fresh token of `user`: a legacy token, or one with a grant (read_only,
    scopes, requests_per_minute) issued as `twoway api_token` issues it."""
    if grant:
        from twoway.api_grants.services import issue_token

        _, key = issue_token(user, "test", **grant)
    else:
        _, key = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def pulse(world):
    """Five closed weekly waves: Lisbon's teams 6 answers each (Team Lisbon 1 dips at wave 5,
    which raises an alert), Team Home 1 only 2, so its figures are hidden."""
    schedule = weekly_schedule(world.org)
    for number in range(1, 6):
        fill_wave(
            schedule,
            number,
            {world.team1: 6, world.team2: 6, world.team_home: 2},
            value=2 if number == 5 else 4,
        )
    check_closed_waves()
    world.schedule = schedule
    return world
