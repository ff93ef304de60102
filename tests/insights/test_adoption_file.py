"""Reading adoption exports: clean rows out, every problem with its row and column."""

from __future__ import annotations

import datetime
import io

import openpyxl

from twoway.insights.adoption_file import read_adoption


def errors_of(text: str) -> list[str]:
    return [str(e) for e in read_adoption(text.encode()).errors.first()]


def test_a_clean_file_reads_into_typed_rows():
    found = read_adoption(
        b"Date,Unit,Eligible,Adopted,Proficiency\n"
        b"2027-01-04,Lisbon / Team 1,20,5,40.5\n"
        b"2027-01-05, Team 2 ,10,10,\n"
    )
    assert not found.errors
    rows = found.rows.to_dicts()
    assert rows[0] == {
        "row": 2,
        "date": datetime.date(2027, 1, 4),
        "unit": "Lisbon / Team 1",
        "eligible": 20,
        "adopted": 5,
        "proficiency": 40.5,
    }
    assert rows[1]["unit"] == "Team 2" and rows[1]["proficiency"] is None


def test_every_bad_cell_is_named_by_row_and_column():
    text = (
        "date,unit,eligible,adopted\n"
        "2027-01-04,T1,10,4\n"
        "04/01/2027,T1,10,4\n"  # row 3: not ISO
        "2027-01-06,,10,4\n"  # row 4: blank unit
        "2027-01-07,T1,-3,0\n"  # row 5: negative
        "2027-01-08,T1,10,2.5\n"  # row 6: not whole
        "2027-01-09,T1,10,12\n"  # row 7: adopted > eligible
        "2027-01-10,T1,ten,1\n"  # row 8: garbage
    )
    assert errors_of(text) == [
        'Row 3, column "date": "04/01/2027" is not a date: write it as YYYY-MM-DD',
        'Row 4, column "unit": blank unit: give the unit\'s code, name or path',
        'Row 5, column "eligible": -3 is negative: counts are whole numbers from 0',
        'Row 6, column "adopted": 2.5 is not a whole number: counts are whole numbers from 0',
        'Row 7, column "adopted": adopted (12) is more than eligible (10): adopted counts '
        "people among the eligible",
        'Row 8, column "eligible": "ten" is not a number: give a whole number from 0',
    ]
    assert read_adoption(text.encode()).rows["row"].to_list() == [2]


def test_missing_columns_are_named_with_those_found():
    assert errors_of("day,team,eligible\n2027-01-04,T1,3\n") == [
        'Row 1, column "date": missing column (columns found: "day", "team", "eligible")',
        'Row 1, column "unit": missing column (columns found: "day", "team", "eligible")',
        'Row 1, column "adopted": missing column (columns found: "day", "team", "eligible")',
    ]


def test_garbage_is_refused_in_plain_words():
    assert errors_of("") == ["The file is empty: export the adoption counts again."]
    assert "binary" in read_adoption(b"\x00\x01\x02PDF").errors.first()[0].message
    assert "not a table of adoption counts" in errors_of("just some words\nand more\n")[0]


def test_proficiency_must_be_0_to_100_when_given():
    text = "date,unit,eligible,adopted,proficiency\n2027-01-04,T1,10,4,120\n2027-01-04,T2,10,4,\n"
    assert errors_of(text) == [
        'Row 2, column "proficiency": "120" is not a proficiency from 0 to 100 (or blank)'
    ]


def test_an_xlsx_export_reads_the_same():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["date", "unit", "eligible", "adopted"])
    sheet.append([datetime.datetime(2027, 1, 4), "Team 1", 20, 5])
    sheet.append([datetime.date(2027, 1, 5), "Team 1", 20.0, 7])
    buffer = io.BytesIO()
    book.save(buffer)
    found = read_adoption(buffer.getvalue(), "adoption.xlsx")
    assert not found.errors
    assert found.rows.select("date", "eligible", "adopted").rows() == [
        (datetime.date(2027, 1, 4), 20, 5),
        (datetime.date(2027, 1, 5), 20, 7),
    ]


def test_many_errors_are_counted_beyond_the_ones_listed():
    text = "date,unit,eligible,adopted\n" + "x,T1,1,1\n" * 1500
    errors = read_adoption(text.encode()).errors
    assert errors.total == 1500
    assert len(errors.first()) == 1000
