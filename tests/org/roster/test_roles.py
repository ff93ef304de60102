"""Roles from a role column, or from job titles through the editable mapping."""

from __future__ import annotations

import pytest

from tests.org.roster.helpers import by_id, messages, parse_lines
from twoway.org.roster import DEFAULT_TITLE_ROLES, ROLES
from twoway.org.roster.roles import RoleMapper


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Agent", "agent"),
        ("CSR", "agent"),
        ("Customer Service Representative", "agent"),
        ("Sales Rep II", "agent"),
        ("Senior Advisor", "agent"),
        ("Customer Care Associate", "agent"),
        ("Billing Specialist", "agent"),
        ("Customer Service Executive", "agent"),
        ("Team Lead", "team_lead"),
        ("Team Leader - Inbound", "team_lead"),
        ("Shift Supervisor", "supervisor"),
        ("Operations Manager", "manager"),
        ("Quality Manager", "manager"),  # the leadership word wins
        ("Site Director", "director"),
        ("Associate Director", "director"),
        ("Head of Customer Service", "director"),
        ("VP Operations", "executive"),
        ("Vice-President, Customer Experience", "executive"),
        ("Chief Customer Officer", "executive"),
        ("COO", "executive"),
        ("Quality Analyst", "support"),
        ("Trainer", "support"),
        ("Training Coordinator", "support"),
        ("WFM Analyst", "support"),
        ("Real-Time Analyst", "support"),
    ],
)
def test_default_mapping_for_common_titles(title: str, role: str) -> None:
    assert RoleMapper().role_for_title(title) == role


def test_keywords_match_whole_words_only() -> None:
    mapper = RoleMapper()
    assert mapper.role_for_title("Representative") == "agent"
    assert mapper.role_for_title("Reporter") is None  # contains "rep" but not as a word
    assert mapper.role_for_title("Vpn Engineer") is None


def test_default_mapping_only_names_known_roles() -> None:
    assert set(DEFAULT_TITLE_ROLES.values()) <= set(ROLES)


def test_caller_mapping_overrides_defaults_exactly_and_by_keyword() -> None:
    mapper = RoleMapper({"Quality Manager": "support", "coach": "team_lead"})
    assert mapper.role_for_title("quality  manager") == "support"
    assert mapper.role_for_title("Agent Coach") == "team_lead"
    assert mapper.role_for_title("Operations Manager") == "manager"


def test_caller_mapping_with_an_unknown_role_is_refused() -> None:
    with pytest.raises(ValueError, match="boss"):
        RoleMapper({"Floor Walker": "boss"})


def test_roles_from_the_title_column_and_an_unmapped_title() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Job Title,Team", "E1,Ana,Team Leader,T", "E2,Bo,Floor Walker,T"
    )
    assert by_id(parsed)["E1"].role == "team_lead"
    assert messages(parsed) == [
        'Row 3, column "Job Title": no role is set for the title "Floor Walker". Add it to the '
        "role mapping (job title -> role), or add a Role column."
    ]
    assert any('Roles taken from "Job Title" through the title mapping' in n for n in parsed.notes)


def test_title_roles_argument_fixes_the_unmapped_title() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Job Title,Team",
        "E1,Bo,Floor Walker,T",
        title_roles={"floor walker": "supervisor"},
    )
    assert parsed.errors == []
    assert parsed.records[0].role == "supervisor"
    assert parsed.records[0].job_title == "Floor Walker"


def test_role_column_wins_and_falls_back_to_the_title() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Role,Title,Team",
        "E1,Ana,Team_Lead,Agent,T",
        "E2,Bo,,Supervisor,T",
        "E3,Cy,CSR,,T",
        "E4,Di,Ninja,Agent,T",
        "E5,Ed,,,T",
    )
    people = by_id(parsed)
    assert (people["E1"].role, people["E2"].role, people["E3"].role) == (
        "team_lead",
        "supervisor",
        "agent",
    )
    assert [(e.row, e.column) for e in parsed.errors] == [(5, "Role"), (6, "Role")]
    assert parsed.errors[0].message.startswith('"Ninja" is not a role twoway knows.')
    assert parsed.errors[1].message == "empty, so the person's role is unknown. Fill it in."


def test_without_role_or_title_roles_follow_the_chain() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Manager ID",
        "E1,Mo Manager,",
        "E2,Tl Lead,E1",
        "E3,Ag Agent,E2",
    )
    assert [r.role for r in parsed.records] == ["manager", "team_lead", "agent"]
    assert any("No role or job title column" in note for note in parsed.notes)
