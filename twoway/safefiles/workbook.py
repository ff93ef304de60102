"""The first worksheet of an XLSX workbook, row by row, read defensively.

- The archive passes `check_archive` before openpyxl opens it.
- Rows are bounded in width: a cell at column XFD would make every row 16,384 values wide, a
  few bytes of XML costing megabytes, so a value beyond `max_columns` is refused and empty
  formatted cells beyond it are skipped up to a budget.
- A formula cell keeps the value Excel last computed; a file written by a program that never
  computed it (pandas, openpyxl, some exporters) has none, and reading it as blank would empty
  a field silently. Such a cell is refused with its row and column.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from twoway.safefiles.archive import check_archive
from twoway.safefiles.errors import FileRefused

Row = tuple[Any, ...]
# Empty cells beyond max_columns that may be skipped in all, before the sheet is refused.
EXCESS_CELL_BUDGET = 2_000_000
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_SCAN_CHUNK = 2**20


@dataclass
class Sheet:
    """The first worksheet: its title, the other sheets' titles, and its rows of values
    (1-based row i is the i-th row yielded; missing rows come as empty tuples)."""

    title: str
    others: list[str]
    rows: Iterator[Row]


@contextmanager
def sheet_rows(source: bytes | Path, *, max_columns: int, max_unpacked: int) -> Iterator[Sheet]:
    """Open the workbook and yield its first sheet; FileRefused on any refusal."""
    check_archive(source, max_unpacked=max_unpacked)
    with ExitStack() as stack:
        values = stack.enter_context(_open(source, data_only=True))
        if not values.worksheets:
            raise FileRefused("The workbook has no worksheet. Put the data on the first sheet.")
        sheet = values.worksheets[0]
        sheet.reset_dimensions()  # some exporters write a wrong size tag
        rows = _bounded(sheet.iter_rows(values_only=True), max_columns)
        if _has_formulas(source, getattr(sheet, "_worksheet_path", "")):
            formulas = stack.enter_context(_open(source, data_only=False)).worksheets[0]
            formulas.reset_dimensions()
            rows = _with_formulas_checked(
                rows, _bounded(formulas.iter_rows(values_only=True), max_columns)
            )
        others = [s.title for s in values.worksheets[1:]]
        yield Sheet(title=sheet.title, others=others, rows=_reported(rows))


@contextmanager
def _open(source: bytes | Path, *, data_only: bool) -> Iterator[Any]:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not need
            book = openpyxl.load_workbook(
                io.BytesIO(source) if isinstance(source, bytes) else source,
                read_only=True,
                data_only=data_only,
            )
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise FileRefused(
            f"The workbook could not be opened ({type(exc).__name__}). "
            "Open it in Excel and save it again as .xlsx, or export it as CSV."
        ) from None
    try:
        yield book
    finally:
        book.close()


def _bounded(rows: Iterator[Row], max_columns: int) -> Iterator[Row]:
    budget = EXCESS_CELL_BUDGET
    for number, row in enumerate(rows, start=1):
        if len(row) > max_columns:
            extra = row[max_columns:]
            column = next((i for i, v in enumerate(extra) if v is not None), None)
            if column is not None:
                raise FileRefused(
                    f"Row {number} has a value in column {max_columns + column + 1:,}; twoway "
                    f"reads at most {max_columns:,} columns. Remove the columns it does not "
                    "need.",
                    row=number,
                    column=max_columns + column + 1,
                )
            budget -= len(extra)
            if budget < 0:
                raise FileRefused(
                    "The sheet has formatted empty cells far to the right of the data. Copy "
                    "the data to a new sheet, or export it as CSV."
                )
            end = max_columns
            while end and row[end - 1] is None:
                end -= 1
            row = row[:end]
        yield row


def _with_formulas_checked(values: Iterator[Row], formulas: Iterator[Row]) -> Iterator[Row]:
    for number, (row, formula_row) in enumerate(zip(values, formulas, strict=False), start=1):
        for column, (value, formula) in enumerate(zip(row, formula_row, strict=False), start=1):
            if value is None and _is_formula(formula):
                raise FileRefused(
                    f"Row {number}, column {column}: the cell holds a formula "
                    f"({_shown(formula)}) with no saved value, so it would be read as blank. "
                    "Open the file in Excel and save it (Excel stores the values), or paste "
                    "the column as values.",
                    row=number,
                    column=column,
                )
        yield row


def _is_formula(value: object) -> bool:
    if isinstance(value, str):
        return value.startswith("=")
    return type(value).__name__ in ("ArrayFormula", "DataTableFormula")


def _shown(formula: object) -> str:
    text = str(getattr(formula, "text", formula))
    return text if len(text) <= 60 else text[:57] + "..."


def _reported(rows: Iterator[Row]) -> Iterator[Row]:
    """openpyxl's own errors while streaming (a damaged part, a failed CRC) as FileRefused."""
    try:
        yield from rows
    except FileRefused:
        raise
    except Exception as exc:
        raise FileRefused(
            f"The workbook is damaged ({type(exc).__name__}). "
            "Open it in Excel and save it again as .xlsx, or export it as CSV."
        ) from None


def _has_formulas(source: bytes | Path, member: str) -> bool:
    """Whether the sheet's XML has a formula element: a streaming scan, no XML parse. When the
    sheet's part is not known, every worksheet part is scanned."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            names = zf.namelist()
            parts = [member] if member in names else [
                n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")
            ]  # fmt: skip
            return any(_part_has_formula(zf, part) for part in parts)
    except (zipfile.BadZipFile, OSError, EOFError):
        return True  # let the full read report the damage


def _part_has_formula(zf: zipfile.ZipFile, name: str) -> bool:
    with zf.open(name) as part:
        tail = b""
        while chunk := part.read(_SCAN_CHUNK):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-64:]
    return False
