"""`twoway backup [--output FILE]`: a consistent copy of the whole database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from twoway.identity.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup, or pg_dump for PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="File to write (default: <data>/backups/twoway-<time>)"
        )

    def handle(self, *args, output=None, **options):
        try:
            done = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up to {done.path} ({done.size:,} bytes)."))
        self.stdout.write(
            "Keep the secret key (TWOWAY_SECRET_KEY or <data>/secret_key) with it: links "
            "and one-vote-per-person hashes depend on it."
        )
