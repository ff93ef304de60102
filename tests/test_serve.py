"""`twoway serve` sizes gunicorn by the database; PostgreSQL's prepared statements can be
turned off for a pooler that cannot carry them, and SQLite made to wait for the disk."""

from __future__ import annotations

import os
import subprocess
import sys

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


ENVIRONMENT_OF_THE_SUITE = ("TEST_DATABASE_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
URL = "postgresql://u:p@db.example.com:5432/twoway"


def test_postgresql_prepares_the_answer_path_unless_told_not_to(monkeypatch):
    monkeypatch.delenv("TWOWAY_DB_PREPARED_STATEMENTS", raising=False)
    assert database_config(URL)["OPTIONS"]["prepare_threshold"] == 5
    monkeypatch.setenv("TWOWAY_DB_PREPARED_STATEMENTS", "false")
    assert "prepare_threshold" not in database_config(URL).get("OPTIONS", {})
    monkeypatch.setenv("TWOWAY_DB_PREPARED_STATEMENTS", "sometimes")
    with pytest.raises(ImproperlyConfigured, match="TWOWAY_DB_PREPARED_STATEMENTS"):
        database_config(URL)


@pytest.mark.parametrize(("setting", "pragma"), [("", "1"), ("normal", "1"), ("full", "2")])
def test_sqlite_waits_for_the_disk_on_each_commit_when_told_to(tmp_path, setting, pragma):
    environment = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT_OF_THE_SUITE}
    environment |= {
        "TWOWAY_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "TWOWAY_SQLITE_SYNCHRONOUS": setting,
    }
    script = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA synchronous'); print(c.fetchone()[0])"
    )
    done = subprocess.run(
        [sys.executable, "-m", "twoway.cli", "shell", "-c", script],
        capture_output=True, text=True, env=environment, timeout=120,
    )  # fmt: skip
    assert done.stdout.split()[-1] == pragma, done.stderr


def test_a_sqlite_durability_that_does_not_exist_stops_start_up(monkeypatch):
    monkeypatch.setenv("TWOWAY_SQLITE_SYNCHRONOUS", "off")
    with pytest.raises(ImproperlyConfigured, match="use normal or full"):
        database_config("sqlite:////tmp/twoway.sqlite3")
