"""Benchmark frontline voice: the board, similar posts and pricing at the issue's sizes.

Targets (issue 10): a board of 50,000 posts and 1,000,000 votes serves the first page of any
sort and filter under 150 ms with a constant query count; the similar-posts check against
50,000 posts under 100 ms a call; pricing every workaround on the board (50,000) under 1 s.

Posts and ballots are written straight into a fresh SQLite database (WAL) with the shapes the
services write; pages are rendered through Django's test client as a signed-in agent (whose
own votes and budget the page reads too); times are the median of 7 warm views.

    .venv/bin/python bench/voice.py           # 50,000 posts, 1,000,000 votes
    .venv/bin/python bench/voice.py --quick   # 5,000 posts, 100,000 votes
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
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

from twoway.demo import load_roster  # noqa: E402
from twoway.org.models import Membership, Person, Unit  # noqa: E402
from twoway.staffing.workarounds import PricingAssumptions, price_workarounds  # noqa: E402
from twoway.voice.identity import VOTE, person_key  # noqa: E402
from twoway.voice.matching import index_for, similar_posts  # noqa: E402
from twoway.voice.models import Post  # noqa: E402
from twoway.voice.pricing import assumptions_of, reprice_all, settings_for  # noqa: E402
from twoway.voice.ranking import refresh_rankings  # noqa: E402

WORDS = [
    *[
        "crm",
        "desktop",
        "softphone",
        "headset",
        "vpn",
        "billing",
        "refund",
        "rota",
        "shift",
        "notes",
        "knowledge",
    ],
    *[
        "search",
        "chat",
        "queue",
        "transfer",
        "login",
        "screen",
        "account",
        "address",
        "plan",
        "upgrade",
        "callback",
    ],
    *[
        "supervisor",
        "approval",
        "training",
        "schedule",
        "swap",
        "monitor",
        "internet",
        "verification",
    ],
    *[
        "password",
        "timeout",
        "freeze",
        "slow",
        "sistema",
        "notas",
        "auriculares",
        "conexión",
        "turno",
    ],
    *["reembolso", "pantalla", "cliente", "contraseña", "lento"],
]
KINDS = np.array(["workaround", "idea", "blocker", "leader_need"])
PERS = np.array(["contact", "shift", "week"])
STATUSES = np.array(["new", "review", "planned", "in_progress", "done", "declined"])
THEMES = np.array(["tools", "process", "knowledge", "schedule", "home", "customers", "other"])


def build(posts: int, votes: int, rng, slug="bench", mix=(0.4, 0.3, 0.25, 0.05)):
    organisation, _ = load_roster(slug, f"Bench {slug}", people=1300, seed=3)
    units = list(Unit.objects.filter(organisation=organisation).values_list("pk", flat=True))
    agent = Person.objects.filter(organisation=organisation, role="agent").first()
    user = get_user_model().objects.create_user(f"{slug}-agent", password="x")
    Membership.objects.create(user=user, organisation=organisation)
    agent.user = user
    agent.save(update_fields=["user"])
    today = timezone.localdate()
    kind = rng.choice(KINDS, posts, p=list(mix))
    titles = [" ".join(rng.choice(WORDS, rng.integers(5, 12))) for _ in range(posts)]
    minutes = np.round(rng.uniform(0.2, 6, posts), 1)
    often = np.round(rng.uniform(0.05, 1, posts), 2)
    per = rng.choice(PERS, posts)
    people = rng.integers(1, 400, posts)
    prices = price_workarounds(minutes, often, per, people, PricingAssumptions())
    created = [today - datetime.timedelta(days=int(d)) for d in rng.integers(0, 365, posts)]
    work = kind == "workaround"
    rows = [
        (organisation.pk, f"{slug[:2]}{i:08d}", kind[i], rng.choice(THEMES), titles[i], titles[i],
         int(rng.choice(units)), False, "en", created[i].isoformat(), int(rng.integers(2**31)),
         rng.choice(STATUSES, p=[0.5, 0.1, 0.1, 0.1, 0.1, 0.1]), "visible",
         *(
             (float(minutes[i]), float(often[i]), per[i], int(people[i]),
              float(prices.hours_per_year[i]))
             if work[i] else (None, None, "", None, None)
         ))
        for i in range(posts)
    ]  # fmt: skip
    with transaction.atomic():
        connection.cursor().executemany(
            "INSERT INTO voice_post (organisation_id, code, kind, theme, title, body, unit_id,"
            " is_leader, language, created_on, shuffle, status, moderation, minutes_lost,"
            " how_often, per, people_affected, hours_per_year, reports,"
            " report_cleared, up_votes, down_votes, hot, confidence, official_way, instead)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
            " 0, 0, 0, 0, 0, 1, '', '')",
            rows,
        )
    ids = np.array(
        Post.objects.filter(organisation=organisation).order_by("pk").values_list("pk", flat=True)
    )
    _ballots(ids, created, votes, rng, person_key(organisation.pk, agent.pk, VOTE))
    refresh_rankings(organisation.pk)
    return organisation, user, titles


def _ballots(ids, created, votes: int, rng, own_key: str) -> None:
    """`votes` ballots, at most one per (post, voter); popular posts draw most (Zipf-like)."""
    weights = 1.0 / np.arange(1, ids.size + 1) ** 0.8
    post_index = rng.choice(ids.size, votes, p=weights / weights.sum())
    order = np.argsort(post_index, kind="stable")
    post_index = post_index[order]
    # Within a post, voters are numbered 0, 1, 2...: distinct by construction.
    starts = np.r_[0, np.flatnonzero(np.diff(post_index)) + 1]
    voter = np.arange(votes) - np.repeat(starts, np.diff(np.r_[starts, votes]))
    value = np.where(rng.random(votes) < 0.85, 1, -1)
    today = timezone.localdate()
    cursor = connection.cursor()
    batch = 100_000
    for lo in range(0, votes, batch):
        hi = min(lo + batch, votes)
        rows = []
        for i in range(lo, hi):
            p = int(post_index[i])
            age = (today - created[p]).days
            day = created[p] + datetime.timedelta(days=int(rng.integers(0, age + 1)))
            rows.append((int(ids[p]), f"{voter[i]:064x}", int(value[i]), day.isoformat()))
        with transaction.atomic():
            cursor.executemany(
                "INSERT INTO voice_ballot (post_id, voter, value, cast_on) VALUES (%s, %s, %s, %s)",
                rows,
            )
    # The signed-in agent's own 10 votes, so the page reads them and their budget.
    with transaction.atomic():
        cursor.executemany(
            "INSERT INTO voice_ballot (post_id, voter, value, cast_on) VALUES (%s, %s, 1, %s)",
            [(int(ids[-1 - i]), own_key, today.isoformat()) for i in range(10)],
        )
        cursor.execute(
            "UPDATE voice_post SET up_votes = (SELECT COUNT(*) FROM voice_ballot b WHERE"
            " b.post_id = voice_post.id AND b.value = 1), down_votes = (SELECT COUNT(*) FROM"
            " voice_ballot b WHERE b.post_id = voice_post.id AND b.value = -1)"
        )


def time_page(client: Client, url: str, repeats: int = 7) -> tuple[float, int]:
    client.get(url)
    times = []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    return statistics.median(times) * 1000, len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 posts and 100,000 votes")
    args = parser.parse_args()
    posts, votes = (5_000, 100_000) if args.quick else (50_000, 1_000_000)
    rng = np.random.default_rng(1)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    organisation, user, titles = build(posts, votes, rng)
    print(f"built {posts:,} posts and {votes:,} votes in {time.perf_counter() - started:.0f} s")
    client = Client()
    client.force_login(user)
    site = Unit.objects.filter(organisation=organisation, depth=1).first()
    filters = [
        "",
        "&status=all",
        "&kind=workaround",
        "&status=done&theme=tools",
        f"&unit={site.pk}",
    ]
    print(f"{'first page (ms, queries)':<34}" + "".join(f"{f or 'open':>24}" for f in filters))
    worst = 0.0
    counts = set()
    for sort in ("hot", "confidence", "money", "votes", "new"):
        cells = []
        for f in filters:
            ms, n = time_page(client, f"/o/bench/voice/?sort={sort}{f}")
            worst, cells = max(worst, ms), [*cells, f"{ms:8.1f} ms, {n:2d} q"]
            counts.add(n)
        print(f"{sort:<34}" + "".join(f"{c:>24}" for c in cells))
    print(
        f"slowest first page: {worst:.1f} ms (target < 150 ms); query counts seen: {sorted(counts)}"
    )

    started = time.perf_counter()
    index_for(organisation.pk)
    print(f"similar-posts index fitted on {posts:,} posts in {time.perf_counter() - started:.2f} s")
    samples = []
    for title in titles[:: max(1, len(titles) // 50)][:50]:
        start = time.perf_counter()
        similar_posts(organisation, " ".join(title.split()[:6]))
        samples.append(time.perf_counter() - start)
    print(f"similar posts per call: median {statistics.median(samples) * 1000:.1f} ms, "
          f"max {max(samples) * 1000:.1f} ms (target < 100 ms)")  # fmt: skip

    time_pricing(posts, rng)


def time_pricing(posts: int, rng) -> None:
    """Every workaround of a board of `posts` workarounds, in arrays and written back."""
    organisation, _user, _titles = build(posts, 0, rng, slug="pricing", mix=(1, 0, 0, 0))
    rows = list(
        Post.objects.filter(organisation=organisation).values_list(
            "minutes_lost", "how_often", "per", "people_affected"
        )
    )
    m, o, p, n = (np.array(c) for c in zip(*rows, strict=True))
    assumptions = assumptions_of(settings_for(organisation))
    start = time.perf_counter()
    price_workarounds(m, o, p, n, assumptions)
    pure = time.perf_counter() - start
    start = time.perf_counter()
    repriced = reprice_all(organisation, assumptions)
    whole = time.perf_counter() - start
    print(f"pricing {len(rows):,} workarounds: {pure * 1000:.1f} ms in arrays; read, priced")
    print(f"  and written back ({repriced:,} rows): {whole:.2f} s (target < 1 s)")


if __name__ == "__main__":
    main()
