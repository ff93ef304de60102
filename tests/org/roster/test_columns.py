"""Header aliases, required columns and the notes about columns left aside."""

from __future__ import annotations

import pytest

from tests.org.roster.helpers import parse_lines
from twoway.org.roster import RosterError
from twoway.org.roster.columns import FIELD_ALIASES, match_columns, normalise_header

BASE = {"employee_id": "E1", "name": "Ana Silva", "team": "Team 7"}
SAMPLE_VALUES = {
    "employee_id": ("E1", "employee_id", "E1"),
    "first_name": ("Ana", "first_name", "Ana"),
    "last_name": ("Silva", "last_name", "Silva"),
    "email": ("Ana@Acme.example", "email", "ana@acme.example"),
    "phone": ("+351 912 000 000", "phone", "+351 912 000 000"),
    "role": ("Team Lead", "role", "team_lead"),
    "job_title": ("CSR", "job_title", "CSR"),
    "hire_date": ("2024-03-07", "hire_date", "2024-03-07"),
    "work_location": ("WAH", "work_location", "remote"),
    "language": ("Español", "language", "es"),
    "shift": ("Night", "shift", "Night"),
    "status": ("Terminated", "active", False),
}


@pytest.mark.parametrize(
    ("alias", "field"),
    [(alias, name) for name, aliases in FIELD_ALIASES.items() for alias in aliases],
)
def test_every_alias_is_matched_to_its_field(alias: str, field: str) -> None:
    assert match_columns([alias]).index == {field: 0}


@pytest.mark.parametrize(
    ("written", "field"),
    [
        ("EMP #", "employee_id"),
        ("emp_id", "employee_id"),
        ("EmployeeNumber", "employee_id"),
        ("  Employee   ID ", "employee_id"),
        ("e-mail", "email"),
        ("Work E-Mail", "email"),
        ("first_name", "first_name"),
        ("LastName", "last_name"),
        ("Reports-To", "manager_id"),
        ("Hire date (dd/mm/yyyy)", None),
        ("Org. Path", "unit_path"),
    ],
)
def test_matching_ignores_case_space_and_punctuation(written: str, field: str | None) -> None:
    assert match_columns([written]).index == ({field: 0} if field else {})


def test_aliases_never_mean_two_fields() -> None:
    seen: dict[str, str] = {}
    for name, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            key = normalise_header(alias)
            assert seen.setdefault(key, name) == name, alias


@pytest.mark.parametrize("field", sorted(SAMPLE_VALUES))
def test_each_optional_field_reaches_the_record(field: str) -> None:
    value, attribute, expected = SAMPLE_VALUES[field]
    header = FIELD_ALIASES[field][-1]
    if field in ("first_name", "last_name"):
        lines = ["Employee ID,First Name,Last Name,Team", "E1,Ana,Silva,Team 7"]
    else:
        lines = [f"Employee ID,Name,Team,{header}", f"E1,Ana Silva,Team 7,{value}"]
    parsed = parse_lines(*lines)
    assert parsed.errors == []
    result = getattr(parsed.records[0], attribute)
    assert (result.isoformat() if attribute == "hire_date" else result) == expected


def test_columns_report_the_header_as_written() -> None:
    parsed = parse_lines("Emp #,Full Name,Work Email,Site", "E1,Ana Silva,a@b.co,Lisbon")
    assert parsed.columns == {
        "employee_id": "Emp #",
        "name": "Full Name",
        "email": "Work Email",
        "site": "Site",
    }


def test_unknown_and_duplicate_columns_are_listed_in_notes() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Team,Cost Center,Title,Job Title", "E1,Ana,T,CC1,Agent,Agent"
    )
    notes = " ".join(parsed.notes)
    assert 'Ignored columns twoway does not use: "Cost Center".' in notes
    assert 'Ignored "Job Title": "Title" already gives the job title.' in notes


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Name,Team", ["an employee ID column", '"Emp #"']),
        ("Employee ID,Team", ["names", '"Full Name"', '"First Name"', '"Last Name"']),
        ("Employee ID,First Name,Team", ["a name column"]),
        ("Employee ID,Name,Email", ["places people", '"Unit Path"', '"Site"', '"Supervisor ID"']),
    ],
)
def test_missing_required_columns_raise_naming_the_aliases(
    header: str, expected: list[str]
) -> None:
    with pytest.raises(RosterError) as caught:
        parse_lines(header, ",".join("x" for _ in header.split(",")))
    for text in expected:
        assert text in caught.value.message
    assert "Columns found:" in caught.value.message


def test_name_column_is_enough_and_first_plus_last_is_enough() -> None:
    assert parse_lines("Employee ID,Name,Team", "E1,Ana Silva,T").errors == []
    assert parse_lines("Employee ID,First Name,Last Name,Site", "E1,Ana,Silva,S").errors == []


def test_manager_ids_alone_place_people() -> None:
    parsed = parse_lines("Employee ID,Name,Reports To", "E1,Ana Silva,", "E2,Bo Chen,E1")
    assert parsed.errors == []
