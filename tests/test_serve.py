"""`twoway serve` sizes gunicorn by the database, and PostgreSQL's prepared statements can be
turned off for a pooler that cannot carry them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from twoway.commands.management.commands import serve
from twoway.settings import database_config


class Vendor:
    def __init__(self, vendor):
        self.vendor = vendor


@pytest.mark.parametrize(("vendor", "per_core"), [("sqlite", 1), ("postgresql", 4)])
def test_workers_follow_the_database(monkeypatch, vendor, per_core):
    monkeypatch.delenv("TWOWAY_WORKERS", raising=False)
    monkeypatch.setattr(serve, "connection", Vendor(vendor))
    monkeypatch.setattr(serve.os, "cpu_count", lambda: 3)
    assert serve.default_workers() == 3 * per_core


def test_workers_set_in_the_environment_win(monkeypatch):
    monkeypatch.setenv("TWOWAY_WORKERS", "7")
    monkeypatch.setattr(serve, "connection", Vendor("postgresql"))
    assert serve.default_workers() == 7


URL = "postgresql://u:p@db.example.com:5432/twoway"


def test_postgresql_prepares_the_answer_path_unless_told_not_to(monkeypatch):
    monkeypatch.delenv("TWOWAY_DB_PREPARED_STATEMENTS", raising=False)
    assert database_config(URL)["OPTIONS"]["prepare_threshold"] == 5
    monkeypatch.setenv("TWOWAY_DB_PREPARED_STATEMENTS", "false")
    assert "prepare_threshold" not in database_config(URL).get("OPTIONS", {})
    monkeypatch.setenv("TWOWAY_DB_PREPARED_STATEMENTS", "sometimes")
    with pytest.raises(ImproperlyConfigured, match="TWOWAY_DB_PREPARED_STATEMENTS"):
        database_config(URL)
