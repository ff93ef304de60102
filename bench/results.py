"""Benchmark: diagnostic results from stored answer counts.

A campaign of 20,000 respondents x 30 items across 60 teams (the issue's target: the whole
heatmap under 1 s, one team under 100 ms, queries not growing with respondents; issue 12: the
first view after the campaign closes under 200 ms). Counts are generated straight into the
database as intake would have left them; the tick stores the closed campaign's release as it
does in `twoway serve`, then pages are rendered through Django's test client with an empty
results cache (first) and again (warm), and once with nothing stored (computed).

    .venv/bin/python bench/results.py            # 20,000 respondents
    .venv/bin/python bench/results.py --quick    # 2,000 respondents
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="twoway-bench-")
os.environ.update(TWOWAY_DATA_DIR=TMP, DATABASE_URL=f"sqlite:///{TMP}/bench.sqlite3")
os.environ.pop("TEST_DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]

from twoway.demo import load_roster  # noqa: E402
from twoway.org.models import Membership, Person, UnitKind  # noqa: E402
from twoway.surveys.models import (  # noqa: E402
    AnswerCount,
    Campaign,
    Item,
    Lens,
    Response,
    ResultSnapshot,
    Template,
)
from twoway.surveys.tasks import store_closed_releases  # noqa: E402

ITEMS = 30


def build(respondents: int) -> tuple[Campaign, list]:
    call_command("migrate", verbosity=0)
    organisation, _ = load_roster("bench", "Bench Contact Center", people=1300, seed=3)
    teams = list(organisation.units.filter(kind=UnitKind.TEAM))[:60]
    template = Template.objects.create(organisation=organisation, name="Bench", languages=["en"])
    items = Item.objects.bulk_create(
        Item(
            template=template,
            code=f"item-{i}",
            kind="agree5",
            position=i,
            frontline_text={"en": f"Item {i}"},
            leader_text={"en": f"Item {i}"},
        )
        for i in range(ITEMS)
    )
    now = timezone.now()
    campaign = Campaign.objects.create(
        organisation=organisation, template=template, name="Bench", launched=True,
        opens_at=now - datetime.timedelta(days=9), closes_at=now - datetime.timedelta(days=1),
    )  # fmt: skip
    rng = np.random.default_rng(1)
    per_team = rng.multinomial(respondents, np.ones(len(teams)) / len(teams))
    responses, counts = [], []
    for team, n in zip(teams, per_team, strict=True):
        leaders = max(1, int(n * 0.06))
        for lens, size in ((Lens.FRONTLINE, n - leaders), (Lens.LEADER_NOW, leaders)):
            response = {"campaign": campaign, "unit": team, "channel": "link"}
            responses += [
                Response(**response, is_leader=lens != Lens.FRONTLINE, submitted_on=now.date())
                for _ in range(size)
            ]
            for item in items:
                shares = rng.dirichlet(np.ones(5) * 3)
                for value, count in enumerate(rng.multinomial(size, shares), start=1):
                    if count:
                        cell = {"campaign": campaign, "unit": team, "lens": lens, "item": item}
                        counts.append(AnswerCount(**cell, value=value, count=int(count)))
    Response.objects.bulk_create(responses, batch_size=5000)
    AnswerCount.objects.bulk_create(counts, batch_size=5000)
    return campaign, teams


def timed_get(client: Client, url: str, state: str) -> tuple[float, int]:
    """Seconds and queries of one view; `state` is "computed" (nothing stored: the view
    computes the release), "first" (the tick stored it, the cache is empty) or "warm"."""
    if state == "computed":
        ResultSnapshot.objects.all().delete()
    if state in ("computed", "first"):
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - start
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    return seconds, len(queries)


def timed_tick() -> float:
    """Seconds the tick takes to store the release of the campaign that just closed."""
    ResultSnapshot.objects.all().delete()
    cache.clear()
    start = time.perf_counter()
    stored = store_closed_releases()
    seconds = time.perf_counter() - start
    if stored != 1:
        sys.exit(f"the tick stored {stored} releases, not 1")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description="diagnostic results benchmark")
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    respondents = 2_000 if options.quick else 20_000
    campaign, teams = build(respondents)
    organisation = campaign.organisation
    admin = _account("bench-admin", organisation, Membership.Level.ADMIN)
    lead = Person.objects.filter(organisation=organisation, unit=teams[0], role="team_lead").first()
    lead_user = _account("bench-lead", organisation, Membership.Level.MEMBER, lead)
    base = f"/o/{organisation.slug}/surveys/campaigns/{campaign.pk}/results/"
    rows = []
    for label, user, url in (
        ("whole heatmap, sites", admin, base),
        ("whole heatmap, 60 teams", admin, base + "?level=team"),
        ("one team (team lead)", lead_user, base),
    ):
        client = Client()
        client.force_login(user)
        timed_get(client, url, "computed")  # first request of the process: imports, templates
        computed, _ = timed_get(client, url, "computed")
        timed_tick()
        first, queries = timed_get(client, url, "first")
        warm = statistics.median(timed_get(client, url, "warm")[0] for _ in range(5))
        rows.append((label, computed, first, warm, queries))
    tick = min(timed_tick() for _ in range(3))
    print(f"diagnostic results, {respondents:,} respondents x {ITEMS} items x {len(teams)} teams")
    print(f"the tick stores the closed campaign's release in {tick:.2f} s (best of 3, background)")
    print("first: first view after the tick stored it, empty cache (target < 0.2 s);")
    print("computed: a view that finds nothing stored and computes the release itself;")
    print("warm: every later view (median of 5); queries: of the first view")
    print(f"{'page':<28}{'first s':>9}{'computed s':>12}{'warm s':>9}{'queries':>9}")
    for label, computed, first, warm, queries in rows:
        print(f"{label:<28}{first:>9.3f}{computed:>12.3f}{warm:>9.3f}{queries:>9}")


def _account(username, organisation, level, person=None):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username)
    Membership.objects.create(user=user, organisation=organisation, level=level)
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


if __name__ == "__main__":
    main()
