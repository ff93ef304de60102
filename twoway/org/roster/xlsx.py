"""Read the first worksheet of an XLSX workbook into a Table."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

from twoway.org.roster.errors import RosterError
from twoway.org.roster.table import Table, header_and_rows
from twoway.safefiles import FileRefused, sheet_rows

# A 100,000-person roster unpacks to about 50 MB and takes 15 s to read; twice that is the most
# a preview should cost a web worker. Operators change it with TWOWAY_ROSTER_MAX_UNPACKED_MB.
MAX_UNPACKED = 100 * 2**20
MAX_COLUMNS = 500  # rosters have 10 to 40 columns


def read_xlsx(data: bytes, max_bytes: int, max_unpacked: int = MAX_UNPACKED) -> Table:
    """Read the first worksheet; dates become ISO strings and whole numbers lose their '.0'.

    The archive is checked for what a ZIP bomb looks like before anything is unpacked, rows
    are bounded in width, and a formula cell without a saved value is refused with its place
    rather than read as blank (see `twoway.safefiles`).
    """
    check_zip_is_workbook(data)
    try:
        with sheet_rows(data, max_columns=MAX_COLUMNS, max_unpacked=max_unpacked) as sheet:
            rows = rows_as_text(sheet.rows)
    except FileRefused as refusal:
        raise RosterError(refusal.message) from None
    table = header_and_rows(rows, format="xlsx", source=f'XLSX, sheet "{sheet.title}"')
    if sheet.others:
        others = ", ".join(f'"{title}"' for title in sheet.others)
        table.notes.append(f'Read the first sheet, "{sheet.title}"; ignored {others}.')
    return table


def check_zip_is_workbook(data: bytes) -> None:
    """Refuse ZIP files that are not workbooks, with a message naming what they are."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise RosterError(
            "The file looks like an Excel workbook or ZIP archive but is damaged. "
            "Save it again as .xlsx, or export the roster as CSV."
        ) from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise RosterError(
            f"This is {describe_zip(archive, names)}, not an Excel workbook. "
            + ("Save the roster as .xlsx or CSV and upload that.")
        )


def describe_zip(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "word/document.xml" in names:
        return "a Word document"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation"
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        if b"spreadsheet" in mimetype:
            return "an OpenDocument spreadsheet (.ods)"
        if b"opendocument" in mimetype:
            return "an OpenDocument file"
    if "Index/Document.iwa" in names:
        return "an Apple Numbers file"
    return "a ZIP archive"


def rows_as_text(rows: Iterable[tuple[object, ...]]) -> list[list[str]]:
    """Convert cells to strings; blank rows are kept only when data follows them.

    Workbooks formatted down to row 1,048,576 report a million empty rows, so blank
    rows are counted and only materialised in front of a row with content.
    """
    result: list[list[str]] = []
    pending_blank = 0
    for values in rows:
        cells = [cell_text(value) for value in values]
        if not any(cells):
            pending_blank += 1
            continue
        result.extend([] for _ in range(pending_blank))
        pending_blank = 0
        result.append(cells)
    return result


def cell_text(value: object) -> str:
    """A cell as the string an admin would expect to see."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # employee IDs typed as numbers come back as floats
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
