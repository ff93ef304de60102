"""twoway.insights stays pure: every module imports in an interpreter without Django."""

from tests.layers import imports_django_when_loaded


def test_every_module_imports_without_django():
    assert imports_django_when_loaded("twoway.insights") == ""
