"""`twoway staffing required ...` (one interval) and `twoway staffing plan FILE` (many)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from twoway.commands._cli import ArgumentParser, UsageError, fail
from twoway.staffing import (
    PlanFileError,
    StaffingInputError,
    read_plan,
    staff_plan,
    staffing_requirement,
    write_plan,
)
from twoway.staffing.shrinkage import check_shrinkage

# Library field -> the flag a user typed, so messages name what they can change.
FLAGS = {
    "calls": "--calls",
    "aht": "--aht",
    "interval": "--interval",
    "service_level": "--target-sl",
    "answer_within": "--answer-within",
    "shrinkage": "--shrinkage",
    "max_occupancy": "--max-occupancy",
    "patience": "--patience",
}
PROGRESS_CHUNK = 1000


def _add_targets(parser: ArgumentParser, *, defaults: bool) -> None:
    parser.add_argument(
        "--interval",
        type=float,
        required=not defaults,
        default=900.0 if defaults else None,
        help="interval length in seconds" + (" (default 900)" if defaults else ""),
    )
    parser.add_argument(
        "--target-sl",
        type=float,
        required=not defaults,
        default=0.8 if defaults else None,
        help="share answered within --answer-within, in (0, 1)",
    )
    parser.add_argument(
        "--answer-within",
        type=float,
        required=not defaults,
        default=20.0 if defaults else None,
        help="service-level answer time in seconds",
    )
    parser.add_argument(
        "--shrinkage", type=float, default=None, help="share of paid time off the phones, in [0, 1)"
    )
    parser.add_argument(
        "--max-occupancy", type=float, default=None, help="cap on occupancy, in (0, 1]"
    )
    parser.add_argument(
        "--patience",
        type=float,
        default=None,
        help="mean caller patience in seconds (switches to Erlang A)",
    )


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="twoway staffing", description="Erlang staffing requirements.")
    commands = parser.add_subparsers(dest="command", required=True)
    required = commands.add_parser("required", help="agents for one interval")
    required.add_argument(
        "--calls", type=float, required=True, help="calls offered in the interval"
    )
    required.add_argument("--aht", type=float, required=True, help="average handle time in seconds")
    _add_targets(required, defaults=False)
    required.add_argument("--format", choices=("table", "json"), default="table")
    plan = commands.add_parser("plan", help="agents for every row of a CSV or XLSX plan")
    plan.add_argument("file", type=Path, help="CSV or XLSX with columns queue, start, calls, aht")
    _add_targets(plan, defaults=True)
    plan.add_argument(
        "--output",
        type=Path,
        default=None,
        help="CSV or XLSX to write (default: FILE-staffed with the same suffix)",
    )
    return parser


def _options(args: Any) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if args.max_occupancy is not None:
        options["max_occupancy"] = args.max_occupancy
    if args.patience is not None:
        options["patience"] = args.patience
    return options


def scheduled_headcount(agents: int, shrinkage: float) -> int:
    """People to schedule for `agents` on the phones, rounded up (ignoring float dust)."""
    return math.ceil(agents / (1.0 - shrinkage) - 1e-9)


def _required(args: Any) -> int:
    shrinkage = None if args.shrinkage is None else check_shrinkage(args.shrinkage)
    result = staffing_requirement(
        args.calls, args.aht, args.interval, args.target_sl, args.answer_within, **_options(args)
    ).as_dict()
    if shrinkage is not None:
        result["scheduled"] = scheduled_headcount(int(result["agents"]), shrinkage)  # type: ignore[call-overload]
    if args.format == "json":
        print(json.dumps(result, indent=2))
        return 0
    table = Table(title="Staffing for one interval", show_header=False)
    labels = {
        "agents": "Agents",
        "scheduled": "Scheduled (after shrinkage)",
        "traffic": "Traffic (Erlangs)",
        "service_level": "Service level",
        "asa": "ASA (s)",
        "occupancy": "Occupancy",
        "p_wait": "Probability of waiting",
        "p_abandon": "Probability of abandoning",
    }
    for key, label in labels.items():
        if key in result:
            value = result[key]
            shown = f"{value:.4f}" if isinstance(value, float) else str(value)
            table.add_row(label, shown)
    Console().print(table)
    return 0


def _plan(args: Any) -> int:
    plan = read_plan(args.file, args.interval)
    output = args.output or args.file.with_name(f"{args.file.stem}-staffed{args.file.suffix}")
    console = Console(stderr=True)
    with Progress(
        console=console, transient=True, disable=len(plan) < 2 * PROGRESS_CHUNK
    ) as progress:
        task = progress.add_task("Staffing intervals", total=len(plan))
        staffed = staff_plan(
            plan,
            args.target_sl,
            args.answer_within,
            args.shrinkage or 0.0,
            chunk_size=PROGRESS_CHUNK,
            on_progress=lambda done, total: progress.update(task, completed=done, total=total),
            **_options(args),
        )
    write_plan(output, staffed)
    hours = float(staffed.scheduled.sum()) * plan.interval_seconds / 3600.0
    console.print(
        f"Wrote {len(plan)} intervals to {output}: {int(staffed.agents.sum())} agent-intervals, "
        f"{hours:,.1f} scheduled hours."
    )
    return 0


def run(argv: list[str]) -> int:
    """Entry point for `twoway staffing`; returns the exit code (2 for bad input)."""
    try:
        args = build_parser().parse_args(argv)
        return _required(args) if args.command == "required" else _plan(args)
    except UsageError as exc:
        return fail(str(exc))
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except PlanFileError as exc:
        return fail(f"twoway staffing plan: error: {exc}")
    except StaffingInputError as exc:
        flag = FLAGS.get(exc.field, exc.field)
        return fail(f"twoway staffing: error: {flag} {exc.problem}")


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
