"""A weekly pulse for the `world` organisation (see tests/pulse/helpers.py)."""

from __future__ import annotations

import pytest

from tests.pulse.helpers import weekly_schedule


@pytest.fixture
def schedule(world):
    return weekly_schedule(world.org)
