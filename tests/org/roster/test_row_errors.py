"""Each kind of bad row gets an error naming its row, its column and what to do."""

from __future__ import annotations

import pytest

from tests.org.roster.helpers import by_id, messages, parse_lines
from twoway.org.roster import RosterError
from twoway.org.roster.errors import ErrorLog, RowError

HEADER = "Employee ID,Name,Manager ID,Team,Email"


def test_manager_not_in_the_file_reads_like_the_style_guide() -> None:
    parsed = parse_lines(HEADER, "E1,Ana Silva,,T,", "E2,Bo Chen,E1043,T,")
    assert messages(parsed) == [
        'Row 3, column "Manager ID": E1043 is not in the file. Add that person or correct the ID.'
    ]
    assert [r.employee_id for r in parsed.records] == ["E1"]


def test_a_manager_name_in_the_id_column_says_which_id_to_use() -> None:
    parsed = parse_lines(HEADER, "E1,Ana Silva,,T,", "E2,Bo Chen,Ana Silva,T,")
    assert messages(parsed) == [
        'Row 3, column "Manager ID": "Ana Silva" is a name, but this column needs the '
        "manager's employee ID: Ana Silva is E1 (row 2)."
    ]


def test_duplicate_employee_ids_name_both_rows() -> None:
    parsed = parse_lines(HEADER, "E1,Ana Silva,,T,", "E2,Bo Chen,E1,T,", "e1,Cy Dee,E2,T,")
    assert messages(parsed) == [
        'Row 4, column "Employee ID": "e1" is also the ID of row 2 (Ana Silva). Each person '
        "needs their own ID; remove the duplicate row or correct it."
    ]


def test_numeric_ids_match_despite_leading_zeros_excel_dropped() -> None:
    parsed = parse_lines(HEADER, "001043,Ana Silva,,T,", "2,Bo Chen,1043,T,")
    assert parsed.errors == []
    assert by_id(parsed)["2"].manager_id == "001043"


def test_a_person_who_is_their_own_manager() -> None:
    parsed = parse_lines(HEADER, "E1,Ana Silva,E1,T,")
    assert messages(parsed) == [
        'Row 2, column "Manager ID": E1 is this person\'s own employee ID; a person cannot be '
        "their own manager. Enter their manager's ID, or leave it empty for the top person."
    ]


def test_a_manager_cycle_names_everyone_in_it_once() -> None:
    parsed = parse_lines(
        HEADER,
        "E0,Top Person,,T,",
        "E1,Ana Silva,E3,T,",
        "E2,Bo Chen,E1,T,",
        "E3,Cy Dee,E2,T,",
        "E4,Di Eve,E2,T,",  # below the cycle, not in it
    )
    assert len(parsed.errors) == 1
    error = parsed.errors[0]
    assert (error.row, error.column) == (3, "Manager ID")
    assert error.message == (
        "manager cycle: Ana Silva (E1) reports to Cy Dee (E3) reports to Bo Chen (E2) reports "
        "to Ana Silva (E1). Correct the manager of one of them (rows 3, 4, 5)."
    )
    assert {r.employee_id for r in parsed.records} == {"E0", "E4"}


def test_bad_emails_are_refused_and_good_ones_lower_cased() -> None:
    bad = [
        "ana@", "ana silva@acme.example", "Ana <ana@acme.example>", "ana@@acme.example",
        "ana@acme", "ana..silva@acme.example", ".ana@acme.example", "ana@-acme.example",
    ]  # fmt: skip
    lines = [HEADER, "E0,Top Person,,T,Top.Person@Acme.Example"]
    lines += [f"E{i + 1},Person {i},E0,T,{email}" for i, email in enumerate(bad)]
    parsed = parse_lines(*lines)
    assert [(e.row, e.column) for e in parsed.errors] == [(i + 3, "Email") for i in range(len(bad))]
    assert all("is not a valid e-mail address" in e.message for e in parsed.errors)
    assert by_id(parsed)["E0"].email == "top.person@acme.example"


def test_duplicate_emails_name_the_first_row() -> None:
    parsed = parse_lines(HEADER, "E1,Ana Silva,,T,ana@acme.example", "E2,Bo,E1,T,ANA@acme.example")
    assert messages(parsed) == [
        'Row 3, column "Email": "ana@acme.example" is also the e-mail of row 2 (Ana Silva). '
        "Each person needs their own e-mail; remove the duplicate row or correct it."
    ]


def test_people_without_email_are_fine_and_placeholders_count_as_empty() -> None:
    parsed = parse_lines(HEADER, "E1,Ana Silva,,T,", "E2,Bo Chen,E1,T,N/A", "E3,Cy,E1,T,-")
    assert parsed.errors == []
    assert {r.email for r in parsed.records} == {""}


def test_empty_employee_id_and_empty_name() -> None:
    parsed = parse_lines(HEADER, "E1,Ana Silva,,T,", ",Bo Chen,E1,T,", "E3, ,E1,T,")
    assert messages(parsed) == [
        'Row 3, column "Employee ID": empty. Every person needs an employee ID.',
        'Row 4, column "Name": empty. Fill in the person\'s name.',
    ]


def test_unknown_work_location_and_status_values() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Team,Work Location,Status",
        "E1,Ana,T,Moon base,Active",
        "E2,Bo,T,Remote,Gone fishing",
    )
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "Work Location"), (3, "Status")]
    assert parsed.errors[0].message.startswith('"Moon base" is not a work location')
    assert parsed.errors[1].message.startswith('"Gone fishing" is not a status twoway knows')


def test_a_value_with_an_unquoted_separator_is_caught() -> None:
    parsed = parse_lines("Employee ID,Name,Team", "E1,Lopez, Maria,Team 7")
    assert messages(parsed) == [
        "Row 2: has 4 values but the header has 3 columns; a value probably contains the "
        "separator. Put quotes around that value or remove it."
    ]


def test_blank_rows_are_skipped_and_later_rows_keep_spreadsheet_numbers() -> None:
    parsed = parse_lines(HEADER, "E1,Ana Silva,,T,", "", ",,,,", "E2,Bo,E9,T,")
    assert [(e.row, e.column) for e in parsed.errors] == [(5, "Manager ID")]


def test_errors_are_capped_at_a_thousand_with_a_count_of_the_rest() -> None:
    lines = [HEADER] + [f"E{i},Person {i},NOBODY,T," for i in range(3000)]
    parsed = parse_lines(*lines)
    assert len(parsed.errors) == 1000
    assert parsed.omitted_errors == 2000
    assert parsed.error_count == 3000
    assert [e.row for e in parsed.errors] == list(range(2, 1002))  # the first in the file


def test_error_log_keeps_file_level_errors_ahead_of_row_errors() -> None:
    log = ErrorLog(limit=2)
    log.add(7, "A", "late")
    log.add(3, "B", "early")
    log.add(0, "", "whole file")
    log.add(9, "C", "later still")
    assert log.sorted() == [RowError(0, "", "whole file"), RowError(3, "B", "early")]
    assert log.omitted == 2


def test_row_error_text_forms() -> None:
    assert str(RowError(0, "", "Empty.")) == "Empty."
    assert str(RowError(0, "Hire Date", "ambiguous")) == 'Column "Hire Date": ambiguous'
    assert str(RowError(4, "", "too wide")) == "Row 4: too wide"


def test_a_header_without_people_is_refused_as_a_whole() -> None:
    with pytest.raises(RosterError, match="no people"):
        parse_lines(HEADER, ",,,,", "")


def test_a_long_cycle_gives_one_short_message() -> None:
    lines = [HEADER] + [f"E{i},Person {i},E{(i + 1) % 5000},T," for i in range(5000)]
    parsed = parse_lines(*lines)
    assert parsed.error_count == 1
    assert "(5000 people in all)" in parsed.errors[0].message
    assert len(parsed.errors[0].message) < 1000
    assert parsed.records == []
