"""Benchmark: read and parse generated rosters (the pure front half of roster import).

    .venv/bin/python bench/roster_parse.py           # 100,000-person CSV, garbage, XLSX
    .venv/bin/python bench/roster_parse.py --quick   # small smoke run, a few seconds

Prints wall time and peak Python memory (tracemalloc) for each step.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import sys
import time
import tracemalloc
import unicodedata
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from twoway.org.roster import RosterError, parse_roster, read_table

FIRST = ["Maria", "Ana", "João", "Bo", "Priya", "Liam", "Sofía", "Chen", "Olu", "Eva", "Noah"]
LAST = ["Lopez", "Silva", "Chen", "Okafor", "Müller", "Singh", "Dubois", "Rossi", "Kowalski"]
SITES = ["Lisbon", "Dallas", "Manila", "Home (virtual)"]
HEADERS = [
    "Employee ID", "First Name", "Last Name", "Work Email", "Job Title", "Supervisor ID",
    "Site", "Team", "Hire Date", "Work Location", "Language", "Shift", "Status",
]  # fmt: skip


def ascii_name(name: str) -> str:
    """Company e-mail addresses are ASCII: 'João' -> 'joao'."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def generated_rows(people: int, seed: int = 7) -> list[list[str]]:
    """A roster: per site a director, managers, team leads with ~15 agents each."""
    rng = random.Random(seed)
    rows: list[list[str]] = []

    def person(title: str, manager: str, site: str, team: str) -> str:
        number = f"E{len(rows) + 1:06d}"
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = (
            f"{ascii_name(first)}.{ascii_name(last)}.{number}@acme.example".lower()
            if rng.random() > 0.2
            else ""
        )
        hired = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2005, 2025)}"
        rows.append([
            number, first, last, email, title, manager, site, team, hired,
            rng.choice(["Onsite", "Remote", "Hybrid"]), rng.choice(["English", "es", "pt"]),
            rng.choice(["Day", "Evening", "Night"]), rng.choice(["Active"] * 9 + ["Leave"]),
        ])  # fmt: skip
        return number

    per_site = people // len(SITES)
    for site in SITES:
        director = person("Site Director", "", site, "")
        start = len(rows)
        team_number = 0
        while len(rows) - start < per_site - 1:
            manager = person("Operations Manager", director, site, "")
            for _ in range(8):
                team_number += 1
                team = f"Team {team_number}"
                lead = person("Team Leader", manager, site, team)
                for _ in range(15):
                    person("Customer Service Representative", lead, site, team)
    return rows[:people]


def roster_csv(people: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(generated_rows(people))
    return buffer.getvalue().encode("utf-8")


def roster_xlsx(people: int) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("People")
    sheet.append(HEADERS)
    for row in generated_rows(people):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure(label: str, step: Callable[[], str], trace_memory: bool = False) -> None:
    """Print wall and CPU time; with trace_memory, run again under tracemalloc for the peak
    (tracing slows Python down several times, so it never runs during the timing)."""
    started, cpu = time.perf_counter(), time.process_time()
    outcome = step()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    memory = ""
    if trace_memory:
        tracemalloc.start()
        step()
        memory = f"   peak {tracemalloc.get_traced_memory()[1] / 2**20:6.1f} MiB"
        tracemalloc.stop()
    print(f"{label:<46} {seconds:6.2f} s wall {cpu:6.2f} s CPU{memory}   {outcome}")


def parse_bytes(data: bytes) -> str:
    parsed = parse_roster(read_table(data), org_name="Acme")
    return f"{len(parsed.records)} records, {parsed.error_count} errors"


def refuse(data: bytes) -> str:
    try:
        read_table(data)
    except RosterError as exc:
        return "refused: " + exc.message[:40]
    return "NOT REFUSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    args = parser.parse_args()
    people, xlsx_people, garbage_mb = (5_000, 2_000, 5) if args.quick else (100_000, 20_000, 50)

    data = roster_csv(people)
    print(f"CSV of {people:,} people: {len(data) / 2**20:.1f} MiB")
    measure(f"read_table + parse_roster, {people:,} rows CSV", lambda: parse_bytes(data), True)
    broken = data.replace(b",E0", b",X0")  # every manager ID now unknown
    measure("same with every manager unknown", lambda: parse_bytes(broken))
    garbage = os.urandom(garbage_mb * 2**20)
    measure(f"{garbage_mb} MiB of random bytes", lambda: refuse(garbage))
    text_garbage = bytes(random.Random(1).choices(range(32, 127), k=garbage_mb * 2**20))
    measure(f"{garbage_mb} MiB of random printable text", lambda: refuse(text_garbage))
    workbook = roster_xlsx(xlsx_people)
    measure(f"read_table + parse_roster, {xlsx_people:,} rows XLSX", lambda: parse_bytes(workbook))
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    print(f"peak resident memory of the whole run: {peak_rss:.0f} MiB")


if __name__ == "__main__":
    main()
