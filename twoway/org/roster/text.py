"""Decode delimited text files (CSV, TSV) as HR and WFM systems export them."""

from __future__ import annotations

import codecs
import csv
import io
import itertools

from twoway.org.roster.errors import RosterError
from twoway.org.roster.table import MAX_TITLE_ROWS, Table, header_and_rows
from twoway.safefiles import unquote_spreadsheet_safe

SAMPLE_BYTES = 64 * 1024
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
MAX_CONTROL_SHARE = 0.002  # real text files have essentially no control characters


def read_csv(data: bytes) -> Table:
    """Decode the bytes, pick the delimiter from the first lines, and parse every row."""
    text, encoding = decode(data)
    refuse_non_tables(text)
    text, delimiter = pick_delimiter(text)
    source = f"CSV, {encoding}, {DELIMITERS[delimiter]}-separated"
    return header_and_rows(parse_rows(text, delimiter), format="csv", source=source)


def decode(data: bytes) -> tuple[str, str]:
    """Return the text and the name of its encoding.

    UTF-8 (with or without BOM) and UTF-16 (BOM, or the zero-byte pattern of plain
    ASCII) are tried first; anything else that is valid text is read as Windows-1252,
    which is what Excel on Windows writes for "CSV".
    """
    sample = data[:SAMPLE_BYTES]
    for bom, codec, name in (
        (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    ):
        if data.startswith(bom):
            return strict_decode(data, codec, name), name
    utf16 = guess_utf16_without_bom(sample)
    if utf16:
        return strict_decode(data, utf16, "UTF-16"), "UTF-16"
    if b"\x00" in sample:
        raise not_text()
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # The five bytes Windows-1252 leaves undefined become U+FFFD rather than failing.
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def strict_decode(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise RosterError(
            f"The file starts like {name} text but is damaged further on. "
            "Export the roster again, as CSV UTF-8 or XLSX."
        ) from None


def guess_utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text has a zero in every other byte."""
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.01 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.01 * len(odd):
        return "utf-16-be"
    return None


def not_text() -> RosterError:
    return RosterError(
        "This file is not a CSV or XLSX roster: it contains binary data. "
        "Export the roster from your HR or workforce system as CSV or XLSX."
    )


def refuse_non_tables(text: str) -> None:
    """Refuse binary garbage, web pages and JSON, looking only at the start of the text."""
    head = text[:SAMPLE_BYTES]
    controls = sum(1 for char in head if char < " " and char not in "\t\r\n")
    controls += head.count("\ufffd") + head.count("\x7f")
    if "\x00" in text or controls > MAX_CONTROL_SHARE * len(head) + 1:
        raise not_text()
    start = head.lstrip()[:200].lower()
    if start.startswith("<") and any(tag in start for tag in ("<html", "<table", "<?xml", "<!doc")):
        raise RosterError(
            "This is a web page or XML file, not a CSV (some systems save HTML under an .xls "
            "name). Open it in a spreadsheet and save it as .xlsx or CSV."
        )
    if start.startswith(("{", "[")):
        raise RosterError("This looks like JSON, not a roster table. Upload CSV or XLSX.")


def pick_delimiter(text: str) -> tuple[str, str]:
    """Choose the delimiter that splits the first lines into the most consistent columns.

    An Excel "sep=;" first line wins outright and is removed.
    """
    first_line, _, rest = text.partition("\n")
    hint = first_line.strip().lower()
    if hint.startswith("sep=") and len(hint) == 5 and first_line.strip()[4] in DELIMITERS:
        return rest, first_line.strip()[4]
    sample = text[:SAMPLE_BYTES]
    if len(text) > SAMPLE_BYTES:
        if "\n" not in sample and "\r" not in sample:
            raise RosterError(
                "The first 64 KB of the file contain no line break, so it is not a roster "
                "table. Export the roster as CSV or XLSX."
            )
        sample = sample[: max(sample.rfind("\n"), sample.rfind("\r"))]
    scores = {delimiter: score_delimiter(sample, delimiter) for delimiter in DELIMITERS}
    best = max(scores, key=lambda d: scores[d])
    if scores[best][1] < 2:
        raise RosterError(
            "This does not look like a table: no commas, semicolons or tabs separate columns "
            "in the first lines. Export the roster as CSV or XLSX."
        )
    return text, best


def score_delimiter(sample: str, delimiter: str) -> tuple[float, int]:
    """(share of the first rows as wide as the header, header width) for one delimiter."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        rows = [row for row in itertools.islice(reader, 100) if any(c.strip() for c in row)]
    except csv.Error:
        return (0.0, 0)
    if not rows:
        return (0.0, 0)
    width = max(len(row) for row in rows[:MAX_TITLE_ROWS])
    if width < 2:
        return (0.0, width)
    header_at = next(i for i, row in enumerate(rows) if len(row) == width)
    body = rows[header_at + 1 :] or rows[header_at:]
    return (sum(1 for row in body if len(row) == width) / len(body), width)


def parse_rows(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise RosterError(
            f"Line {reader.line_num} cannot be read as CSV ({exc}). Check for an unclosed "
            'quote (") on that line, or export the roster again.'
        ) from None
    if "'" in text:  # twoway's own export quotes text a spreadsheet would run as a formula
        rows = [[unquote_spreadsheet_safe(cell) for cell in row] for row in rows]
    return rows
