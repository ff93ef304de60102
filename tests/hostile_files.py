"""Hostile files for the reader tests: a real ZIP bomb and workbooks that misbehave."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

BOMB_UNPACKED = 1100 * 2**20


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory) -> bytes:
    """The bomb of issue 15: about 1 MB that unpacks to 1.1 GB, shaped like a workbook.
    Built once per test process (deflating 1.1 GB takes a few seconds)."""
    path = tmp_path_factory.getbasetemp() / "bomb.xlsx"
    if not path.exists():
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            archive.writestr("[Content_Types].xml", b"<Types/>")
            archive.writestr("xl/workbook.xml", b"<workbook/>")
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
                block = b"<c/>" * 2**18
                for _ in range(BOMB_UNPACKED // len(block)):
                    part.write(block)
    return path.read_bytes()


def workbook_bytes(rows, formulas: dict[str, str] | None = None) -> bytes:
    """An XLSX as openpyxl writes it: formulas are stored with no computed value, as every
    program but a spreadsheet writes them."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cell, formula in (formulas or {}).items():
        sheet[cell] = formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
