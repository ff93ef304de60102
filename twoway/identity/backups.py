"""Backups of the whole database, and restoring one: SQLite's online backup API, or
PostgreSQL's pg_dump and pg_restore.

- SQLite: the backup API copies a consistent snapshot page by page while twoway runs (WAL
  mode lets writers go on). The copy is checked (`PRAGMA integrity_check`) before it is
  moved into place, so a backup file is never half a database. Restoring checks the file
  first (a SQLite database, intact, with twoway's tables, made by this version or an older
  one) and then copies it into the live database in one step of the same API, which SQLite
  applies as one transaction: an interrupted restore leaves the database as it was.
- PostgreSQL: `pg_dump --format=custom` and `pg_restore --single-transaction --clean`, with
  the connection taken from DATABASE_URL; a file that `pg_restore --list` cannot read is
  refused before anything is touched.

Restore with the app servers and workers stopped. Keep the secret key (TWOWAY_SECRET_KEY, or
`<data>/secret_key`) with the backups: invitation links, one-vote-per-person hashes and
sessions depend on it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

SQLITE_HEADER = b"SQLite format 3\x00"
PG_HEADER = b"PGDMP"
REQUIRED_TABLES = ("django_migrations", "org_organisation", "org_person")


class BackupError(Exception):
    """A backup or restore that cannot be done; nothing was changed."""


@dataclass(frozen=True)
class Done:
    path: Path
    size: int
    engine: str
    note: str = ""


def engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def default_output() -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    suffix = "dump" if engine() == "postgresql" else "sqlite3"
    return settings.DATA_DIR / "backups" / f"twoway-{stamp}.{suffix}"


def backup(output: Path | None = None) -> Done:
    output = Path(output or default_output()).expanduser()
    output.parent.mkdir(parents=True, exist_ok=True)
    if engine() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(output)], "pg_dump")
    else:
        _backup_sqlite(output)
    return Done(output, output.stat().st_size, engine())


def _backup_sqlite(output: Path) -> None:
    connection.ensure_connection()
    handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=".twoway-backup-")
    os.close(handle)
    try:
        target = sqlite3.connect(temporary)
        try:
            connection.connection.backup(target)
            # A backup is one file: not in WAL mode, so nothing is left in a -wal beside it.
            target.execute("PRAGMA journal_mode=DELETE")
            _check_intact(target, temporary)
        finally:
            target.close()
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _check_intact(database: sqlite3.Connection, name: str) -> None:
    try:
        result = database.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{name}: not a readable SQLite database ({error}).") from None
    if result != "ok":
        raise BackupError(f"{name}: the database is damaged ({result}).")


def restore(path: Path) -> Done:
    """Replace the database with the backup at `path` (see the module docstring)."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    with path.open("rb") as handle:
        header = handle.read(16)
    kind = "postgresql" if header.startswith(PG_HEADER) else "sqlite"
    if kind == "sqlite" and not header.startswith(SQLITE_HEADER):
        raise BackupError(f"{path}: not a twoway backup (neither SQLite nor a pg_dump file).")
    if kind != engine():
        raise BackupError(
            f"{path} is a {kind} backup, but DATABASE_URL points to {engine()}: restore it "
            "into the same kind of database."
        )
    if kind == "postgresql":
        _run(["pg_restore", "--list", str(path)], "pg_restore --list", quiet=True)
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--exit-on-error", "--dbname", _pg_env()["PGDATABASE"], str(path)],
            "pg_restore",
        )  # fmt: skip
        return Done(path, path.stat().st_size, kind, _migrations_note())
    _restore_sqlite(path)
    return Done(path, path.stat().st_size, kind, _migrations_note())


def _restore_sqlite(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        _check_intact(source, str(path))
        _check_twoway(source, path)
        connection.close()
        connection.ensure_connection()
        source.backup(connection.connection)
        connection.connection.execute("PRAGMA journal_mode=WAL")
    finally:
        source.close()


def _check_twoway(source: sqlite3.Connection, path: Path) -> None:
    tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise BackupError(f"{path}: not a twoway database (no table {missing[0]}).")
    applied = set(source.execute("SELECT app, name FROM django_migrations").fetchall())
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, name in applied - known if _ours(app))
    if unknown:
        raise BackupError(
            f"{path} was made by a newer twoway (migration {unknown[0]} is unknown here): "
            "upgrade twoway first."
        )


def _ours(app: str) -> bool:
    from django.apps import apps

    return apps.is_installed(f"twoway.{app}") or app in {"auth", "contenttypes", "sessions"}


def _migrations_note() -> str:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return "The backup is from an older twoway: run `twoway migrate`." if pending else ""


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {
        "PGHOST": str(db.get("HOST") or ""),
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": str(db.get("USER") or ""),
        "PGPASSWORD": str(db.get("PASSWORD") or ""),
        "PGDATABASE": str(db.get("NAME") or ""),
    }
    return {k: v for k, v in env.items() if v}


def _run(command: list[str], label: str, quiet: bool = False) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: install PostgreSQL's client tools.")
    connection.close()
    environment = {**os.environ, **_pg_env()}
    if command[0] == "pg_dump":
        command = [*command, environment.get("PGDATABASE", "")]
    done = subprocess.run(command, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{label} failed: {done.stderr.strip()[-2000:].rstrip('.')}.")
