"""Turn an uploaded file's bytes into a table of strings, or refuse it quickly."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from twoway.org.roster.errors import RosterError

MAX_BYTES = 60 * 2**20
MAX_TITLE_ROWS = 20  # rows above the header (report titles, export dates) that we skip

# Signatures of files people upload by mistake, checked on the first bytes only.
_NOT_A_ROSTER = (
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"{\\rtf", "a rich-text (RTF) document"),
    (b"SQLite format 3", "a SQLite database"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


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


def read_table(data: bytes, filename: str = "", max_bytes: int = MAX_BYTES) -> Table:
    """Read a CSV (comma, semicolon, tab or pipe) or XLSX roster into a Table.

    Raises RosterError with a plain message for empty, oversized or non-tabular files;
    only the first bytes are inspected before deciding, so garbage is refused fast.
    """
    if not data.strip():
        raise RosterError("The file is empty. Export the roster again and upload that file.")
    if len(data) > max_bytes:
        raise RosterError(
            f"The file is {len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB. "
            "Remove columns twoway does not need, or split the file by site."
        )
    if data.startswith(_ZIP):
        from twoway.org.roster.xlsx import read_xlsx  # openpyxl only when needed

        return read_xlsx(data, max_bytes=max_bytes)
    refuse_known_binaries(data, filename)
    from twoway.org.roster.text import read_csv

    with collector_paused():
        return read_csv(data)


def refuse_known_binaries(data: bytes, filename: str) -> None:
    """Raise RosterError when the first bytes show a known non-table file type."""
    if data.startswith(_OLE2):
        raise RosterError(
            "This is an old Excel .xls file or a password-protected workbook. "
            "Open it in Excel, remove any password, and save it as .xlsx or CSV."
        )
    for signature, kind in _NOT_A_ROSTER:
        if data.startswith(signature):
            raise RosterError(f"This is {kind}, not a roster. Upload the roster as CSV or XLSX.")
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise RosterError(
            f'"{filename}" is named like an Excel workbook but is not one. '
            "Open it in Excel and save it again as .xlsx, or export the roster as CSV."
        )


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
