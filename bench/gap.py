"""Benchmark `twoway gap` and the gap heatmap's statistics from counts.

    .venv/bin/python bench/gap.py          # 1,000,000 rows; 20,000 people x 30 items x 60 teams
    .venv/bin/python bench/gap.py --quick  # small smoke run

Targets (issue 3): the command under 10 s with peak memory under 2 GB; the whole heatmap from
stored counts under 1 s (this measures the pure part: statistics and suppression).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twoway.insights import build_cube, gap_results, suppression_status

ITEMS = 30
TEAMS = 60
SITES = 4
LEADERS_PER_TEAM = 2


def team_units(teams: int) -> list[str]:
    return [f"Center/Site {t % SITES}/Team {t}" for t in range(teams)]


def long_answer_file(path: Path, respondents: int, items: int, teams: int, seed: int = 1) -> int:
    """Write a long CSV with one row per (respondent, item); about 3% left blank."""
    rng = np.random.default_rng(seed)
    units = np.array(team_units(teams))
    team = rng.integers(0, teams, respondents)
    leader = rng.random(respondents) < LEADERS_PER_TEAM * teams / respondents
    rows = respondents * items
    person = np.repeat(np.arange(respondents), items)
    values = np.clip(rng.integers(1, 6, rows) + leader[person] * rng.integers(0, 2, rows), 1, 5)
    text = values.astype(str).astype(object)
    text[rng.random(rows) < 0.03] = ""
    pl.DataFrame(
        {
            "respondent": person.astype(str),
            "lens": np.where(leader[person], "manager", "agent"),
            "unit": units[team[person]],
            "item": np.tile([f"Q{i + 1:02d}" for i in range(items)], respondents),
            "value": text.astype(str),
        }
    ).write_csv(path)
    return rows


def heatmap_counts(respondents: int, items: int, teams: int, seed: int = 2) -> pl.DataFrame:
    """Answer counts as the database keeps them: one row per (team, lens, item, value)."""
    rng = np.random.default_rng(seed)
    frames = []
    people = rng.multinomial(respondents, np.full(teams, 1 / teams))
    for t, unit in enumerate(team_units(teams)):
        for lens, n in (
            ("leader", LEADERS_PER_TEAM),
            ("frontline", int(people[t]) - LEADERS_PER_TEAM),
        ):
            weights = rng.dirichlet(np.full(5, 2.0), size=items)
            counts = np.array([rng.multinomial(n, w) for w in weights])
            frames.append(
                pl.DataFrame(
                    {
                        "unit": unit,
                        "lens": lens,
                        "item": np.repeat([f"Q{i + 1:02d}" for i in range(items)], 5),
                        "value": np.tile(np.arange(1, 6), items),
                        "count": counts.ravel(),
                    }
                )
            )
    return pl.concat(frames)


def bench_command(rows_target: int, items: int, teams: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.csv"
        rows = long_answer_file(path, rows_target // items, items, teams)
        size_mb = path.stat().st_size / 1e6
        command = [sys.executable, "-m", "twoway.cli", "gap", str(path), "--format", "json"]
        start = time.perf_counter()
        done = subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
        )
        elapsed = time.perf_counter() - start
        if done.returncode:
            raise SystemExit(done.stderr.decode())
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"twoway gap, {rows:,} rows ({size_mb:.0f} MB CSV), {teams} teams x {items} items:")
        print(
            f"  wall {elapsed:.2f} s (target < 10 s), peak RSS {peak_mb:.0f} MB (target < 2048 MB)"
        )


def bench_heatmap(respondents: int, items: int, teams: int, repeats: int) -> None:
    counts = heatmap_counts(respondents, items, teams)
    timings = {"build cube": [], "suppression": [], "whole results": []}
    for _ in range(repeats):
        start = time.perf_counter()
        cube = build_cube(counts)
        timings["build cube"].append(time.perf_counter() - start)
        start = time.perf_counter()
        suppression_status(cube, 5)
        timings["suppression"].append(time.perf_counter() - start)
        start = time.perf_counter()
        records = gap_results(counts, k=5)
        timings["whole results"].append(time.perf_counter() - start)
    print(
        f"heatmap from counts, {respondents:,} people x {items} items x {teams} teams "
        f"({counts.height:,} count rows, {len(records):,} records), best of {repeats}:"
    )
    for name, values in timings.items():
        print(f"  {name}: {min(values) * 1000:.0f} ms")
    print("  (target for the whole heatmap < 1000 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    args = parser.parse_args()
    if args.quick:
        bench_command(30_000, 10, 8)
        bench_heatmap(2_000, 10, 8, repeats=1)
    else:
        bench_command(1_000_000, ITEMS, TEAMS)
        bench_heatmap(20_000, ITEMS, TEAMS, repeats=3)


if __name__ == "__main__":
    main()
