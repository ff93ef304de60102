"""Read an adoption export (CSV or XLSX): one row per unit and day with the columns `date`,
`unit`, `eligible`, `adopted` and an optional `proficiency` (0-100).

Telephony, CRM and WFM tools export such counts per team or site; never per agent. Every
problem is reported with its row (the header is row 1) and column, all at once, so a file is
fixed in one go; the checks are vectorised filters, so a million rows read in a second or two.
Matching units to the organisation, and the rules that need the initiative (dates before it,
duplicates of one unit under two spellings), belong to the caller.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import polars as pl

REQUIRED = ("date", "unit", "eligible", "adopted")
OPTIONAL = ("proficiency",)
MAX_ERRORS = 1000  # reported one by one; beyond this only counted
HEADER_ROW = 1


@dataclass(frozen=True)
class FileError:
    row: int  # 0: the file as a whole; 1: the header
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        return f'Row {self.row}, column "{self.column}": {self.message}'


ERROR_SCHEMA = {"row": pl.Int64, "column": pl.String, "message": pl.String}
COLUMN_ORDER = {c: i for i, c in enumerate((*REQUIRED, *OPTIONAL))}


@dataclass
class ErrorList:
    """Every error found, as frames of (row, column, message), listed in file order."""

    frames: list[pl.DataFrame] = field(default_factory=list)

    def add(self, error: FileError) -> None:
        self.frames.append(
            pl.DataFrame(
                {"row": [error.row], "column": [error.column], "message": [error.message]},
                schema=ERROR_SCHEMA,
            )
        )

    def add_rows(self, rows: pl.DataFrame, column: str, messages: pl.Series | str) -> None:
        """One error per row of `rows` (its `row` column), a message per row or one for all."""
        if rows.height == 0:
            return
        text = (
            pl.Series("message", [messages] * rows.height)
            if isinstance(messages, str)
            else messages
        )
        self.frames.append(
            pl.DataFrame(
                {
                    "row": rows["row"].cast(pl.Int64),
                    "column": [column] * rows.height,
                    "message": text,
                },
                schema=ERROR_SCHEMA,
            )
        )

    @property
    def total(self) -> int:
        return sum(frame.height for frame in self.frames)

    def first(self, limit: int = MAX_ERRORS) -> list[FileError]:
        """The first `limit` errors by row, then by column in the file's column order."""
        if not self.frames:
            return []
        every = pl.concat(self.frames).with_columns(
            pl.col("column")
            .replace_strict(COLUMN_ORDER, default=len(COLUMN_ORDER), return_dtype=pl.Int64)
            .alias("order")
        )
        top = every.sort("row", "order", maintain_order=True).head(limit)
        return [
            FileError(r, c, m) for r, c, m in top.select("row", "column", "message").iter_rows()
        ]

    def __bool__(self) -> bool:
        return any(frame.height for frame in self.frames)


@dataclass
class AdoptionFile:
    """Clean rows (row, date, unit, eligible, adopted, proficiency) and every error found."""

    rows: pl.DataFrame
    errors: ErrorList


def read_adoption(data: bytes, filename: str = "") -> AdoptionFile:
    """Read and check an adoption file; `rows` holds only the rows without errors."""
    errors = ErrorList()
    try:
        table = _read_table(data, filename)
    except ValueError as error:
        errors.add(FileError(0, "", str(error)))
        return AdoptionFile(_empty(), errors)
    table = _named_columns(table)
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        found = ", ".join(f'"{c}"' for c in table.columns) or "none"
        for column in missing:
            errors.add(FileError(HEADER_ROW, column, f"missing column (columns found: {found})"))
        return AdoptionFile(_empty(), errors)
    if "proficiency" not in table.columns:
        table = table.with_columns(pl.lit(None, dtype=pl.String).alias("proficiency"))
    table = table.select(*REQUIRED, *OPTIONAL).with_row_index("row", offset=HEADER_ROW + 1)
    checked = _parse(table)
    _collect(checked, errors)
    bad = pl.col("bad_date") | pl.col("bad_unit") | pl.col("bad_counts") | pl.col("bad_prof")
    clean = checked.filter(~bad).select(
        pl.col("row").cast(pl.Int64),
        pl.col("day").alias("date"),
        pl.col("unit_text").alias("unit"),
        pl.col("e").cast(pl.Int64).alias("eligible"),
        pl.col("a").cast(pl.Int64).alias("adopted"),
        pl.col("p").alias("proficiency"),
    )
    return AdoptionFile(clean, errors)


def _empty() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "row": pl.Int64,
            "date": pl.Date,
            "unit": pl.String,
            "eligible": pl.Int64,
            "adopted": pl.Int64,
            "proficiency": pl.Float64,
        }
    )


def _read_table(data: bytes, filename: str) -> pl.DataFrame:
    """Every cell as text; ValueError with a plain message for what is not a table."""
    if not data.strip():
        raise ValueError("The file is empty: export the adoption counts again.")
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    sample = data[:65536]
    if b"\x00" in sample:
        raise ValueError("This is not a CSV or XLSX file (it holds binary content).")
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 4:  # a multi-byte character cut by the sample is fine
            raise ValueError("This is not a CSV file in UTF-8: save it again as UTF-8.") from None
    try:
        table = pl.read_csv(
            io.BytesIO(data),
            infer_schema=False,
            separator=_separator(sample),
            truncate_ragged_lines=True,
        )
    except Exception as error:  # polars raises several kinds for text that is not CSV
        raise ValueError(f"This is not a table twoway can read ({error}).") from None
    if table.width < 2:
        raise ValueError(
            "This is not a table of adoption counts: expected the columns "
            "date, unit, eligible, adopted."
        )
    return table


def _separator(sample: bytes) -> str:
    first = sample.split(b"\n", 1)[0]
    counts = {sep: first.count(sep.encode()) for sep in (",", ";", "\t", "|")}
    return max(counts, key=lambda sep: counts[sep])


def _read_xlsx(data: bytes) -> pl.DataFrame:
    """The first sheet, first row as header (openpyxl, streaming)."""
    import datetime

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise ValueError(
            f"The workbook could not be opened ({type(error).__name__}): save it again as .xlsx."
        ) from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None) or ()
        names = [
            str(h).strip() if h is not None else f"column {i + 1}" for i, h in enumerate(header)
        ]
        columns: list[list[str | None]] = [[] for _ in names]
        for row in rows:
            for j in range(len(names)):
                cell = row[j] if j < len(row) else None
                if isinstance(cell, datetime.datetime):
                    cell = cell.date()
                if isinstance(cell, float) and cell.is_integer():
                    cell = int(cell)
                columns[j].append(None if cell is None else str(cell))
    finally:
        book.close()
    return pl.DataFrame(
        dict(zip(names, columns, strict=True)), schema=dict.fromkeys(names, pl.String)
    )


def _named_columns(table: pl.DataFrame) -> pl.DataFrame:
    renames: dict[str, str] = {}
    for column in table.columns:
        name = column.strip().lower()
        if name in (*REQUIRED, *OPTIONAL) and name not in renames.values():
            renames[column] = name
    return table.rename(renames)


def _parse(table: pl.DataFrame) -> pl.DataFrame:
    text = {c: pl.col(c).str.strip_chars() for c in (*REQUIRED, *OPTIONAL)}
    number = {c: text[c].cast(pl.Float64, strict=False) for c in ("eligible", "adopted")}
    parsed = table.with_columns(
        text["date"].str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False).alias("day"),
        text["unit"].alias("unit_text"),
        number["eligible"].alias("e"),
        number["adopted"].alias("a"),
        text["proficiency"].cast(pl.Float64, strict=False).alias("p"),
    )
    whole = {c: (pl.col(c) == pl.col(c).round()) & (pl.col(c) >= 0) for c in ("e", "a")}
    return parsed.with_columns(
        pl.col("day").is_null().alias("bad_date"),
        (pl.col("unit_text").fill_null("") == "").alias("bad_unit"),
        (
            ~whole["e"].fill_null(False)
            | ~whole["a"].fill_null(False)
            | (pl.col("a") > pl.col("e")).fill_null(False)
        ).alias("bad_counts"),
        (
            (pl.col("proficiency").str.strip_chars().fill_null("") != "")
            & (pl.col("p").is_null() | (pl.col("p") < 0) | (pl.col("p") > 100)).fill_null(True)
        ).alias("bad_prof"),
    )


def _collect(parsed: pl.DataFrame, errors: ErrorList) -> None:
    """Every row error, rule by rule; the caller sorts them by row."""
    shown = pl.col("date").fill_null("").str.slice(0, 40)
    dates = parsed.filter(pl.col("bad_date"))
    errors.add_rows(
        dates,
        "date",
        dates.select(
            pl.when(pl.col("date").fill_null("").str.strip_chars() == "")
            .then(pl.lit("blank date: write it as YYYY-MM-DD"))
            .otherwise(pl.format("{} is not a date: write it as YYYY-MM-DD", _quoted(shown)))
        ).to_series(),
    )
    errors.add_rows(
        parsed.filter(pl.col("bad_unit")), "unit", "blank unit: give the unit's code, name or path"
    )
    for column, value in (("eligible", "e"), ("adopted", "a")):
        bad = parsed.filter(
            ~((pl.col(value) == pl.col(value).round()) & (pl.col(value) >= 0)).fill_null(False)
        )
        errors.add_rows(bad, column, bad.select(_count_message(column, value)).to_series())
    valid = [((pl.col(c) == pl.col(c).round()) & (pl.col(c) >= 0)).fill_null(False) for c in "ea"]
    over = parsed.filter(valid[0] & valid[1] & (pl.col("a") > pl.col("e")))
    errors.add_rows(
        over,
        "adopted",
        over.select(
            pl.format(
                "adopted ({}) is more than eligible ({}): adopted counts people among the eligible",
                pl.col("a").cast(pl.Int64),
                pl.col("e").cast(pl.Int64),
            )
        ).to_series(),
    )
    prof = parsed.filter(pl.col("bad_prof"))
    errors.add_rows(
        prof,
        "proficiency",
        prof.select(
            pl.format(
                "{} is not a proficiency from 0 to 100 (or blank)",
                _quoted(pl.col("proficiency").str.slice(0, 40)),
            )
        ).to_series(),
    )


def _quoted(expr: pl.Expr) -> pl.Expr:
    return pl.format('"{}"', expr)


def _count_message(column: str, value: str) -> pl.Expr:
    raw = pl.col(column).fill_null("").str.strip_chars()
    return (
        pl.when(raw == "")
        .then(pl.lit(f"blank {column} count: give a whole number from 0"))
        .when(pl.col(value).is_null())
        .then(
            pl.format(
                "{} is not a number: give a whole number from 0", _quoted(raw.str.slice(0, 40))
            )
        )
        .when(pl.col(value) < 0)
        .then(pl.format("{} is negative: counts are whole numbers from 0", raw))
        .otherwise(pl.format("{} is not a whole number: counts are whole numbers from 0", raw))
    )
