"""Hire dates: each written form, and the day/month order rule per column."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.org.roster.helpers import messages, parse_lines
from twoway.org.roster.dates import Ambiguous, read_date

HEADER = "Employee ID,Name,Team,Hire Date"


def hired(*values: str, **options: object):  # type: ignore[no-untyped-def]
    lines = [HEADER] + [f"E{i},Person {i},T,{value}" for i, value in enumerate(values)]
    return parse_lines(*lines, **options)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-07", dt.date(2024, 3, 7)),
        ("2024/3/7", dt.date(2024, 3, 7)),
        ("2024-03-07 00:00:00", dt.date(2024, 3, 7)),
        ("2024-03-07T09:30:00Z", dt.date(2024, 3, 7)),
        ("20240307", dt.date(2024, 3, 7)),
        ("07-Mar-2024", dt.date(2024, 3, 7)),
        ("7 March 2024", dt.date(2024, 3, 7)),
        ("Mar 7, 2024", dt.date(2024, 3, 7)),
        ("September 30th 2019", dt.date(2019, 9, 30)),
    ],
)
def test_unambiguous_forms_read_directly(text: str, expected: dt.date) -> None:
    assert read_date(text) == expected


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("03/07/2024", (3, 7, 2024)),
        ("3/7/2024 12:00:00 AM", (3, 7, 2024)),
        ("07.03.2024", (7, 3, 2024)),
        ("07-03-2024", (7, 3, 2024)),
        ("07/03/24", (7, 3, 2024)),
        ("07/03/99", (7, 3, 1999)),  # two-digit years pivot like strptime's %y
    ],
)
def test_day_month_forms_wait_for_the_column_to_decide(text: str, parts: tuple) -> None:
    assert read_date(text) == Ambiguous(*parts)


def test_us_dates_are_detected_from_a_second_part_above_twelve() -> None:
    parsed = hired("03/07/2024", "12/25/2023")
    assert parsed.errors == []
    assert parsed.date_order == "mdy"
    assert parsed.records[0].hire_date == dt.date(2024, 3, 7)
    assert any('row 3 has "12/25/2023"' in note for note in parsed.notes)


def test_european_dates_are_detected_from_a_first_part_above_twelve() -> None:
    parsed = hired("03.07.2024", "25.12.2023")
    assert parsed.errors == []
    assert parsed.date_order == "dmy"
    assert parsed.records[0].hire_date == dt.date(2024, 7, 3)


def test_iso_only_column_reports_year_first() -> None:
    parsed = hired("2024-03-07", "2023-12-25")
    assert parsed.date_order == "ymd"
    assert [r.hire_date for r in parsed.records] == [dt.date(2024, 3, 7), dt.date(2023, 12, 25)]


def test_all_ambiguous_dates_without_a_choice_are_one_file_level_error() -> None:
    parsed = hired("03/07/2024", "04/05/2023", "2022-01-01")
    assert parsed.date_order is None
    assert len(parsed.errors) == 1
    error = parsed.errors[0]
    assert (error.row, error.column) == (0, "Hire Date")
    assert '"03/07/2024" (row 2)' in error.message
    assert "--date-format dmy or mdy" in error.message
    assert [r.employee_id for r in parsed.records] == ["E2"]  # only the ISO date is certain


@pytest.mark.parametrize(
    ("order", "expected"), [("dmy", dt.date(2024, 7, 3)), ("mdy", dt.date(2024, 3, 7))]
)
def test_a_chosen_order_settles_ambiguous_dates(order: str, expected: dt.date) -> None:
    parsed = hired("03/07/2024", "04/05/2023", date_order=order)
    assert parsed.errors == []
    assert parsed.date_order == order
    assert parsed.records[0].hire_date == expected


def test_same_day_and_month_is_not_ambiguous() -> None:
    parsed = hired("05/05/2024", "2023-01-31")
    assert parsed.errors == []
    assert parsed.records[0].hire_date == dt.date(2024, 5, 5)


def test_a_column_proving_both_orders_names_the_rows() -> None:
    parsed = hired("25/03/2024", "26/03/2024", "03/27/2024")
    assert messages(parsed) == [
        'Row 4, column "Hire Date": "03/27/2024" is month-first, but row 2 has "25/03/2024", '
        "which is day-first. Use one date format in the whole column."
    ]
    assert parsed.date_order == "dmy"


def test_a_chosen_order_rejects_values_that_contradict_it() -> None:
    parsed = hired("25/03/2024", date_order="mdy")
    assert messages(parsed) == [
        'Row 2, column "Hire Date": "25/03/2024" is not a date that exists when read as '
        "month/day/year. Check the value."
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("next monday", "is not a date twoway can read"),
        ("2024-02-30", "is not a date that exists"),
        ("31/02/2024", "is not a date that exists"),
        ("1024-01-01", "has the year 1024"),
        ("12 Foo 2024", 'has "Foo", which is not an English month name'),
    ],
)
def test_unparseable_dates_are_row_errors(text: str, reason: str) -> None:
    parsed = hired("2024-01-01", text)
    assert len(parsed.errors) == 1
    error = parsed.errors[0]
    assert (error.row, error.column) == (3, "Hire Date")
    assert error.message.startswith(f'"{text}" {reason}')
    assert [r.employee_id for r in parsed.records] == ["E0"]


def test_empty_hire_dates_are_fine() -> None:
    parsed = hired("", "N/A")
    assert parsed.errors == []
    assert [r.hire_date for r in parsed.records] == [None, None]


def test_an_unknown_date_order_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="date_order"):
        hired("2024-01-01", date_order="dd/mm")
