"""The shape of a tick command: do the work once, or every `--loop SECONDS` for a process
supervisor (`twoway serve` starts them that way)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections


class TickCommand(BaseCommand):
    """Subclasses define `tick()`, which does the work once and returns a line to print."""

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=int, default=0, metavar="SECONDS",
            help="Run again every SECONDS, for a process supervisor (0: run once).",
        )  # fmt: skip

    def tick(self) -> str:
        raise NotImplementedError

    def handle(self, *args, loop: int = 0, **options):
        while True:
            self.stdout.write(self.tick())
            if loop <= 0:
                return
            # A long-lived loop must not keep a connection the database has since closed.
            close_old_connections()
            time.sleep(loop)
