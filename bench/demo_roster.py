"""Time the demo roster generator: rows, CSV text and movers at several sizes.

.venv/bin/python bench/demo_roster.py           # 1,300 / 10,000 / 100,000 people
.venv/bin/python bench/demo_roster.py --quick   # 1,300 and 10,000 only, a few seconds
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twoway.demo.roster import generate_roster, roster_csv, with_movers


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """The fastest of `repeats` runs in seconds: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (smoke run)")
    args = parser.parse_args()
    sizes = [1_300, 10_000] if args.quick else [1_300, 10_000, 100_000]
    repeats = 2 if args.quick else 3
    print(f"{'people':>8} {'generate s':>11} {'csv s':>7} {'movers 5% s':>12} {'csv MB':>7}")
    for people in sizes:
        rows = generate_roster(people)
        generate = best_of(repeats, partial(generate_roster, people))
        write = best_of(repeats, partial(roster_csv, rows))
        move = best_of(repeats, partial(with_movers, rows, 0.05, seed=1))
        megabytes = len(roster_csv(rows).encode()) / 1e6
        print(f"{people:>8,} {generate:>11.3f} {write:>7.3f} {move:>12.3f} {megabytes:>7.1f}")


if __name__ == "__main__":
    main()
