"""The table a roster file becomes: headers and rows of strings, and how to find the header."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from twoway.org.roster.errors import RosterError

MAX_TITLE_ROWS = 20  # rows above the header (report titles, export dates) that we skip


@dataclass
class Table:
    """Headers and rows of a roster file, every cell a string ('' when empty).

    rows[i] is spreadsheet row `first_row + i`; blank rows stay in place so that row
    numbers match what the admin sees in Excel. Every row is at least as wide as the
    header; wider rows mean values beyond the last header.
    """

    headers: list[str]
    rows: list[list[str]]
    first_row: int = 2
    format: str = "csv"
    source: str = ""  # how the file was read, for the preview
    notes: list[str] = field(default_factory=list)


def header_and_rows(raw_rows: list[list[str]], format: str, source: str) -> Table:
    """Find the header (the first row with at least two filled cells) and build the Table."""
    filled = (sum(1 for cell in row if cell.strip()) for row in raw_rows[:MAX_TITLE_ROWS])
    index = next((i for i, count in enumerate(filled) if count >= 2), None)
    if index is None:
        raise RosterError(
            "No header row found: the first rows have fewer than two filled cells. "
            "The first row should name the columns, such as Employee ID, Name, Team."
        )
    headers = [" ".join(cell.split()) for cell in raw_rows[index]]
    rows = raw_rows[index + 1 :]
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    width = len(headers)
    for row in rows:
        if len(row) < width:  # Excel drops trailing empty cells; callers index freely
            row.extend([""] * (width - len(row)))
    notes = [f"Skipped {index} title row(s) above the header."] if index else []
    return Table(headers, rows, first_row=index + 2, format=format, source=source, notes=notes)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building 100,000s of objects.

    Parsing creates no reference cycles, and with the collector running a third of the
    time went to scanning the growing heap again and again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
