"""`twoway gap FILE [--format table|json|csv] [--min-group K] [--wide]`

Leader-versus-frontline gaps from another survey tool's export, with twoway's suppression.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from twoway.insights import AnswerFileError, count_answers, gap_results, read_answers
from twoway.insights.anonymity import DEFAULT_K, MIN_K
from twoway.safefiles import spreadsheet_safe

CSV_FIELDS = (
    "unit", "lens", "item", "suppressed", "reason", "n", "mean", "top2", "distribution",
    "leader_unit", "mean_diff", "cliffs_delta", "ci95_low", "ci95_high", "p", "q", "severity",
)  # fmt: skip
EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twoway gap",
        description="Leader-minus-frontline gaps per unit and item from a survey export "
        "(CSV, XLSX or Parquet), with small groups suppressed.",
    )
    parser.add_argument("file", help="long file: respondent, lens, unit, item, value")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument(
        "--min-group", type=int, default=DEFAULT_K, metavar="K",
        help=f"anonymity threshold: no figure for fewer than K people (default {DEFAULT_K}, "
        f"at least {MIN_K})",
    )  # fmt: skip
    parser.add_argument(
        "--wide", action="store_true", help="one row per respondent, one column per item"
    )
    return parser


def run(argv: list[str]) -> int:
    """Run `twoway gap`; 0 on success, 2 on a bad file or bad arguments."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.min_group < MIN_K:
        print(f"twoway gap: --min-group must be at least {MIN_K}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        answers = read_answers(args.file, wide=args.wide)
        records = gap_results(count_answers(answers), k=args.min_group)
    except (AnswerFileError, ValueError) as error:
        print(f"twoway gap: {args.file}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "json":
        write_json(records)
    elif args.format == "csv":
        write_csv(records)
    else:
        print_table(records, args.min_group)
    return 0


def write_json(records: list[dict[str, Any]]) -> None:
    """A JSON array, one record a line: readable, and five times quicker than `indent`."""
    lines = ",\n".join(json.dumps(record, allow_nan=False) for record in records)
    sys.stdout.write(f"[\n{lines}\n]\n" if records else "[]\n")


def write_csv(records: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        # Unit and item names come from someone else's file: never a live formula in Excel.
        writer.writerow({k: spreadsheet_safe(v) for k, v in flat_record(record).items()})


def flat_record(record: dict[str, Any]) -> dict[str, Any]:
    """One CSV row: the gap block spread into columns, the distribution as "1:0 2:3 ..."."""
    row = {k: v for k, v in record.items() if k in CSV_FIELDS}
    if "distribution" in record:
        row["distribution"] = " ".join(f"{v}:{c}" for v, c in record["distribution"].items())
    block = record.get("gap")
    if block:
        row.update({k: block[k] for k in ("leader_unit", "mean_diff", "cliffs_delta", "p", "q")})
        row["ci95_low"], row["ci95_high"] = block["ci95"]
        row["severity"] = block["severity"]
    return row


def print_table(records: list[dict[str, Any]], k: int) -> None:
    """One line per unit and item: leaders, frontline, and the gap between them."""
    # rich is for people at a terminal; scripts asking for JSON or CSV do not load it.
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Leader minus frontline (no figure for fewer than {k} people)")
    for header in ("Unit", "Item", "Leaders", "Frontline", "Gap", "Cliff's δ [95% CI]", "q",
                   "Severity", "Leaders from"):  # fmt: skip
        table.add_column(header)
    by_cell = {(r["unit"], r["item"], r["lens"]): r for r in records}
    for (unit, item, lens), frontline in by_cell.items():
        if lens != "frontline":
            continue
        leader = by_cell[(unit, item, "leader")]
        block = frontline.get("gap")
        row = [unit or "(whole)", item, _summary(leader), _summary(frontline)]
        if block:
            low, high = block["ci95"]
            row += [
                f"{block['mean_diff']:+.2f}",
                f"{block['cliffs_delta']:+.2f} [{low:+.2f}, {high:+.2f}]",
                "—" if block["q"] is None else f"{block['q']:.3f}",
                block["severity"],
                block["leader_unit"] or "(whole)",
            ]
        else:
            row += ["—"] * 5
        table.add_row(*row)
    Console().print(table)


def _summary(record: dict[str, Any]) -> str:
    if record["suppressed"]:
        return f"hidden ({record['reason'].replace('_', ' ')})"
    return f"{record['mean']:.2f} (n={record['n']})"
