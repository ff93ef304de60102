"""Benchmark: change initiatives, the three targets of issue 9.

1. `twoway change load` and the load map page for 200 initiatives x 500 teams x 52 weeks:
   under 1 s.
2. An initiative page with two years of daily adoption for 500 units (365,000 rows): under
   200 ms after the first view, with a constant number of queries.
3. `twoway change adoption import` of 1,000,000 rows: under 15 s, peak memory under 1 GB
   (the command runs in its own process; its peak resident memory is read from the OS).

A temporary SQLite database (the default engine) holds a center of 25 sites x 20 teams;
everything is written through the change services except the phases' spread, which is drawn
at random with a fixed seed.

    .venv/bin/python bench/change.py           # the targets' sizes
    .venv/bin/python bench/change.py --quick   # a smoke run, a tenth of the size
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="twoway-bench-change-")
ENV = {"TWOWAY_DATA_DIR": TMP, "DATABASE_URL": f"sqlite:///{TMP}/bench.sqlite3"}
os.environ.update(ENV)
os.environ.pop("TEST_DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]

from twoway.change.models import Phase  # noqa: E402
from twoway.change.services import add_phase, create_initiative, import_adoption  # noqa: E402
from twoway.org.models import Membership, Organisation, Unit, UnitKind  # noqa: E402

DAY = datetime.timedelta(days=1)


def unit(organisation, name, parent, kind):
    created = Unit.objects.create(
        organisation=organisation,
        parent=parent,
        name=name,
        kind=kind,
        key=f"{parent.key}/{name.casefold()}" if parent else name.casefold(),
        depth=parent.depth + 1 if parent else 0,
    )
    created.path = f"{parent.path if parent else '/'}{created.pk}/"
    created.save(update_fields=["path"])
    return created


def build_center(sites: int, teams: int):
    organisation = Organisation.objects.create(slug="bench", name="Bench Center")
    root = unit(organisation, "Bench Center", None, UnitKind.CENTER)
    site_units, team_units = [], []
    for s in range(sites):
        site = unit(organisation, f"Site {s + 1}", root, UnitKind.SITE)
        site_units.append(site)
        team_units += [
            unit(organisation, f"Team {s + 1}-{t + 1}", site, UnitKind.TEAM) for t in range(teams)
        ]
    return organisation, root, site_units, team_units


def spread_initiatives(organisation, sites, teams, count, start, rng) -> None:
    """`count` initiatives of 1 to 3 phases each, on a site or a handful of teams, 4 to 20
    weeks long, somewhere in the year from `start`."""
    for i in range(count):
        initiative = create_initiative(organisation, f"change-{i + 1}", f"Change {i + 1}")
        free = list(sites)
        rng.shuffle(free)
        for _ in range(rng.randint(1, 3)):
            if not free:
                break
            site = free.pop()
            begin = start + rng.randint(0, 300) * DAY
            go_live = begin + rng.randint(7, 28) * DAY
            until = go_live + rng.randint(21, 120) * DAY
            impact = rng.choice(["low", "medium", "high"])
            add_phase(initiative, [site], begin, go_live, until, impact=impact)


def timed(call, repeat: int) -> tuple[float, float, int]:
    """First run, median of the next `repeat` runs (seconds), and the queries of one run."""
    start = time.perf_counter()
    call()
    first = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            call()
            runs.append(time.perf_counter() - start)
    return first, statistics.median(runs), len(queries)


def target_load(organisation, weeks: int, client: Client) -> None:
    first = timezone.localdate()

    def command():
        call_command("change", "load", "--org", organisation.slug, "--from", first.isoformat(),
                     "--weeks", str(weeks), "--format", "json", stdout=io.StringIO())  # fmt: skip

    def page():
        response = client.get(f"/o/{organisation.slug}/change/load/?from={first}&weeks={weeks}")
        assert response.status_code == 200, response.status_code

    cold, warm, _ = timed(command, 3)
    print(f"  change load (JSON) ......... first {cold:.3f} s, median {warm:.3f} s (target < 1 s)")
    cold, warm, queries = timed(page, 3)
    print(
        f"  load map page .............. first {cold:.3f} s, median {warm:.3f} s, {queries} queries"
    )


def daily_csv(units, first: datetime.date, days: int, rng) -> bytes:
    lines = ["date,unit,eligible,adopted"]
    for u in units:
        eligible = rng.randint(12, 25)
        for d in range(days):
            lines.append(
                f"{(first + d * DAY).isoformat()},{u.pk},{eligible},{rng.randint(0, eligible)}"
            )
    return ("\n".join(lines) + "\n").encode()


def target_page(organisation, root, teams, days: int, client: Client, rng) -> None:
    today = timezone.localdate()
    first = today - days * DAY
    initiative = create_initiative(organisation, "two-years", "Two years of adoption")
    add_phase(initiative, [root], first - 7 * DAY, first, today + 30 * DAY, impact="high")
    data = daily_csv(teams, first, days, rng)
    start = time.perf_counter()
    plan = import_adoption(initiative, data, "two-years.csv")
    assert plan.ok, plan.error_list(3)
    print(f"  ({plan.rows:,} rows imported in {time.perf_counter() - start:.1f} s)")
    url = f"/o/{organisation.slug}/change/{initiative.key}/"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    cold, warm, queries = timed(page, 5)
    print(
        f"  initiative page ............ first {cold:.3f} s, median {warm:.3f} s "
        f"(target < 0.2 s), {queries} queries"
    )


def target_import(organisation, root, teams, rows: int, rng) -> None:
    today = timezone.localdate()
    days = rows // len(teams)
    first = today - days * DAY
    initiative = create_initiative(organisation, "million", "A million rows")
    add_phase(initiative, [root], first - 7 * DAY, first, today + 30 * DAY, impact="high")
    path = Path(TMP) / "million.csv"
    path.write_bytes(daily_csv(teams, first, days, rng))
    command = [sys.executable, "-m", "twoway.cli", "change", "adoption", "import", str(path),
               "--org", organisation.slug, "--initiative", initiative.key]  # fmt: skip
    for label in ("first import", "same file again"):
        seconds, peak_mb, output = run_measured(command)
        print(
            f"  {label:<26} {seconds:.1f} s, peak memory {peak_mb:.0f} MB "
            "(targets < 15 s, < 1024 MB)"
        )
        print(f"    {output.strip().splitlines()[0]}")


def run_measured(command: list[str]) -> tuple[float, float, str]:
    """Wall time and peak resident memory of a child process (os.wait4 reads its rusage)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **ENV},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = child.stdout.read().decode() if child.stdout else ""
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"the import failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


def main() -> None:
    parser = argparse.ArgumentParser(description="change initiatives benchmark")
    parser.add_argument("--quick", action="store_true", help="a smoke run, a tenth of the size")
    options = parser.parse_args()
    sites, teams_per_site, initiatives, weeks, days, rows = (
        (5, 10, 20, 52, 365, 100_000) if options.quick else (25, 20, 200, 52, 730, 1_000_000)
    )
    rng = random.Random(1)
    call_command("migrate", verbosity=0)
    organisation, root, site_units, teams = build_center(sites, teams_per_site)
    admin = get_user_model().objects.create_user(username="bench-admin")
    Membership.objects.create(user=admin, organisation=organisation, level="admin")
    client = Client()
    client.force_login(admin)
    start = time.perf_counter()
    spread_initiatives(organisation, site_units, teams, initiatives, timezone.localdate(), rng)
    phases = Phase.objects.filter(initiative__organisation=organisation).count()
    print(f"change load: {initiatives} initiatives ({phases} phases) x {len(teams)} teams x "
          f"{weeks} weeks"
          f" (built in {time.perf_counter() - start:.0f} s)")  # fmt: skip
    target_load(organisation, weeks, client)
    print(f"initiative page: {len(teams)} units x {days} days")
    target_page(organisation, root, teams, days, client, rng)
    print(
        f"adoption import: {rows:,} rows ({len(teams)} units x {rows // len(teams)} days), "
        "in its own process"
    )
    target_import(organisation, root, teams, rows, rng)


if __name__ == "__main__":
    main()
