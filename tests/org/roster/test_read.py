"""Reading files: encodings, delimiters, XLSX, and refusing what is not a roster."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
import time
import zipfile

import openpyxl
import pytest

from tests.org.roster.helpers import csv_bytes
from twoway.org.roster import RosterError, read_table

LINES = ("Employee ID,Name,Team", "E1,José Müller,Équipe 7", "E2,Ana Silva,Team 8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (csv_bytes(*LINES), "UTF-8"),
        (codecs.BOM_UTF8 + csv_bytes(*LINES), "UTF-8 with BOM"),
        (csv_bytes(*LINES, encoding="utf-16"), "UTF-16"),  # Python writes a BOM
        (codecs.BOM_UTF16_BE + csv_bytes(*LINES, encoding="utf-16-be"), "UTF-16"),
        (csv_bytes(*LINES, encoding="utf-16-le"), "UTF-16"),  # no BOM
        (csv_bytes(*LINES, encoding="cp1252"), "Windows-1252"),
    ],
)
def test_each_encoding_reads_accented_names(data: bytes, encoding: str) -> None:
    table = read_table(data)
    assert table.headers == ["Employee ID", "Name", "Team"]
    assert table.rows[0] == ["E1", "José Müller", "Équipe 7"]
    assert encoding in table.source


def test_windows_1252_curly_quotes_and_euro_sign_survive() -> None:
    data = "Employee ID;Name;Team\r\nE1;Zoë “Zo” O’Neil;Team €\r\n".encode("cp1252")
    assert read_table(data).rows[0] == ["E1", "Zoë “Zo” O’Neil", "Team €"]


@pytest.mark.parametrize(
    ("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe")]
)
def test_each_delimiter_is_detected(delimiter: str, name: str) -> None:
    table = read_table(csv_bytes(*LINES, delimiter=delimiter))
    assert table.rows[1] == ["E2", "Ana Silva", "Team 8"]
    assert f"{name}-separated" in table.source


def test_semicolon_file_with_decimal_commas_is_still_semicolon() -> None:
    data = b"Employee ID;Name;FTE\nE1;Ana;0,5\nE2;Bo;1,0\n"
    assert read_table(data).rows == [["E1", "Ana", "0,5"], ["E2", "Bo", "1,0"]]


def test_excel_sep_hint_line_decides_the_delimiter() -> None:
    table = read_table(b"sep=;\nEmployee ID;Name, full;Team\nE1;Ana, Silva;T\n")
    assert table.headers == ["Employee ID", "Name, full", "Team"]
    assert table.rows == [["E1", "Ana, Silva", "T"]]


def test_quoted_cells_keep_delimiters_and_line_breaks() -> None:
    table = read_table(b'Employee ID,Name,Team\nE1,"Lopez, Maria","Team\n7"\nE2,Bo,T\n')
    assert table.rows == [["E1", "Lopez, Maria", "Team\n7"], ["E2", "Bo", "T"]]


def test_title_rows_above_the_header_are_skipped_and_row_numbers_follow() -> None:
    table = read_table(b"Roster export\nGenerated 2024-03-01\nEmployee ID,Name\nE1,Ana\n")
    assert table.headers == ["Employee ID", "Name"]
    assert table.first_row == 4  # Ana is on spreadsheet row 4
    assert any("title row" in note for note in table.notes)


def test_blank_rows_keep_their_place_and_trailing_ones_go() -> None:
    table = read_table(b"Employee ID,Name\nE1,Ana\n\n,\nE2,Bo\n\n\n")
    assert len(table.rows) == 4
    assert table.rows[3] == ["E2", "Bo"]


def write_workbook(rows: list[list[object]], extra_sheet: bool = False) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "People"
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        workbook.create_sheet("Lookups").append(["x", "y"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_dates_become_iso_and_numeric_ids_lose_the_decimal(tmp_path) -> None:
    data = write_workbook(
        [
            ["Employee ID", "Name", "Hire Date", "Active", "FTE"],
            [1043, "Ana Silva", dt.datetime(2024, 3, 7), True, 0.5],
            [1044.0, "Bo Chen", dt.date(2023, 12, 25), False, None],
        ]
    )
    path = tmp_path / "roster.xlsx"
    path.write_bytes(data)
    table = read_table(path.read_bytes(), filename=path.name)
    assert table.format == "xlsx"
    assert table.rows == [
        ["1043", "Ana Silva", "2024-03-07", "TRUE", "0.5"],
        ["1044", "Bo Chen", "2023-12-25", "FALSE", ""],
    ]


def test_xlsx_reads_the_first_sheet_and_says_which_were_ignored() -> None:
    table = read_table(write_workbook([["Employee ID", "Name"], ["E1", "Ana"]], True))
    assert table.headers == ["Employee ID", "Name"]
    assert 'sheet "People"' in table.source
    assert any('"Lookups"' in note for note in table.notes)


def test_xlsx_formatted_blank_rows_at_the_end_are_dropped() -> None:
    rows: list[list[object]] = [["Employee ID", "Name"], ["E1", "Ana"]]
    rows += [[None, None]] * 500 + [["", ""]]
    assert read_table(write_workbook(rows)).rows == [["E1", "Ana"]]


def zip_with(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"", "", "empty"),
        (b"  \r\n\r\n ", "", "empty"),
        (b"%PDF-1.7\n...", "roster.pdf", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "roster.xls", ".xls"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "", "PNG"),
        (zip_with({"notes.txt": b"hello"}), "", "ZIP archive"),
        (zip_with({"word/document.xml": b"<w/>"}), "", "Word document"),
        (
            zip_with({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "",
            "OpenDocument spreadsheet",
        ),
        (b"PK\x03\x04 damaged beyond repair", "", "damaged"),
        (zip_with({"xl/workbook.xml": b"not xml"}), "r.xlsx", "could not be opened"),
        (b"<!DOCTYPE html><html><table><tr><td>1</td></tr></table>", "r.xls", "web page"),
        (b'[{"id": 1, "name": "Ana"}]', "", "JSON"),
        (b"Dear HR team\nplease find the roster attached\nthanks\n", "", "not look like a table"),
        (b"Employee ID,Name\nE1,Ana\n", "roster.xlsx", "not one"),
        (b'Employee ID,Name\nE1,"Ana\n' + b"x" * 200_000, "", "cannot be read as CSV"),
        (b"Name\x00\x01\x02,Team\nAna,\x00\x00\x00", "", "binary"),
    ],
)
def test_files_that_are_not_rosters_are_refused_with_a_plain_message(
    data: bytes, filename: str, expected: str
) -> None:
    with pytest.raises(RosterError) as caught:
        read_table(data, filename=filename)
    assert expected in caught.value.message


def test_fifty_megabytes_of_random_bytes_are_refused_within_a_second() -> None:
    data = os.urandom(50 * 2**20)
    started = time.perf_counter()
    with pytest.raises(RosterError, match="binary"):
        read_table(data)
    assert time.perf_counter() - started < 1.0


def test_megabytes_of_printable_garbage_without_line_breaks_are_refused_fast() -> None:
    data = bytes(range(33, 127)) * (10 * 2**20 // 94)
    started = time.perf_counter()
    with pytest.raises(RosterError, match="no line break"):
        read_table(data)
    assert time.perf_counter() - started < 2.0


def test_a_file_over_the_limit_is_refused_naming_the_limit() -> None:
    with pytest.raises(RosterError, match="the limit is 1 MB"):
        read_table(b"Employee ID,Name\n" + b"E1,Ana\n" * 200_000, max_bytes=2**20)


def test_a_workbook_that_unpacks_to_gigabytes_is_refused() -> None:
    bomb = zip_with({"xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": bytes(30 * 2**20)})
    with pytest.raises(RosterError, match="unpacks"):
        read_table(bomb, max_bytes=2**20)
