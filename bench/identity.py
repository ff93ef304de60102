"""Benchmark: SCIM provisioning and data care on an organisation of N people.

On a fresh SQLite database (WAL) with a generated roster of N people imported, through the
real views (Django's test client, no network):
- SCIM: creating users (POST /Users), looking them up (GET ?filter=userName eq), deactivating
  (PATCH active=false), and pushing a group of 200 members (POST /Groups);
- data care: `twoway backup`, `twoway restore`, erasing one person, `twoway person export`.

    .venv/bin/python bench/identity.py            # 20,000 people, 500 SCIM users
    .venv/bin/python bench/identity.py --quick    # 2,000 people, 100 SCIM users
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(calls) -> list[float]:
    seconds = []
    for call in calls:
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return seconds


def report(label: str, seconds: list[float]) -> None:
    ordered = sorted(seconds)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(
        f"{label:<38} {len(seconds):>5} requests  {len(seconds) / sum(seconds):7.1f}/s  "
        f"median {statistics.median(seconds) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms"
    )


def once(label: str, call) -> None:
    started = time.perf_counter()
    result = call()
    print(f"{label:<38} {time.perf_counter() - started:8.2f} s  {result or ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--people", type=int)
    options = parser.parse_args()
    people = options.people or (2_000 if options.quick else 20_000)
    users = 100 if options.quick else 500
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            TWOWAY_DATA_DIR=tmp,
            TWOWAY_SECRET_KEY="bench-" + "x" * 44,
            DJANGO_SETTINGS_MODULE="twoway.settings",
        )
        os.environ.pop("TEST_DATABASE_URL", None)
        run(people, users, Path(tmp))


def run(people: int, users: int, tmp: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from twoway.demo.roster import generate_roster, roster_csv
    from twoway.identity.erasure import erase_person
    from twoway.identity.mydata import person_data
    from twoway.identity.services import allow_scim_mass_leave, issue_scim_token
    from twoway.org.models import Person
    from twoway.org.services import create_organisation, import_roster

    call_command("migrate", verbosity=0)
    organisation = create_organisation("bench", "Bench Care")
    rows = generate_roster(people=people, seed=5, org_name="Bench Care")
    import_roster(organisation, roster_csv(rows).encode(), "bench.csv", allow_mass_leave=True)
    print(f"{people:,} people on the roster; {users} users provisioned through SCIM\n")

    token = issue_scim_token(organisation)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def post(i: int):
        body = {"userName": f"scim{i}@bench.example", "externalId": f"x{i}",
                "name": {"givenName": f"Given{i}", "familyName": "Bench"},
                "emails": [{"value": f"scim{i}@bench.example", "primary": True}],
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                    {"employeeNumber": f"S{i:06d}"}}  # fmt: skip
        response = client.post("/scim/v2/Users", json.dumps(body), content_type=scim)
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])

    ids: list[str] = []
    scim = "application/scim+json"

    def lookup(i: int):
        return client.get("/scim/v2/Users", {"filter": f'userName eq "scim{i}@bench.example"'})

    def deactivate(pk: str):
        return client.patch(f"/scim/v2/Users/{pk}", off, content_type=scim)

    def push_group():
        return client.post("/scim/v2/Groups", group, content_type=scim).status_code

    def quietly(*args: str):
        with open(os.devnull, "w") as sink:
            call_command(*args, stdout=sink)

    report("SCIM POST /Users (create)", timed(lambda i=i: post(i) for i in range(users)))
    report("SCIM GET /Users?filter=userName eq", timed(lambda i=i: lookup(i) for i in range(users)))
    allow_scim_mass_leave(organisation)
    off = json.dumps({"Operations": [{"op": "replace", "value": {"active": False}}]})
    leaving = ids[: users // 5]
    report("SCIM PATCH active=false", timed(lambda pk=pk: deactivate(pk) for pk in leaving))
    members = [{"value": pk} for pk in ids[users // 5 : users // 5 + 200]]
    group = json.dumps({"displayName": "Bench Care > Night", "members": members})
    once(f"SCIM POST /Groups ({len(members)} members)", push_group)
    print()
    backup = tmp / "backup.sqlite3"
    once("twoway backup", lambda: quietly("backup", "--output", str(backup)))
    print(f"{'  backup size':<38} {backup.stat().st_size / 2**20:8.1f} MB")
    once("twoway restore", lambda: quietly("restore", str(backup)))
    person = Person.objects.filter(organisation__slug="bench", is_active=True).order_by("pk")[10]
    once("person export (one person)", lambda: len(json.dumps(person_data(person))))
    once("person erase (one person)", lambda: erase_person(person).counts)


if __name__ == "__main__":
    main()
