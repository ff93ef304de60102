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

import html
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from twoway.safefiles.archive import check_archive
from twoway.safefiles.errors import FileRefused

Row = tuple[Any, ...]
# Empty cells beyond max_columns that may be skipped in all, before the sheet is refused.
EXCESS_CELL_BUDGET = 2_000_000
_PREFIX = rb"((?:[A-Za-z_][\w.-]*:)?)"  # a namespace prefix such as "x:", or none
_FORMULA_TAG = re.compile(rb"<" + _PREFIX + rb"f[\s>/]")
_ATTRIBUTE = re.compile(rb'\s(r|t)="([^"]*)"')
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?(?:/>|>(.*?)</(?:[\w.-]+:)?v>)", re.S)
_FORMULA_TEXT = re.compile(rb"<(?:[\w.-]+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:[\w.-]+:)?f>)", re.S)
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
    with _open(source, data_only=True) as values:
        if not values.worksheets:
            raise FileRefused("The workbook has no worksheet. Put the data on the first sheet.")
        sheet = values.worksheets[0]
        sheet.reset_dimensions()  # some exporters write a wrong size tag
        refuse_formulas_without_values(source, getattr(sheet, "_worksheet_path", ""))
        rows = _bounded(sheet.iter_rows(values_only=True), max_columns)
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


def refuse_formulas_without_values(source: bytes | Path, member: str) -> None:
    """FileRefused naming the first formula cell that has no saved value.

    A byte scan, no XML parse (walking every cell with expat took a third of openpyxl's
    time; this takes a fortieth): each formula element found is looked at in its cell. A cell
    is refused when it has an <f> and no <v>, or an empty <v> that is not a saved empty text
    (t="str"), which is what programs that never compute formulas write.
    """
    with _zip(source) as zf:
        names = zf.namelist()
        parts = [member] if member in names else [
            n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")
        ]  # fmt: skip
        for part in parts:
            _scan_part(zf, part)


def _scan_part(zf: zipfile.ZipFile, part: str) -> None:
    carry = b""
    with zf.open(part) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            text = carry + chunk
            cut = _last_cell_start(text)  # that cell may go on in the next chunk
            _check_formula_cells(text[:cut])
            carry = text[cut:]
    _check_formula_cells(carry)


def _last_cell_start(text: bytes) -> int:
    """Where the last cell of the text starts (it may be cut), or its end when it has none."""
    start = max(text.rfind(b"<c "), text.rfind(b"<c>"))
    prefixed = text.rfind(b":c ")
    if prefixed > start:
        start = text.rfind(b"<", 0, prefixed)
    return start if start >= 0 else len(text)


def _check_formula_cells(text: bytes) -> None:
    for found in _FORMULA_TAG.finditer(text):
        prefix = found.group(1)
        start = text.rfind(b"<" + prefix + b"c ", 0, found.start())
        end = text.find(b"</" + prefix + b"c>", found.end())
        if start < 0 or end < 0:
            continue  # not inside a cell
        cell = text[start:end]
        opening = cell[: cell.find(b">") + 1]
        attributes = dict(_ATTRIBUTE.findall(opening))
        value = _VALUE.search(cell, len(opening))
        if value is not None and (value.group(1) or attributes.get(b"t") == b"str"):
            continue
        row, column = _coordinates(attributes.get(b"r", b"").decode("ascii", "replace"))
        formula = _FORMULA_TEXT.search(cell, len(opening))
        shown = formula.group(1) if formula and formula.group(1) else b""
        raise _no_saved_value(row, column, html.unescape(shown.decode("utf-8", "replace")))


def _coordinates(reference: str) -> tuple[int, int]:
    letters = "".join(ch for ch in reference if ch.isalpha()).upper()
    digits = "".join(ch for ch in reference if ch.isdigit())
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - ord("A") + 1
    return (int(digits) if digits else 0), column


def _no_saved_value(row: int, column: int, formula: str | None) -> FileRefused:
    shown = f"={formula}" if formula else "a shared formula"
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return FileRefused(
        f"Row {row}, column {column}: the cell holds a formula ({shown}) with no saved value, "
        "so it would be read as blank. Open the file in Excel and save it (Excel stores the "
        "values), or paste the column as values.",
        row=row,
        column=column,
    )


@contextmanager
def _zip(source: bytes | Path) -> Iterator[zipfile.ZipFile]:
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            yield zf
    except (zipfile.BadZipFile, OSError, EOFError):
        raise FileRefused(
            "The workbook is damaged. Open it in Excel and save it again as .xlsx, or export "
            "it as CSV."
        ) from None
