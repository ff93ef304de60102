"""The red team's organisation, built once per test (see world.py)."""

from __future__ import annotations

import pytest

from tests.privacy.world import build_red_team


@pytest.fixture
def redteam(db):
    return build_red_team()
