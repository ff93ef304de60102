"""`twoway conversation analyse FILE [--format json|table] [--groups COLUMN] [--min-group K]`

The opinion groups, representative statements, consensus and the differences between declared
groups of a conversation's votes (twoway's long form, or Pol.is's votes.csv or
participant-votes.csv export), with twoway's suppression: nothing about fewer than K people.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from twoway.commands._cli import ArgumentParser, UsageError, fail
from twoway.insights.anonymity import DEFAULT_K, MIN_K
from twoway.insights.opinion import VotesError, analyse
from twoway.insights.opinion.files import read_votes

JSON_KEYS = (
    "k", "participants", "statements", "votes", "enough", "grouped", "groups", "repness",
    "consensus", "divides", "declared", "shared_ground", "frontline_agrees",
)  # fmt: skip


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="twoway conversation",
        description="Analyse a conversation's agree/disagree/pass votes, as Pol.is does.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)
    analyse_ = commands.add_parser(
        "analyse",
        help="opinion groups, representative statements, consensus and divides",
        description="Read a votes file (CSV or Parquet: participant, statement, vote; or a "
        "Pol.is votes.csv or participant-votes.csv export) and print its analysis.",
    )
    analyse_.add_argument("file")
    analyse_.add_argument("--format", choices=("json", "table"), default="table")
    analyse_.add_argument(
        "--groups",
        metavar="COLUMN",
        help="a per-participant column (such as lens) whose groups are compared",
    )
    analyse_.add_argument(
        "--min-group", type=int, default=DEFAULT_K, metavar="K",
        help=f"no figure for fewer than K people (default {DEFAULT_K}, at least {MIN_K})",
    )  # fmt: skip
    return parser


def run(argv: list[str]) -> int:
    """Run `twoway conversation`; 0 on success, 2 on a bad file or bad arguments."""
    try:
        args = build_parser().parse_args(argv)
    except UsageError as error:
        return fail(str(error))
    except SystemExit as exit_:  # --help
        return int(exit_.code or 0)
    if args.min_group < MIN_K:
        return fail(f"twoway conversation: --min-group must be at least {MIN_K}")
    try:
        found = read_votes(args.file, groups=args.groups)
        result = analyse(found.votes, k=args.min_group, declared=found.declared)
    except VotesError as error:
        return fail(f"twoway conversation: {args.file}: {error}")
    shown = {key: result[key] for key in JSON_KEYS if key in result}
    if args.format == "json":
        json.dump(shown, sys.stdout, indent=1, allow_nan=False, default=_plain)
        sys.stdout.write("\n")
    else:
        print_tables(shown)
    return 0


def _plain(value: Any) -> Any:
    """Labels read from Parquet may be NumPy integers."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def print_tables(result: dict[str, Any]) -> None:
    console = Console()
    k = result["k"]
    if not result.get("enough"):
        console.print(
            f"Not enough people yet: groups appear when at least {k} people voted and two "
            f"groups of at least {k} can be formed."
        )
        return
    console.print(
        f"{result['participants']} participants, {result['statements']} statements, "
        f"{result['votes']} votes; no figure for fewer than {k} people."
    )
    groups = Table(title="Opinion groups")
    for header in ("Group", "People"):
        groups.add_column(header)
    for group in result["groups"]:
        groups.add_row(group["id"], str(group["size"]))
    console.print(groups)
    console.print(_statement_table("Representative statements", result["repness"]))
    consensus = {
        f"all groups {d}": rows for d, rows in result["consensus"].items() if d != "overall"
    }
    console.print(_statement_table("Consensus", consensus, share_key=None))
    if result["divides"]:
        console.print(_divides_table(result["divides"]))


def _statement_table(title: str, by_group: dict[str, list], share_key: str | None = "p_success"):
    table = Table(title=title)
    for header in ("Group", "Statement", "Direction", "Share (smoothed)", "Votes"):
        table.add_column(header)
    for name, entries in by_group.items():
        for entry in entries:
            share = f"{entry[share_key]:.0%}" if share_key else f"{entry['consensus']:.3f}"
            direction = entry.get("direction", name.rsplit(" ", 1)[-1])
            votes = str(entry.get("n_trials", ""))
            table.add_row(name, str(entry["statement"]), direction, share, votes)
    return table


def _divides_table(divides: list[dict[str, Any]]) -> Table:
    first, second = divides[0]["first"], divides[0]["second"]
    table = Table(title=f"What divides {first} and {second} (share agreeing, q < 0.05)")
    for header in ("Statement", first, second, "Difference", "q"):
        table.add_column(header)
    for row in divides:
        table.add_row(
            str(row["statement"]),
            f"{row['share_first']:.0%} (n={row['n_first']})",
            f"{row['share_second']:.0%} (n={row['n_second']})",
            f"{row['difference']:+.0%}",
            f"{row['q']:.3g}",
        )
    return table
