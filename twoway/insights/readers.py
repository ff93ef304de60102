"""Read a survey export (CSV, XLSX or Parquet; long or wide) into one row per answer.

The result has columns respondent, lens ("leader" or "frontline"), unit (a normalised path, ""
for the whole), item and value (Int64, null when unanswered), and `row`, the file row each answer
came from. Every problem raises `AnswerFileError` naming the first offending row and column;
checks run as vectorised filters, so a million rows take a second or two.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from twoway.insights.cells import normalise_unit
from twoway.insights.likert import WIDEST_SCALE
from twoway.safefiles import FileRefused, check_csv_head, sheet_rows
from twoway.safefiles.text import HEAD_BYTES

LENS_ALIASES = {
    "leader": ("leader", "leaders", "manager", "managers", "management", "supervisor",
               "supervisors", "lead", "leads", "leadership"),
    "frontline": ("frontline", "front line", "front-line", "agent", "agents", "employee",
                  "employees", "staff", "csr", "csrs", "rep", "reps"),
}  # fmt: skip
LENS_OF = {alias: lens for lens, aliases in LENS_ALIASES.items() for alias in aliases}
NO_ANSWER = ("", "na", "n/a", "not applicable", "-")
LONG_COLUMNS = ("respondent", "lens", "unit", "item", "value")
REQUIRED_LONG = ("respondent", "lens", "item", "value")
# Columns of common exports that are not items; wide files may carry them.
NOT_ITEMS = ("respondent", "lens", "unit", "timestamp", "start date", "end date", "submitted at")
SHOWN_ROWS = 3
# A wide export has a column per item (a few hundred at most); a header of millions of columns
# would make polars allocate gigabytes for a 20 MB file.
MAX_COLUMNS = 2_000
# What an XLSX export may unpack to: a million answers take about 150 MB of sheet XML.
MAX_UNPACKED = 512 * 2**20


class AnswerFileError(ValueError):
    """A file twoway cannot read as survey answers; the message says where and why."""


def read_answers(path: str | Path, *, wide: bool = False) -> pl.DataFrame:
    """Read and validate a long (or, with `wide`, a one-row-per-respondent) answer file."""
    table, first_row = read_table(Path(path))
    _refuse_clashing_columns(table, wide)
    table = _named_columns(table)
    table = table.with_row_index("row", offset=first_row)
    answers = _unpivot(table) if wide else _long(table)
    answers = _with_lens(answers)
    answers = _with_values(answers)
    answers = _with_units(answers)
    _check_respondents(answers)
    return answers.select("respondent", "lens", "unit", "item", "value", "row")


def read_table(path: Path) -> tuple[pl.DataFrame, int]:
    """Every cell as text, and the file row of the first data row."""
    if not path.is_file():
        raise AnswerFileError(f"{path}: no such file")
    head = path.read_bytes()[:8]
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm") or head.startswith(b"PK\x03\x04"):
            table, first_row = _read_xlsx(path), 2
        elif path.suffix.lower() == ".parquet" or head.startswith(b"PAR1"):
            table, first_row = pl.read_parquet(path).cast(pl.String), 1
        else:
            table, first_row = _read_csv(path), 2
    except AnswerFileError:
        raise
    except FileRefused as refusal:
        raise AnswerFileError(f"not a table twoway can read: {refusal.message}") from None
    except Exception as error:  # every reader has its own exceptions; all mean the same here
        raise AnswerFileError(f"{path}: not a table twoway can read ({error})") from None
    if table.width == 0 or table.height == 0:
        raise AnswerFileError(f"{path}: empty file, no answers to read")
    return table, first_row


def _read_csv(path: Path) -> pl.DataFrame:
    with path.open("rb") as file:
        sample = file.read(max(65536, HEAD_BYTES))
    if b"\x00" in sample[:65536]:
        raise AnswerFileError(f"{path}: not a table (binary content, not CSV text)")
    try:
        sample[:65536].decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < min(len(sample), 65536) - 4:  # a cut multi-byte character is fine
            raise AnswerFileError(f"{path}: not a table (not UTF-8 text)") from None
    if not sample.strip():
        raise AnswerFileError(f"{path}: empty file, no answers to read")
    check_csv_head(sample, max_columns=MAX_COLUMNS)
    return pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")


def _read_xlsx(path: Path) -> pl.DataFrame:
    """The first sheet, first row as header (openpyxl, streaming, guarded: `sheet_rows`)."""
    with sheet_rows(path, max_columns=MAX_COLUMNS, max_unpacked=MAX_UNPACKED) as sheet:
        rows = sheet.rows
        header = next(rows, None)
        if not header:
            return pl.DataFrame()
        names = [
            str(h).strip() if h is not None else f"column {i + 1}" for i, h in enumerate(header)
        ]
        columns: list[list[str | None]] = [[] for _ in names]
        for row in rows:
            for j in range(len(names)):
                cell = row[j] if j < len(row) else None
                columns[j].append(None if cell is None else _cell_text(cell))
    return pl.DataFrame(
        dict(zip(names, columns, strict=True)), schema=dict.fromkeys(names, pl.String)
    )


def _cell_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _refuse_clashing_columns(table: pl.DataFrame, wide: bool) -> None:
    """The reader numbers rows in a column "row" and, for a wide file, names its items and
    answers "item" and "value"; known columns are matched whatever their case. A file with a
    column of those names, or a known column twice, cannot be read unambiguously."""
    added = ("row", "item", "value") if wide else ("row",)
    seen: dict[str, str] = {}
    for column in table.columns:
        name = column.strip().lower()
        if name in added:
            raise AnswerFileError(
                f'a column named "{column}": twoway adds a column of that name itself '
                "(rename it, or leave it out)"
            )
        if name in LONG_COLUMNS and name in seen:
            raise AnswerFileError(f'the column "{name}" appears twice ("{seen[name]}", "{column}")')
        seen[name] = column


def _named_columns(table: pl.DataFrame) -> pl.DataFrame:
    """Known columns renamed to their lower-case names; the file's own spelling is kept in
    messages through `_label`."""
    renames = {c: c.strip().lower() for c in table.columns if c.strip().lower() in LONG_COLUMNS}
    return table.rename(renames)


def _long(table: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in REQUIRED_LONG if c not in table.columns]
    if missing:
        raise AnswerFileError(_missing_message(missing, table))
    if "unit" not in table.columns:
        table = table.with_columns(pl.lit(None, dtype=pl.String).alias("unit"))
    blank = table.filter(pl.col("respondent").str.strip_chars().fill_null("") == "")
    _raise_at(blank, "respondent", "blank respondent: every answer needs one")
    blank = table.filter(pl.col("item").str.strip_chars().fill_null("") == "")
    _raise_at(blank, "item", "blank item: every answer needs one")
    return table.select(
        pl.col("respondent").str.strip_chars(),
        "lens",
        "unit",
        pl.col("item").str.strip_chars(),
        "value",
        "row",
        pl.lit("value").alias("source"),
    )


def _unpivot(table: pl.DataFrame) -> pl.DataFrame:
    if "lens" not in table.columns:
        raise AnswerFileError(_missing_message(["lens"], table))
    items = [c for c in table.columns if c != "row" and c.strip().lower() not in NOT_ITEMS]
    if not items:
        raise AnswerFileError("no item columns: a wide file has one column per item")
    if "respondent" not in table.columns:
        table = table.with_columns(pl.col("row").cast(pl.String).alias("respondent"))
    if "unit" not in table.columns:
        table = table.with_columns(pl.lit(None, dtype=pl.String).alias("unit"))
    return table.unpivot(
        on=items,
        index=["respondent", "lens", "unit", "row"],
        variable_name="item",
        value_name="value",
    ).select(
        "respondent",
        "lens",
        "unit",
        pl.col("item").str.strip_chars(),
        "value",
        "row",
        pl.col("item").alias("source"),
    )


def _with_lens(answers: pl.DataFrame) -> pl.DataFrame:
    """Lens names from their aliases, worked out once per distinct spelling."""
    spellings = answers["lens"].unique().to_list()
    names = {
        spelling: LENS_OF.get(spelling.strip().lower())
        for spelling in spellings
        if spelling is not None
    }
    answers = answers.with_columns(
        pl.col("lens").replace_strict(names, default=None, return_dtype=pl.String).alias("name")
    )
    unknown = answers.filter(pl.col("name").is_null())
    aliases = "; ".join(f"{lens}: {', '.join(a)}" for lens, a in LENS_ALIASES.items())
    if unknown.height:
        value = unknown["lens"][0]
        shown = "blank" if value is None or not value.strip() else repr(value)
        _raise_at(unknown, "lens", f"{shown} is not a known lens (use {aliases})")
    return answers.drop("lens").rename({"name": "lens"})


def _with_values(answers: pl.DataFrame) -> pl.DataFrame:
    """Whole numbers on the widest scale, or null for no answer; checked per distinct text."""
    spellings = answers.select(pl.col("value").unique().alias("raw"))
    text = pl.col("raw").str.strip_chars()
    spellings = spellings.with_columns(
        pl.when(text.str.to_lowercase().is_in(NO_ANSWER)).then(None).otherwise(text).alias("text")
    ).with_columns(pl.col("text").cast(pl.Float64, strict=False).alias("number"))
    scale = (
        f"answers are whole numbers from {WIDEST_SCALE.low} to {WIDEST_SCALE.high}; "
        "blank is no answer"
    )
    number = pl.col("number")
    problems = (
        (pl.col("text").is_not_null() & number.is_null(), "{value!r} is not a whole number"),
        (number != number.round(), "{value!r} is not a whole number"),
        ((number < WIDEST_SCALE.low) | (number > WIDEST_SCALE.high), "{value} is off the scale"),
    )
    for problem, message in problems:
        bad = spellings.filter(problem)["raw"]
        if bad.len():
            offending = answers.filter(pl.col("value").is_in(bad.implode()))
            offending = offending.with_columns(pl.col("value").str.strip_chars())
            _raise_at(offending, "value", message + " (" + scale + ")")
    values = dict(
        zip(spellings["raw"].to_list(), spellings["number"].cast(pl.Int64).to_list(), strict=True)
    )
    return answers.with_columns(
        pl.col("value").replace_strict(values, default=None, return_dtype=pl.Int64)
    )


def _with_units(answers: pl.DataFrame) -> pl.DataFrame:
    """Normalise unit paths, once per distinct path rather than once per row."""
    paths = answers["unit"].unique().to_list()
    mapping = {path: normalise_unit(path) for path in paths if path is not None}
    return answers.with_columns(
        pl.col("unit").replace_strict(mapping, default="", return_dtype=pl.String)
    )


def _check_respondents(answers: pl.DataFrame) -> None:
    """One lens and one unit per respondent, each item once: one pass, details on failure."""
    summary = answers.group_by("respondent").agg(
        pl.col("lens").n_unique().alias("lenses"),
        pl.col("unit").n_unique().alias("units"),
        (pl.col("item").n_unique() < pl.len()).alias("repeats"),
        pl.col("row").max(),
    )
    both = summary.filter(pl.col("lenses") > 1).sort("row")
    _raise_at(both, "lens", "respondent {respondent!r} answers as both leader and frontline")
    both = summary.filter(pl.col("units") > 1).sort("row")
    _raise_at(both, "unit", "respondent {respondent!r} appears in more than one unit")
    if not summary["repeats"].any():
        return
    twice = answers.filter(pl.struct("respondent", "item").is_duplicated()).sort("row")
    first = twice.row(0, named=True)
    again = twice.filter(
        (pl.col("respondent") == first["respondent"]) & (pl.col("item") == first["item"])
    )
    _raise_at(
        again[1:],
        "item",
        f"respondent {first['respondent']!r} answers item {first['item']!r} twice "
        f"(first at row {first['row']})",
    )


def _raise_at(offending: pl.DataFrame, column: str, template: str) -> None:
    """Raise naming the first offending row (and how many more), if there is one."""
    if offending.height == 0:
        return
    first = offending.row(0, named=True)
    message = template.format(**first)
    rows = ", ".join(str(r) for r in offending["row"][:SHOWN_ROWS].to_list())
    more = (
        f" (rows {rows}{', ...' if offending.height > SHOWN_ROWS else ''})"
        if offending.height > 1
        else ""
    )
    # In a wide file an answer's column is its item's column.
    label = (first.get("source") or column) if column == "value" else column
    raise AnswerFileError(f'Row {first["row"]}, column "{label}": {message}{more}')


def _missing_message(missing: list[str], table: pl.DataFrame) -> str:
    found = ", ".join(f'"{c}"' for c in table.columns if c != "row") or "none"
    names = ", ".join(f'"{c}"' for c in missing)
    return f"missing column {names} (columns found: {found})"
