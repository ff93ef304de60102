"""Where people sit: unit paths, unit columns, or units derived from the manager chain."""

from __future__ import annotations

from tests.org.roster.helpers import by_id, messages, parse_lines
from twoway.org.roster.hierarchy import NO_MANAGER, find_cycles, split_unit_path


def test_unit_path_column_with_slashes_or_arrows() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Org Path",
        "E1,Ana,Acme Center/Site Lisbon/Team 7",
        "E2,Bo,Acme Center > Site Lisbon > Team 8/Night",
        "E3,Cy,acme center / SITE LISBON",
    )
    assert parsed.errors == []
    people = by_id(parsed)
    assert people["E1"].unit_path == ("Acme Center", "Site Lisbon", "Team 7")
    assert people["E2"].unit_path == ("Acme Center", "Site Lisbon", "Team 8/Night")
    assert people["E3"].unit_path == ("Acme Center", "Site Lisbon")  # first spelling kept


def test_paths_with_several_tops_go_under_the_organisation() -> None:
    parsed = parse_lines("Employee ID,Name,Unit", "E1,Ana,Site A/Team 1", "E2,Bo,Site B/Team 2")
    assert by_id(parsed)["E1"].unit_path == ("Acme", "Site A", "Team 1")
    assert any("several top units" in note for note in parsed.notes)


def test_unit_columns_without_center_hang_from_the_organisation() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Site,Department,Team",
        "E1,Dina Director,Lisbon,,",
        "E2,Ana,Lisbon,Sales,Team  7",
        "E3,Bo,lisbon,SALES,team 7",
        "E4,Cy,Dallas,,Team 1",
    )
    assert parsed.errors == []
    people = by_id(parsed)
    assert people["E1"].unit_path == ("Acme", "Lisbon")  # above team level: on the site
    assert people["E2"].unit_path == ("Acme", "Lisbon", "Sales", "Team 7")
    assert people["E3"].unit_path == ("Acme", "Lisbon", "Sales", "Team 7")
    assert people["E4"].unit_path == ("Acme", "Dallas", "Team 1")


def test_a_center_column_names_the_root() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Center,Site,Team",
        "E1,Ana,Acme Center,Lisbon,Team 7",
        "E2,Bo,Acme Center,,",
    )
    people = by_id(parsed)
    assert people["E1"].unit_path == ("Acme Center", "Lisbon", "Team 7")
    assert people["E2"].unit_path == ("Acme Center",)


def test_units_from_the_manager_chain() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Supervisor ID",
        "E1,Carla Chief,",
        "E2,Maria Lopez,E1",
        "E3,Ana Silva,E2",
        "E4,Bo Chen,E2",
        "E5,Pat Aide,E1",
        "E6,Tom Lead,E2",
        "E7,Cy Dee,E6",
    )
    assert parsed.errors == []
    people = by_id(parsed)
    assert people["E1"].unit_path == ("Acme",)
    assert people["E2"].unit_path == ("Acme", "Team Maria Lopez")
    assert people["E3"].unit_path == ("Acme", "Team Maria Lopez")
    assert people["E5"].unit_path == ("Acme",)  # no reports: sits in the top person's unit
    assert people["E6"].unit_path == ("Acme", "Team Maria Lopez", "Team Tom Lead")
    assert people["E7"].unit_path == ("Acme", "Team Maria Lopez", "Team Tom Lead")
    assert people["E7"].manager_id == "E6"


def test_two_heads_with_the_same_name_get_separate_units() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Supervisor ID",
        "E1,Carla Chief,",
        "E2,Maria Lopez,E1",
        "E3,Maria Lopez,E1",
        "E4,Ana,E2",
        "E5,Bo,E3",
    )
    people = by_id(parsed)
    assert people["E4"].unit_path == ("Acme", "Team Maria Lopez")
    assert people["E5"].unit_path == ("Acme", "Team Maria Lopez (E3)")


def test_managers_found_by_email() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Email,Manager Email,Team",
        "E1,Ana Silva,ana@acme.example,,T",
        "E2,Bo Chen,,ANA@acme.example,T",
        "E3,Cy Dee,,nobody@acme.example,T",
        "E4,Di Eve,di@acme.example,di@acme.example,T",
    )
    assert by_id(parsed)["E2"].manager_id == "E1"
    assert messages(parsed) == [
        'Row 4, column "Manager Email": nobody@acme.example is not the e-mail of anyone in the '
        "file. Add that person, or correct the address.",
        'Row 5, column "Manager Email": di@acme.example is this person\'s own e-mail; a person '
        "cannot be their own manager. Enter their manager's e-mail, or leave it empty for the "
        "top person.",
    ]


def test_manager_id_wins_over_manager_email_when_both_are_given() -> None:
    parsed = parse_lines(
        "Employee ID,Name,Email,Manager ID,Manager Email,Team",
        "E1,Ana,ana@acme.example,,,T",
        "E2,Bo,bo@acme.example,,,T",
        "E3,Cy,,E2,ana@acme.example,T",
        "E4,Di,,,ana@acme.example,T",
    )
    assert by_id(parsed)["E3"].manager_id == "E2"
    assert by_id(parsed)["E4"].manager_id == "E1"


def test_a_very_deep_chain_is_an_error_not_a_crash() -> None:
    lines = ["Employee ID,Name,Supervisor ID", "E0,Top,"]
    lines += [f"E{i},Person {i},E{i - 1}" for i in range(1, 80)]
    parsed = parse_lines(*lines)
    assert parsed.errors[0].row == 53  # E51, the first more than 50 levels down
    assert "more than 50 levels" in parsed.errors[0].message


def test_find_cycles_walks_each_person_once() -> None:
    parents = [1, 2, 0, NO_MANAGER, 3, 6, 5, 6]  # 0>1>2>0; 5<>6 with 7 hanging below
    assert sorted(sorted(c) for c in find_cycles(parents)) == [[0, 1, 2], [5, 6]]


def test_split_unit_path_drops_empty_parts() -> None:
    assert split_unit_path("/Acme//Team  7/") == ("Acme", "Team 7")
