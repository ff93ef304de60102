"""The installed `twoway` console command, run as a newcomer would, from another folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_database  # each test gives the command a SQLite file of its own

TWOWAY = str(Path(sys.executable).parent / "twoway")


@pytest.fixture
def fresh_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"TEST_DATABASE_URL", "DATABASE_URL"}}
    env["TWOWAY_DATA_DIR"] = str(tmp_path / "data")
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return env


def twoway(args, env, cwd):
    return subprocess.run(
        [TWOWAY, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_migrate_org_create_and_check_from_any_folder(tmp_path, fresh_env):
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()
    check = twoway(["check"], fresh_env, elsewhere)
    assert check.returncode != 0 and "twoway migrate" in check.stderr
    assert twoway(["migrate", "--no-input"], fresh_env, elsewhere).returncode == 0
    created = twoway(["org", "create", "initech", "--name", "Initech"], fresh_env, elsewhere)
    assert created.returncode == 0, created.stderr
    check = twoway(["check"], fresh_env, elsewhere)
    assert check.returncode == 0, check.stderr
    assert "database: ok" in check.stdout
    listed = twoway(["org", "list"], fresh_env, elsewhere)
    assert "initech\tInitech" in listed.stdout


def test_sqlite_database_runs_in_wal_mode(tmp_path, fresh_env):
    twoway(["migrate", "--no-input"], fresh_env, tmp_path)
    import sqlite3

    mode = sqlite3.connect(tmp_path / "db.sqlite3").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_bad_database_url_stops_with_a_clear_message(tmp_path, fresh_env):
    fresh_env["DATABASE_URL"] = "mysql://nope"
    result = twoway(["check"], fresh_env, tmp_path)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr and "postgresql://" in result.stderr
