"""Refuse text files whose first line no real table has, before a CSV library builds it.

A 20 MB file with no line break, or a header of millions of columns, makes a columnar reader
allocate a column per field: gigabytes for a file the upload limit lets through.
"""

from __future__ import annotations

import csv
import io

from twoway.safefiles.errors import FileRefused

MAX_LINE_BYTES = 256 * 1024  # the header line; real headers are a few hundred bytes
HEAD_BYTES = MAX_LINE_BYTES + 1


def check_csv_head(head: bytes, *, max_columns: int, delimiter: str = ",") -> int:
    """The number of columns of the first line in `head` (the file's first HEAD_BYTES bytes),
    or FileRefused when the line is too long or too wide."""
    end = min((i for i in (head.find(b"\n"), head.find(b"\r")) if i >= 0), default=-1)
    if end < 0 and len(head) >= HEAD_BYTES:
        raise FileRefused(
            f"The first {MAX_LINE_BYTES // 1024} KB of the file hold no line break, so it is "
            "not a table with a header row. Export it again as CSV."
        )
    line = head[: end if end >= 0 else len(head)].decode("utf-8", errors="replace")
    try:
        header = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
    except csv.Error as error:
        raise FileRefused(f"The header row cannot be read as CSV ({error}).") from None
    if len(header) > max_columns:
        raise FileRefused(
            f"The header row has {len(header):,} columns; twoway reads at most "
            f"{max_columns:,}. Remove the columns it does not need."
        )
    return len(header)
