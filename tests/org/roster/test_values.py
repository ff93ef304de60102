"""Single cells: work locations, languages, status and names."""

from __future__ import annotations

import pytest

from tests.org.roster.helpers import by_id, parse_lines
from twoway.org.roster.values import (
    read_language,
    read_status,
    read_work_location,
    split_full_name,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Onsite", "onsite"), ("On-Site", "onsite"), ("office", "onsite"),
        ("Remote", "remote"), ("WAH", "remote"), ("Home", "remote"),
        ("Work at Home", "remote"), ("WFH", "remote"), ("Hybrid", "hybrid"),
    ],
)  # fmt: skip
def test_work_locations(text: str, expected: str) -> None:
    assert read_work_location(text, yes_means_remote=False) == expected


def test_yes_no_answers_only_under_a_remote_header() -> None:
    assert read_work_location("Yes", yes_means_remote=True) == "remote"
    assert read_work_location("N", yes_means_remote=True) == "onsite"
    with pytest.raises(ValueError):
        read_work_location("Yes", yes_means_remote=False)
    parsed = parse_lines("Employee ID,Name,Team,WAH", "E1,Ana,T,Y", "E2,Bo,T,N")
    assert [r.work_location for r in parsed.records] == ["remote", "onsite"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("English", "en"), ("Spanish", "es"), ("Español", "es"), ("Português", "pt"),
        ("PT-br", "pt"), ("en_US", "en"), ("FR", "fr"), ("deu", "de"),
        ("English/Spanish", "en"), ("Spanish and English", "es"),
    ],
)  # fmt: skip
def test_languages(text: str, expected: str) -> None:
    assert read_language(text) == expected


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="not a language"):
        read_language("Klingon")


@pytest.mark.parametrize(
    ("text", "active"),
    [
        ("Active", True), ("On Leave", True), ("LOA", True), ("Maternity leave", True),
        ("Inactive", False), ("Terminated", False), ("Resigned", False), ("TRUE", True),
        ("FALSE", False),
    ],
)  # fmt: skip
def test_status(text: str, active: bool) -> None:
    assert read_status(text) is active


def test_status_column_sets_active_and_defaults_to_true() -> None:
    parsed = parse_lines("Employee ID,Name,Team,Status", "E1,Ana,T,Terminated", "E2,Bo,T,")
    people = by_id(parsed)
    assert (people["E1"].active, people["E2"].active) == (False, True)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Lopez, Maria", "Maria", "Lopez"),
        ("de la Cruz,  Ana Sofia", "Ana Sofia", "de la Cruz"),
        ("Maria Lopez", "Maria", "Lopez"),
        ("Maria de la Cruz", "Maria", "de la Cruz"),
        ("Madonna", "Madonna", ""),
    ],
)
def test_full_names(text: str, first: str, last: str) -> None:
    assert split_full_name(text) == (first, last)


def test_first_and_last_columns_win_over_a_name_column() -> None:
    parsed = parse_lines(
        "Employee ID,Name,First Name,Last Name,Team",
        "E1,Silva Ana,Ana,Silva,T",
        'E2,"Chen, Bo",,,T',
    )
    people = by_id(parsed)
    assert (people["E1"].first_name, people["E1"].last_name) == ("Ana", "Silva")
    assert (people["E2"].first_name, people["E2"].last_name) == ("Bo", "Chen")
    assert people["E2"].full_name == "Bo Chen"
