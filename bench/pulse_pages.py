"""Benchmark: pulse trend pages of a large center, from stored counts.

The issue's target: 20,000 agents, 104 weekly waves (about 10 million answers); the
organisation's trend page under 1 s and a team's under 200 ms, queries bounded. Answer counts,
responses and invitations are written straight into the database as intake would have left
them (no answer goes through intake). Pages are rendered through Django's test client:
cold = first view after the latest wave closed (that wave's per-wave figures are computed and
stored), rebuild = no wave stored yet, warm = every later view (median of 5).

    .venv/bin/python bench/pulse_pages.py            # 20,000 agents x 104 waves
    .venv/bin/python bench/pulse_pages.py --quick    # 1,300 agents x 26 waves
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

from twoway.demo import load_roster  # noqa: E402
from twoway.org.models import Membership, Person, UnitKind  # noqa: E402
from twoway.pulse.bank import wave_template  # noqa: E402
from twoway.pulse.models import PulseSchedule, PulseWave  # noqa: E402
from twoway.pulse.snapshots import PulseUnitSnapshot, PulseWaveSnapshot  # noqa: E402
from twoway.surveys.models import Campaign, Item  # noqa: E402


def build(people: int, waves: int):
    call_command("migrate", verbosity=0)
    organisation, _ = load_roster("bench", "Bench Contact Center", people=people, seed=3)
    now = timezone.now()
    schedule = PulseSchedule.objects.create(
        organisation=organisation, name="Bench pulse", languages=["en"],
        starts_on=(now - datetime.timedelta(weeks=waves + 1)).date(),
    )  # fmt: skip
    agents = list(
        Person.objects.filter(organisation=organisation, role="agent").values_list("pk", "unit_id")
    )
    rng = np.random.default_rng(1)
    rate = {u: float(np.clip(rng.normal(0.7, 0.12), 0.2, 0.95)) for _, u in agents}
    answers = 0
    for number in range(1, waves + 1):
        with transaction.atomic():
            answers += _wave(organisation, schedule, number, waves, agents, rate, rng, now)
    return organisation, schedule, answers


def _wave(organisation, schedule, number, waves, agents, rate, rng, now) -> int:
    template = wave_template(organisation, number)
    closes = now - datetime.timedelta(weeks=waves - number, hours=1)
    campaign = Campaign.objects.create(
        organisation=organisation, template=template, name=f"Pulse {number}", launched=True,
        opens_at=closes - datetime.timedelta(days=3), closes_at=closes,
    )  # fmt: skip
    PulseWave.objects.create(schedule=schedule, number=number, campaign=campaign)
    items = list(Item.objects.filter(template=template, kind__in=["agree5", "scale0_10"]))
    answered: dict[int, int] = {}
    invitations = []
    for person, unit in agents:
        invitations.append((campaign.pk, person, unit, f"{campaign.pk}-{person}", "email", 0))
        if rng.random() < rate[unit]:
            answered[unit] = answered.get(unit, 0) + 1
    cursor = connection.cursor()
    cursor.executemany(
        "INSERT INTO surveys_invitation (campaign_id, person_id, unit_id, token_hash, channel,"
        " responded) VALUES (%s, %s, %s, %s, %s, %s)",
        invitations,
    )
    day = closes.date().isoformat()
    cursor.executemany(
        "INSERT INTO surveys_response (campaign_id, unit_id, is_leader, tenure_band,"
        " work_location, language, channel, submitted_on) VALUES (%s, %s, 0, '', '', 'en',"
        " 'link', %s)",
        [(campaign.pk, unit, day) for unit, n in answered.items() for _ in range(n)],
    )
    counts = []
    for unit, n in answered.items():
        for item in items:
            points = 5 if item.kind == "agree5" else 11
            low = 1 if item.kind == "agree5" else 0
            split = rng.multinomial(n, rng.dirichlet(np.ones(points) * 3))
            counts += [
                (campaign.pk, unit, item.pk, j + low, int(c)) for j, c in enumerate(split) if c
            ]
    cursor.executemany(
        "INSERT INTO surveys_answercount (campaign_id, unit_id, lens, tenure_band, work_location,"
        " language, item_id, value, count) VALUES (%s, %s, 'frontline', '', '', '', %s, %s, %s)",
        counts,
    )
    return sum(answered.values()) * len(items)


def timed_get(client: Client, url: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - start
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    return seconds, len(queries)


def forget(waves) -> None:
    """Drop the stored figures of `waves`, as if they had just closed."""
    PulseWaveSnapshot.objects.filter(wave__in=waves).delete()
    PulseUnitSnapshot.objects.filter(wave__in=waves).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description="pulse trend pages benchmark")
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    people, waves = (1_300, 26) if options.quick else (20_000, 104)
    start = time.perf_counter()
    organisation, schedule, answers = build(people, waves)
    print(f"built {answers:,} answers in {time.perf_counter() - start:.0f} s")
    admin = get_user_model().objects.create_user(username="bench-admin")
    Membership.objects.create(user=admin, organisation=organisation, level="admin")
    root = organisation.units.filter(parent=None).first()
    team = organisation.units.filter(kind=UnitKind.TEAM).first()
    all_waves = list(schedule.waves.all())
    client = Client()
    client.force_login(admin)
    rows = []
    for label, unit in (("organisation", root), ("one team", team)):
        url = f"/o/{organisation.slug}/pulse/units/{unit.pk}/"
        forget(all_waves)
        rebuild = timed_get(client, url)
        forget(all_waves[-1:])
        cold = timed_get(client, url)
        warm = [timed_get(client, url) for _ in range(5)]
        median = statistics.median(s for s, _ in warm)
        rows.append((label, rebuild, cold, median, warm[0][1]))
    teams = organisation.units.filter(kind=UnitKind.TEAM).count()
    print(f"pulse trends, {people:,} people, {teams} teams, {waves} waves, {answers:,} answers")
    print(f"{'page':<14}{'rebuild s':>10}{'q':>5}{'cold s':>9}{'q':>5}{'warm s':>9}{'q':>5}")
    for label, rebuild, cold, warm, queries in rows:
        print(
            f"{label:<14}{rebuild[0]:>10.3f}{rebuild[1]:>5}{cold[0]:>9.3f}{cold[1]:>5}"
            f"{warm:>9.3f}{queries:>5}"
        )
    time_alerts(organisation, max(all_waves, key=lambda w: w.number))


def time_alerts(organisation, wave) -> None:
    """The issue's third target: alerts for every unit of one wave (under 5 s)."""
    from twoway.pulse.alerts import PulseAlert, compute_alerts

    PulseAlert.objects.filter(wave=wave).delete()
    units = organisation.units.count()
    start = time.perf_counter()
    alerts = compute_alerts(wave)
    seconds = time.perf_counter() - start
    print(f"alerts for wave {wave.number}, {units:,} units, with the database: {seconds:.2f} s")
    print(f"  ({len(alerts)} alerts; target < 5 s)")


if __name__ == "__main__":
    main()
