"""`twoway voice_tick`: rank every organisation's voice board again and send the weekly kudos
digests, once or every N seconds (the first board view of a day does the same by itself)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from twoway.org.models import Organisation
from twoway.voice.tasks import voice_daily


class Command(BaseCommand):
    help = "Rank the voice boards again (hot scores age) and send the weekly kudos digests."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=int, default=0, metavar="SECONDS",
            help="Run again every SECONDS, for a process supervisor (0: run once).",
        )  # fmt: skip

    def handle(self, *args, loop: int = 0, **options):
        while True:
            changed = sum(
                voice_daily.call(pk) for pk in Organisation.objects.values_list("pk", flat=True)
            )
            self.stdout.write(f"voice_tick ok: {changed} post(s) ranked again")
            if loop <= 0:
                return
            close_old_connections()
            time.sleep(loop)
