"""`twoway backup` and `twoway restore`: a round trip on SQLite, refusals that change nothing.

The round trip runs twice: in this process on the test database, and end to end in
subprocesses on a real file database in WAL mode, as an operator would run it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from twoway.org.models import Organisation
from twoway.org.services import create_organisation

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite path")


@pytest.fixture
def backed_up(transactional_db, tmp_path):
    create_organisation("acme", "Acme Care")
    path = tmp_path / "acme.sqlite3"
    call_command("backup", "--output", str(path))
    return path


def test_a_backup_is_one_intact_sqlite_file_with_the_data(backed_up):
    copy = sqlite3.connect(backed_up)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT slug FROM org_organisation").fetchall() == [("acme",)]
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()
    assert not (backed_up.parent / "acme.sqlite3-wal").exists()


def test_restore_brings_back_the_database_as_it_was(backed_up, capsys):
    create_organisation("globex", "Globex")
    Organisation.objects.filter(slug="acme").update(name="Renamed")
    call_command("restore", str(backed_up))
    assert "Restored" in capsys.readouterr().out
    assert list(Organisation.objects.values_list("slug", "name")) == [("acme", "Acme Care")]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"name,email\nana,ana@x\n", "not a twoway backup"),
        (b"PGDMP\x01\x0e", "is a postgresql backup"),
    ],
)
def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(
    backed_up, tmp_path, content, says
):
    create_organisation("globex", "Globex")
    wrong = tmp_path / "wrong.bin"
    wrong.write_bytes(content)
    with pytest.raises(CommandError, match=says):
        call_command("restore", str(wrong))
    assert Organisation.objects.count() == 2


def test_a_sqlite_database_of_something_else_is_refused(backed_up, tmp_path):
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE notes (text)").connection.commit()
    with pytest.raises(CommandError, match="not a twoway database"):
        call_command("restore", str(other))


def test_a_damaged_backup_is_refused(backed_up, tmp_path):
    damaged = tmp_path / "damaged.sqlite3"
    data = backed_up.read_bytes()
    damaged.write_bytes(data[: len(data) // 3])
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(damaged))
    assert Organisation.objects.filter(slug="acme").exists()


def test_a_backup_from_a_newer_twoway_is_refused(backed_up):
    copy = sqlite3.connect(backed_up)
    copy.execute(
        "INSERT INTO django_migrations (app, name, applied) "
        "VALUES ('org', '9999_future', '2030-01-01')"
    )
    copy.commit()
    copy.close()
    with pytest.raises(CommandError, match="newer twoway"):
        call_command("restore", str(backed_up))


def test_a_missing_file_is_refused(transactional_db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "nope.sqlite3"))


def twoway(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "twoway.cli", *args],
        env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


@pytest.mark.slow
def test_round_trip_end_to_end_on_a_wal_file_database(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}",
        "TWOWAY_DATA_DIR": str(tmp_path / "data"),
        "TWOWAY_SECRET_KEY": "x" * 50,
    }
    env.pop("TEST_DATABASE_URL", None)
    for args in (("migrate", "-v", "0"), ("org", "create", "acme", "--name", "Acme Care")):
        assert twoway(env, *args).returncode == 0
    made = twoway(env, "backup")
    assert made.returncode == 0, made.stderr
    backups = list((tmp_path / "data" / "backups").glob("twoway-*.sqlite3"))
    assert len(backups) == 1
    assert twoway(env, "org", "create", "globex", "--name", "Globex").returncode == 0
    restored = twoway(env, "restore", str(backups[0]))
    assert restored.returncode == 0, restored.stderr
    live = sqlite3.connect(tmp_path / "live.sqlite3")
    assert live.execute("SELECT slug FROM org_organisation").fetchall() == [("acme",)]
    assert live.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    live.close()
