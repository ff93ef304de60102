"""Benchmark: what hostile files cost before they are refused (issue 15).

    .venv/bin/python bench/hostile_files.py           # the 1.1 GB bomb, a 20 MB one-line CSV,
                                                      # the formula scan on a 100,000-row XLSX
    .venv/bin/python bench/hostile_files.py --quick   # smaller files, a few seconds

Prints, for each file: what it is, how long the refusal (or the read) took once the libraries
are imported, and the peak memory of the fresh process that did it (imports included).
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
import openpyxl, polars, twoway.insights, twoway.org.roster  # imports are not the file's cost
started = time.perf_counter()
{body}
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{elapsed * 1000:9.1f}} ms  peak {{peak:7.0f}} MB  {{outcome}}")
"""
ROSTER = """
from twoway.org.roster import RosterError, read_table
try:
    read_table(open({path!r}, "rb").read(), "roster.xlsx", max_bytes=60 * 2**20)
    outcome = "read"
except RosterError as error:
    outcome = "refused: " + error.message[:70]
"""
GAP = """
from twoway.insights import AnswerFileError, read_answers
try:
    read_answers({path!r})
    outcome = "read"
except AnswerFileError as error:
    outcome = "refused: " + str(error)[:70]
"""


def bomb(path: Path, megabytes: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"<c/>" * 2**18
            for _ in range(megabytes):
                part.write(block)


def roster_xlsx(path: Path, people: int, formula: bool) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Roster")
    sheet.append(["Employee ID", "First Name", "Last Name", "Supervisor ID", "Site", "Team"])
    for i in range(people):
        sheet.append([f"E{i:06d}", f"First{i % 97}", f"Last{i % 89}", f"E{i // 10:06d}",
                      f"Site {i % 3}", f"Team {i % 400}"])  # fmt: skip
    if formula:
        sheet.append(["E999999", "=B2", "Last", "", "Site 1", "Team 1"])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


def measure(label: str, template: str, path: Path) -> None:
    root = str(Path(__file__).resolve().parents[1])
    code = CHILD.format(root=root, body=template.format(path=str(path)))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    print(f"{label:46} {run.stdout.strip() or run.stderr.strip()[-200:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    bomb_mb = 110 if args.quick else 1100
    line_mb = 2 if args.quick else 20
    people = 10_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        bomb(work / "bomb.xlsx", bomb_mb)
        size = (work / "bomb.xlsx").stat().st_size / 2**20
        print(f"built a {size:.1f} MB bomb unpacking to {bomb_mb} MB "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
        measure(f"roster upload: {bomb_mb} MB bomb", ROSTER, work / "bomb.xlsx")
        measure(f"twoway gap: {bomb_mb} MB bomb", GAP, work / "bomb.xlsx")
        (work / "line.csv").write_bytes(b"x," * (line_mb * 2**19))
        measure(f"twoway gap: {line_mb} MB one-line CSV", GAP, work / "line.csv")
        roster_xlsx(work / "plain.xlsx", people, formula=False)
        measure(f"roster read: {people:,} people, no formula", ROSTER, work / "plain.xlsx")
        roster_xlsx(work / "formula.xlsx", people, formula=True)
        measure(f"roster read: {people:,} people, last row formula", ROSTER, work / "formula.xlsx")


if __name__ == "__main__":
    main()
