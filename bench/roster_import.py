"""Benchmark: import a generated roster of 100,000 people, then re-import it with 5% movers.

Each import runs as the real `twoway roster import` command in its own process on a fresh
SQLite database (WAL), so the figures include start-up, parsing, the diff and the writes; the
peak memory is that process's maximum resident set size.

    .venv/bin/python bench/roster_import.py            # 100,000 people (target: < 30 s, < 1 GB)
    .venv/bin/python bench/roster_import.py --quick    # 5,000 people, a smoke run
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from twoway.demo.roster import generate_roster, roster_csv, with_movers  # noqa: E402

RUNNER = """
import resource, sys
from twoway.cli import main
try:
    main(["twoway", *sys.argv[1:]])
except SystemExit as stop:
    if stop.code:
        raise
finally:
    print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def twoway(args: list[str], env: dict) -> tuple[float, float, str]:
    """Run a twoway command; return wall seconds, peak MB and its output."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *args], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"twoway {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    peak_kb = next(
        int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("MAXRSS_KB")
    )
    return seconds, peak_kb / 1024, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--people", type=int)
    options = parser.parse_args()
    people = options.people or (5_000 if options.quick else 100_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = dict(os.environ, TWOWAY_DATA_DIR=str(folder / "data"))
        env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        env.pop("TEST_DATABASE_URL", None)
        rows = generate_roster(people=people, seed=11)
        first = folder / "roster.csv"
        first.write_text(roster_csv(rows))
        moved = folder / "roster-movers.csv"
        moved.write_text(roster_csv(with_movers(rows, share=0.05, seed=12)))
        twoway(["migrate", "--no-input"], env)
        twoway(["org", "create", "bench", "--name", "Northwind Contact Center"], env)
        results = [
            ("first import", *twoway(["roster", "import", str(first), "--org", "bench"], env)),
            (
                "re-import, 5% movers",
                *twoway(["roster", "import", str(moved), "--org", "bench"], env),
            ),
            ("same file again", *twoway(["roster", "import", str(moved), "--org", "bench"], env)),
        ]
    print(f"roster import, {len(rows):,} people, SQLite (WAL), one process per run")
    print(f"{'run':<24}{'seconds':>10}{'peak MB':>10}  outcome")
    for name, seconds, peak, out in results:
        summary = next(
            (line for line in out.splitlines() if not line.startswith(("  ", "note"))), ""
        )
        print(f"{name:<24}{seconds:>10.2f}{peak:>10.0f}  {summary}")


if __name__ == "__main__":
    main()
