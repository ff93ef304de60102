"""`twoway pulse_tick`: open the pulse waves that are due, once or every N seconds."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from twoway.identity.retention import delete_all_old_comment_text
from twoway.pulse.tasks import run_pulse_schedules


class Command(BaseCommand):
    help = "Open due pulse waves and send their invitations (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=int, default=0, metavar="SECONDS",
            help="Run again every SECONDS, for a process supervisor (0: run once).",
        )  # fmt: skip

    def handle(self, *args, loop: int = 0, **options):
        while True:
            # .call() runs the task here: the tick itself is cheap and must not wait in a queue.
            opened = run_pulse_schedules.call()
            self.stdout.write(f"pulse_tick ok: {opened} wave(s) opened")
            # Comment text past each organisation's retention setting (twoway.identity).
            cleared = delete_all_old_comment_text()
            self.stdout.write(f"retention ok: text of {cleared} comment(s) deleted")
            if loop <= 0:
                return
            close_old_connections()
            time.sleep(loop)
