"""`twoway demo`: a believable contact center with log-ins for each role."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from twoway.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load (or refresh) the demo contact center and print its log-ins."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=1300, help="Head-count (default 1300)")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, people, seed, **options):
        logins = load_demo(people=people, seed=seed)
        self.stdout.write(self.style.SUCCESS("Demo contact center ready."))
        self.stdout.write(f"Open {settings.SITE_URL}/ and log in as (password: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<11} {login.role:<11} sees {login.sees}")
