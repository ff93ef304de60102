"""Reading and writing interval plans as CSV or XLSX, with errors that name row and column.

CSV goes through the standard library; XLSX through openpyxl, imported only when needed.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from twoway.safefiles import spreadsheet_safe
from twoway.staffing.errors import PlanFileError
from twoway.staffing.plan import IntervalPlan, StaffedPlan

REQUIRED_COLUMNS = ("queue", "start", "calls", "aht")
OUTPUT_COLUMNS = (
    "queue",
    "start",
    "calls",
    "aht",
    "traffic",
    "agents",
    "scheduled",
    "service_level",
    "asa",
    "occupancy",
    "p_wait",
    "p_abandon",
)


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise PlanFileError(f"{path.name}: a plan must be a .csv or .xlsx file (got {suffix!r})")
    return suffix


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        yield from csv.reader(handle)


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def _header_positions(header: list[Any]) -> dict[str, int]:
    names = [str(cell).strip().lower() if cell is not None else "" for cell in header]
    positions = {}
    for column in REQUIRED_COLUMNS:
        if column not in names:
            found = ", ".join(n for n in names if n) or "nothing"
            raise PlanFileError(
                f'the header has no column "{column}" (found {found}); '
                f"a plan needs {', '.join(REQUIRED_COLUMNS)}",
                row=1,
            )
        positions[column] = names.index(column)
    return positions


def _number(cell: Any, row: int, column: str, *, allow_zero: bool) -> float:
    text = "" if cell is None else str(cell).strip()
    try:
        value = float(text.replace(",", "")) if isinstance(cell, str) else float(cell)
    except (TypeError, ValueError):
        raise PlanFileError(f"{text!r} is not a number", row=row, column=column) from None
    if math.isnan(value) or math.isinf(value):
        raise PlanFileError(f"{text!r} is not a number", row=row, column=column)
    if value < 0 or (value == 0 and not allow_zero):
        need = "0 or more" if allow_zero else "greater than 0"
        raise PlanFileError(f"{value:g} must be {need}", row=row, column=column)
    return value


def _parse(rows: Iterable[list[Any]], interval_seconds: float) -> IntervalPlan:
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise PlanFileError("the file is empty; a plan needs a header row and one row per interval")
    where = _header_positions(header)
    queue, start, calls, aht = [], [], [], []
    for number, row in enumerate(iterator, start=2):
        if not any(cell not in (None, "") for cell in row):
            continue  # blank line, often at the end of exported files
        cells = {name: row[i] if i < len(row) else None for name, i in where.items()}
        for column in ("queue", "start"):
            if cells[column] in (None, ""):
                raise PlanFileError("is empty", row=number, column=column)
        queue.append(str(cells["queue"]).strip())
        start.append(str(cells["start"]).strip())
        calls.append(_number(cells["calls"], number, "calls", allow_zero=True))
        aht.append(_number(cells["aht"], number, "aht", allow_zero=False))
    if not calls:
        raise PlanFileError("the file has a header but no intervals")
    return IntervalPlan(queue, start, np.array(calls), np.array(aht), interval_seconds)


def read_plan(path: str | Path, interval_seconds: float = 900.0) -> IntervalPlan:
    """Read a plan with columns queue, start, calls, aht (AHT in seconds; any order, any case)."""
    path = Path(path)
    if not path.is_file():
        raise PlanFileError(f"{path} does not exist or is not a file")
    rows = _csv_rows(path) if _suffix(path) == ".csv" else _xlsx_rows(path)
    return _parse(rows, interval_seconds)


def write_plan(path: str | Path, staffed: StaffedPlan) -> None:
    """Write the staffed plan (inputs plus agents, scheduled and service) as CSV or XLSX."""
    path = Path(path)
    records = staffed.rows()
    columns = [c for c in OUTPUT_COLUMNS if records and c in records[0]]
    if _suffix(path) == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            # Queue names are the user's text: inert in a spreadsheet (twoway.safefiles).
            writer.writerows({c: spreadsheet_safe(r[c]) for c in columns} for r in records)
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("plan")
    sheet.append(columns)
    for record in records:
        sheet.append([spreadsheet_safe(record[c]) for c in columns])
    book.save(path)
