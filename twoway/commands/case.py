"""`twoway case FILE`: a business case from TOML, as a summary, JSON or a one-page PDF."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from twoway.commands._cli import ArgumentParser, UsageError, fail
from twoway.staffing import CaseResult, StaffingInputError, evaluate_case, load_case


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="twoway case", description="Price a change in FTE and money.")
    parser.add_argument("file", type=Path, help="business case in TOML (see docs/staffing.md)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--pdf", type=Path, default=None, metavar="OUT.pdf", help="write a one-page PDF"
    )
    return parser


def _money(value: float | None, currency: str) -> str:
    if value is None:
        return "never"
    return f"{'-' if value < 0 else ''}{currency}{abs(value):,.0f}"


def print_summary(result: CaseResult, console: Console) -> None:
    """A readable summary: scenarios against the baseline, workarounds, assumptions."""
    cur = result.case.currency
    table = Table(title=result.case.name)
    for column in (
        "Scenario",
        "FTE",
        "FTE saved",
        "Cost a year",
        "Saved a year",
        "One-off",
        "Payback",
        "NPV",
    ):
        table.add_column(column, justify="left" if column == "Scenario" else "right")
    for s in [result.baseline, *result.scenarios]:
        base = s is result.baseline
        payback = (
            "-"
            if base
            else ("never" if s.payback_months is None else f"{s.payback_months:.1f} months")
        )
        table.add_row(
            s.name,
            f"{s.fte:,.1f}",
            "-" if base else f"{s.fte_saved:,.1f}",
            _money(s.total_cost_per_year, cur),
            "-" if base else _money(s.money_saved_per_year, cur),
            _money(s.one_off_cost, cur),
            payback,
            "-" if base else _money(s.npv, cur),
        )
    console.print(table)
    if result.workarounds:
        costs = Table(title="Workarounds")
        for column in ("Workaround", "Hours a year", "FTE", "Cost a year"):
            costs.add_column(column)
        for w in result.workarounds:
            costs.add_row(
                w.name, f"{w.hours_per_year:,.0f}", f"{w.fte:,.1f}", _money(w.cost_per_year, cur)
            )
        console.print(costs)
    notes = Table(title="Assumptions", show_header=False)
    for a in result.assumptions:
        notes.add_row(a["name"], str(a["value"]), a["note"])
    console.print(notes)


def _run(args: Any) -> int:
    result = evaluate_case(load_case(args.file))
    if args.pdf is not None:
        from twoway.staffing.onepager import write_case_pdf

        try:
            write_case_pdf(result, args.pdf)
        except (ImportError, OSError) as exc:
            return fail(
                f"twoway case: error: could not write the PDF ({exc}); is WeasyPrint installed?"
            )
        print(f"Wrote {args.pdf}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
    elif args.pdf is None:
        # Wide enough that money never truncates, even in a narrow terminal or a pipe.
        print_summary(result, Console(width=max(Console().width, 120)))
    return 0


def run(argv: list[str]) -> int:
    """Entry point for `twoway case`; returns the exit code (2 for bad input)."""
    try:
        return _run(build_parser().parse_args(argv))
    except UsageError as exc:
        return fail(str(exc))
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except StaffingInputError as exc:
        return fail(f"twoway case: error: {exc}")


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
