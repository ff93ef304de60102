"""`twoway report_emails`: send the weekly report e-mails due today, once or every N seconds."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from twoway.workspace.tasks import send_report_emails


class Command(BaseCommand):
    help = "Send the report e-mails due today that have not gone out yet (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=int, default=0, metavar="SECONDS",
            help="Run again every SECONDS, for a process supervisor (0: run once).",
        )  # fmt: skip

    def handle(self, *args, loop: int = 0, **options):
        while True:
            sent = send_report_emails.call()
            self.stdout.write(f"report_emails ok: {sent} e-mail(s) sent")
            if loop <= 0:
                return
            close_old_connections()
            time.sleep(loop)
