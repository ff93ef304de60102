"""The file defences stay pure: every module imports without Django."""

from __future__ import annotations

from tests.layers import PURE_PACKAGES, imports_django_when_loaded


def test_safefiles_is_a_pure_package_and_imports_without_django() -> None:
    assert "twoway.safefiles" in PURE_PACKAGES
    assert imports_django_when_loaded("twoway.safefiles") == ""
