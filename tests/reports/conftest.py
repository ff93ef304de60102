"""Reports built once per test module from the sample campaign (PDFs take seconds)."""

from __future__ import annotations

import pytest

from tests.reports.helpers import build


@pytest.fixture(scope="module")
def report():
    return build()
