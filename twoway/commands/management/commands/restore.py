"""`twoway restore FILE`: replace the database with a backup (stop twoway first)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from twoway.identity.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database with a backup made by `twoway backup`. Stop twoway first."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            done = restore(file)
        except BackupError as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        self.stdout.write(self.style.SUCCESS(f"Restored {done.path} ({done.size:,} bytes)."))
        if done.note:
            self.stdout.write(done.note)
