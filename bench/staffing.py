"""Staffing benchmark: twoway against pyworkforce's ErlangC, side by side, on one machine.

    .venv/bin/python bench/staffing.py            # full run (pyworkforce takes ~20-40 s)
    .venv/bin/python bench/staffing.py --quick    # pyworkforce on a 300-problem subsample

Targets (issue 5): the weekly plan of 96 x 7 x 20 = 13,440 problems at least 200x faster than
pyworkforce with identical answers; one interval at 100,000 Erlangs under 5 ms; a business
case over that plan with three scenarios under 0.5 s.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
from pyworkforce.queuing import ErlangC
from rich.console import Console
from rich.table import Table

from twoway.staffing import (
    BusinessCase,
    IntervalPlan,
    Scenario,
    agents_required,
    erlang_c_metrics,
    evaluate_case,
)


def weekly_plan(seed: int = 5) -> IntervalPlan:
    """96 fifteen-minute intervals x 7 days x 20 queues, 10-2,000 calls, AHT 180-600 s."""
    rng = np.random.default_rng(seed)
    n = 96 * 7 * 20
    queues = [f"queue {i % 20:02d}" for i in range(n)]
    starts = [
        f"day {i // 20 // 96} {(i // 20) % 96 // 4:02d}:{(i // 20) % 4 * 15:02d}" for i in range(n)
    ]
    return IntervalPlan(queues, starts, rng.uniform(10, 2000, n), rng.uniform(180, 600, n))


def best_of(repeats: int, func, *args, **kwargs):
    times, result = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        result = func(*args, **kwargs)
        times.append(time.perf_counter() - began)
    return min(times), result


def pyworkforce_agents(calls, aht, interval, level, within):
    # Units only need to agree, so seconds throughout.
    out = np.empty(len(calls), dtype=np.int64)
    sl = np.empty(len(calls))
    for i, (c, h) in enumerate(zip(calls, aht, strict=True)):
        result = ErlangC(c, h, within, interval).required_positions(level)
        out[i], sl[i] = result["raw_positions"], result["service_level"]
    return out, sl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="pyworkforce on a subsample only")
    args = parser.parse_args()
    plan = weekly_plan()
    n = len(plan)
    rows = []

    ours_t, ours = best_of(5, agents_required, plan.calls, plan.aht, 900.0, 0.8, 20.0)
    sample = np.random.default_rng(1).choice(n, 300, replace=False) if args.quick else np.arange(n)
    theirs_t, (theirs, their_sl) = best_of(
        1, pyworkforce_agents, plan.calls[sample], plan.aht[sample], 900.0, 0.8, 20.0
    )
    theirs_full = theirs_t * n / len(sample)
    traffic = plan.calls[sample] * plan.aht[sample] / 900.0
    our_sl = erlang_c_metrics(ours[sample], traffic, plan.aht[sample], 20.0).service_level
    same = int(np.sum(ours[sample] == theirs))
    off_by_one = int(
        np.sum((theirs == ours[sample] + 1) & (np.round(traffic + 1) > np.floor(traffic) + 1))
    )
    sl_gap = float(np.max(np.abs(our_sl - their_sl)[ours[sample] == theirs]))
    label = "(estimated from a subsample)" if args.quick else ""
    rows.append(("weekly plan, 13,440 problems: twoway", f"{ours_t * 1e3:.1f} ms", ""))
    rows.append((f"weekly plan: pyworkforce ErlangC {label}", f"{theirs_full:.2f} s", ""))
    rows.append(("speed-up", f"{theirs_full / ours_t:,.0f}x", "target >= 200x"))
    rows.append(
        ("identical agents", f"{same} / {len(sample)}", f"{off_by_one} pyworkforce off-by-one")
    )
    rows.append(("max |service level difference|", f"{sl_gap:.1e}", "target <= 1e-9"))

    calls = 100_000 * 900 / 300
    big_t, big = best_of(20, agents_required, calls, 300.0, 900.0, 0.8, 20.0)
    rows.append(
        ("one interval at 100,000 Erlangs", f"{big_t * 1e3:.2f} ms", f"{big} agents; target < 5 ms")
    )

    case = BusinessCase(
        name="bench",
        workload=plan,
        scenarios=[
            Scenario("20 s shorter AHT", aht_seconds_saved=20, one_off_cost=250_000),
            Scenario("FCR +5 points", fcr_gain=0.05, one_off_cost=120_000),
            Scenario("10% deflected", volume_change=-0.10, running_cost_per_year=50_000),
        ],
    )
    case_t, result = best_of(3, evaluate_case, case)
    rows.append(
        ("business case, weekly plan x 3 scenarios", f"{case_t * 1e3:.0f} ms", "target < 500 ms")
    )
    rows.append(("  baseline FTE", f"{result.baseline.fte:,.1f}", ""))

    table = Table(title=f"twoway.staffing benchmark{' (quick)' if args.quick else ''}")
    for column in ("measure", "figure", "note"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    if not math.isclose(same + off_by_one, len(sample)):
        raise SystemExit("answers differ from pyworkforce beyond its known off-by-one")


if __name__ == "__main__":
    main()
