"""Refuse ZIP bombs (an XLSX is a ZIP) from the central directory alone.

Python's `zipfile` never returns more bytes for a member than the central directory declares
(`ZipExtFile` cuts the output at `file_size`, and a lying header fails its CRC), so the declared
sizes bound what any later reader, openpyxl included, can unpack. Checking them costs a read of
the directory: a 1 MB file that would unpack to 1 GB is refused in milliseconds.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from twoway.safefiles.errors import FileRefused

# Real workbooks compress 5-15 times (a 100,000-person roster: 4 MB to 49 MB; 200,000 formatted
# empty rows: 10 times); deflate cannot pass about 1,030. Only members over a megabyte count.
UNPACK_RATIO = 100
RATIO_FLOOR_BYTES = 2**20
MAX_MEMBERS = 10_000


def check_archive(
    source: bytes | Path, *, max_unpacked: int, max_ratio: int = UNPACK_RATIO
) -> list[zipfile.ZipInfo]:
    """The archive's members, or FileRefused when it is damaged or unpacks like a bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileRefused(
            "The file looks like an Excel workbook or ZIP archive but is damaged. "
            "Save it again as .xlsx, or export it as CSV."
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise FileRefused(
            f"The archive holds {len(infos):,} files; a workbook holds a few dozen. "
            "Save it again as .xlsx, or export it as CSV."
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > max_unpacked:
        raise FileRefused(
            f"The workbook unpacks to {unpacked / 2**20:,.0f} MB; the limit is "
            f"{max_unpacked / 2**20:,.0f} MB. Export it as CSV, or split it."
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > max_ratio:
            raise FileRefused(
                f"The workbook part {info.filename} unpacks {ratio:,.0f} times its size; real "
                f"workbooks stay under {max_ratio}. This looks like a ZIP bomb: export the "
                "data as CSV instead."
            )
    return infos
