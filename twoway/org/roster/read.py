"""Turn an uploaded file's bytes into a table of strings, or refuse it quickly."""

from __future__ import annotations

from twoway.org.roster.errors import RosterError
from twoway.org.roster.table import Table, collector_paused

MAX_BYTES = 60 * 2**20

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


def read_table(
    data: bytes, filename: str = "", max_bytes: int = MAX_BYTES, max_unpacked: int | None = None
) -> Table:
    """Read a CSV (comma, semicolon, tab or pipe) or XLSX roster into a Table.

    Raises RosterError with a plain message for empty, oversized or non-tabular files;
    only the first bytes are inspected before deciding, so garbage is refused fast.
    `max_unpacked` bounds what a workbook may unpack to (the ZIP bomb guard).
    """
    if not data.strip():
        raise RosterError("The file is empty. Export the roster again and upload that file.")
    if len(data) > max_bytes:
        raise RosterError(
            f"The file is {len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB. "
            "Remove columns twoway does not need, or split the file by site."
        )
    if data.startswith(_ZIP):
        from twoway.org.roster.xlsx import MAX_UNPACKED, read_xlsx  # openpyxl only when needed

        return read_xlsx(data, max_bytes=max_bytes, max_unpacked=max_unpacked or MAX_UNPACKED)
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
