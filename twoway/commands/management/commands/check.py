"""`twoway check`: Django's system checks, then the configuration and the database."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.check import Command as DjangoCheck
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(DjangoCheck):
    help = "Validate configuration and database: system checks, connection, migrations, storage."

    def handle(self, *app_labels, **options):
        super().handle(*app_labels, **options)
        problems = []
        for label, probe in (
            ("database", check_database),
            ("migrations", check_migrations),
            ("data folder", check_data_dir),
        ):
            message = probe()
            if message:
                problems.append(f"{label}: {message}")
            else:
                self.stdout.write(f"{label}: ok")
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS("Configuration and database look good."))


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA journal_mode")
                mode = cursor.fetchone()[0]
                if mode.lower() != "wal":
                    return f"SQLite journal mode is {mode}, expected WAL."
    except Exception as error:  # any driver error means the database is unusable
        return f"cannot connect ({error})."
    return ""


def check_migrations() -> str:
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        return f"cannot read migration state ({error})."
    if plan:
        return f"{len(plan)} migration(s) not applied: run `twoway migrate`."
    return ""


def check_data_dir() -> str:
    data_dir = settings.DATA_DIR
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as error:
        return f"{data_dir} is not writable ({error})."
    return ""
