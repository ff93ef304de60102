"""Read a conversation's votes from a file: twoway's long form, or Pol.is's own exports.

Three layouts are recognised from their columns (names are case-insensitive):

- long form: `participant, statement, vote` (vote 1 agree, -1 disagree, 0 pass), one row per vote,
  with any per-participant columns beside (such as `lens` or `site`);
- Pol.is `votes.csv`: `timestamp, datetime, comment-id, voter-id, vote`; a participant who
  changed their vote has several rows, and the latest (by timestamp) counts, as in Pol.is;
- Pol.is `participant-votes.csv`: one row per participant (`participant, group-id, n-comments,
  n-votes, n-agree, n-disagree`) and one column per statement id, empty where they did not vote.

CSV or Parquet (by extension or content). Every problem raises `VotesFileError` naming the row
and column (rows counted as a spreadsheet shows them: the header is row 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from twoway.insights.opinion.votes import VOTE_VALUES, Votes, VotesError, votes_from_arrays

ALIASES = {
    "participant": ("participant", "participant_id", "voter-id", "voter_id", "pid"),
    "statement": ("statement", "statement_id", "comment-id", "comment_id", "tid"),
    "vote": ("vote",),
}
POLIS_WIDE = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")


class VotesFileError(VotesError):
    """A votes file that cannot be read; the message says where and why."""


@dataclass(frozen=True)
class VotesFile:
    votes: Votes
    # attribute -> one value per participant (in the order of votes.participants), "" unknown
    declared: dict[str, list[str]]


def read_votes(path: str | Path, groups: str | None = None) -> VotesFile:
    """Read the votes of `path`; `groups` names a per-participant column to compare by."""
    table = _read(Path(path))
    lower = {c.strip().lower(): c for c in table.columns}
    if all(c in lower for c in POLIS_WIDE):
        table = _unpivot_polis_wide(table, lower)
    else:
        table = _long_columns(table, lower)
    table = _labels_as_numbers(table)
    _refuse_blanks(table)
    table = _with_votes(table)
    table = _latest_vote(table)
    declared = {}
    if groups is not None:
        declared[groups] = _declared_column(table, lower, groups)
    return _as_votes(table, declared, groups)


def _read(path: Path) -> pl.DataFrame:
    if not path.is_file():
        raise VotesFileError(f"{path}: no such file")
    head = path.read_bytes()[:4]
    try:
        if path.suffix.lower() == ".parquet" or head == b"PAR1":
            table = pl.read_parquet(path)
        else:
            table = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (pl.exceptions.PolarsError, OSError) as error:
        raise VotesFileError(f"cannot read the file: {error}") from None
    if table.height == 0:
        raise VotesFileError("the file has no votes")
    return table.with_row_index("row", offset=2)


def _long_columns(table: pl.DataFrame, lower: dict[str, str]) -> pl.DataFrame:
    renames = {}
    for wanted, aliases in ALIASES.items():
        found = next((lower[a] for a in aliases if a in lower), None)
        if found is None:
            columns = ", ".join(c for c in table.columns if c != "row")
            raise VotesFileError(
                f'the file has no column "{wanted}" (it has: {columns}); expected the long form '
                "participant, statement, vote or one of Pol.is's exports"
            )
        renames[found] = wanted
    timestamp = lower.get("timestamp")
    if timestamp is not None:
        renames[timestamp] = "timestamp"
    return table.rename(renames)


def _unpivot_polis_wide(table: pl.DataFrame, lower: dict[str, str]) -> pl.DataFrame:
    statements = [c for c in table.columns if c.strip().lstrip("-").isdigit()]
    others = [c for c in table.columns if c not in statements]
    long = table.unpivot(
        index=others, on=statements, variable_name="statement", value_name="vote"
    ).rename({lower["participant"]: "participant"})
    long = long.with_columns(pl.col("vote").cast(pl.String).str.strip_chars())
    return long.filter(pl.col("vote").is_not_null() & (pl.col("vote") != ""))


def _labels_as_numbers(table: pl.DataFrame) -> pl.DataFrame:
    for column in ("participant", "statement"):
        series = table[column]
        if series.dtype == pl.String:
            series = series.str.strip_chars()
            numbers = series.cast(pl.Int64, strict=False)
            series = numbers if numbers.null_count() == series.null_count() else series
        table = table.with_columns(series.alias(column))
    return table


def _refuse_blanks(table: pl.DataFrame) -> None:
    for column in ("participant", "statement"):
        empty = pl.col(column).is_null()
        if table[column].dtype == pl.String:
            empty = empty | (pl.col(column) == "")
        blank = table.filter(empty)
        if blank.height:
            raise VotesFileError(f'row {blank["row"][0]}, column "{column}": empty')


def _with_votes(table: pl.DataFrame) -> pl.DataFrame:
    vote = table["vote"]
    if vote.dtype == pl.String:
        vote = vote.str.strip_chars()
    value = vote.cast(pl.Float64, strict=False)
    wrong = value.is_null() | ~value.is_in([float(v) for v in VOTE_VALUES])
    if wrong.any():
        at = int(wrong.arg_max() or 0)
        raise VotesFileError(
            f'row {table["row"][at]}, column "vote": {vote[at]!r} is not one of 1 (agree), '
            "-1 (disagree), 0 (pass)"
        )
    return table.with_columns(value.cast(pl.Int8).alias("value"))


def _latest_vote(table: pl.DataFrame) -> pl.DataFrame:
    """Pol.is's votes.csv keeps every change of mind: the latest vote (by timestamp) counts."""
    if "timestamp" not in table.columns:
        return table
    stamp = pl.col("timestamp").cast(pl.String).cast(pl.Float64, strict=False)
    ordered = table.with_columns(stamp.alias("stamp")).sort(["stamp", "row"])
    latest = ordered.unique(subset=["participant", "statement"], keep="last")
    return latest.sort("row").drop("stamp")


def _repeated_vote(table: pl.DataFrame) -> VotesFileError:
    """The error for a participant voting twice on one statement, naming both rows (only looked
    for once the arrays have found that it happens)."""
    keys = ["participant", "statement"]
    repeated = table.filter(pl.struct(keys).is_duplicated()).sort("row")
    first = repeated.row(0, named=True)
    same = repeated.filter(
        (pl.col("participant") == first["participant"])
        & (pl.col("statement") == first["statement"])
    )
    rows = " and ".join(str(r) for r in same["row"][:2])
    return VotesFileError(
        f"rows {rows}: participant {first['participant']!r} voted more than once on "
        f"statement {first['statement']!r}"
    )


def _declared_column(table: pl.DataFrame, lower: dict[str, str], name: str) -> pl.DataFrame:
    column = lower.get(name.strip().lower())
    if column is None or column not in table.columns:
        raise VotesFileError(f'the file has no column "{name}" to compare groups by')
    values = table.select(
        "row", "participant", pl.col(column).cast(pl.String).fill_null("").str.strip_chars()
    ).rename({column: "declared"})
    per_person = values.group_by("participant").agg(
        pl.col("declared").n_unique().alias("kinds"), pl.col("row").min()
    )
    mixed = per_person.filter(pl.col("kinds") > 1).sort("row")
    if mixed.height:
        who = mixed["participant"][0]
        found = sorted(values.filter(pl.col("participant") == who)["declared"].unique().to_list())
        raise VotesFileError(
            f'column "{name}": participant {who!r} has more than one value ({", ".join(found)}); '
            "it must be the same on every row of a participant"
        )
    return values.unique(subset=["participant"], keep="first")


def _as_votes(
    table: pl.DataFrame, declared: dict[str, pl.DataFrame], groups: str | None
) -> VotesFile:
    participants = table["participant"].to_numpy()
    statements = table["statement"].to_numpy()
    try:
        votes = votes_from_arrays(participants, statements, table["value"].to_numpy())
    except VotesError as error:
        if "more than once" in str(error):
            raise _repeated_vote(table) from None
        raise
    found: dict[str, list[str]] = {}
    if groups is not None:
        frame = declared[groups]
        keys = frame["participant"].to_list()
        by_person = dict(zip(keys, frame["declared"].to_list(), strict=True))
        found[groups] = [by_person.get(p, "") for p in votes.participants]
    return VotesFile(votes, found)
