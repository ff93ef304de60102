"""The roster package stays pure and offers the interface the org app calls."""

from __future__ import annotations

from pathlib import Path

import twoway.org.roster as roster
from tests.layers import imports_django_when_loaded

PACKAGE = Path(roster.__file__).parent


def test_no_module_imports_django() -> None:
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path.name


def test_every_module_imports_without_django() -> None:
    assert imports_django_when_loaded("twoway.org.roster") == ""


def test_public_names() -> None:
    expected = {"read_table", "parse_roster", "RosterError", "RowError", "ParsedRoster",
                "RosterRecord", "DEFAULT_TITLE_ROLES", "ROLES"}  # fmt: skip
    assert expected <= set(roster.__all__)
    assert roster.ROLES == (
        "agent", "team_lead", "supervisor", "manager", "director", "executive", "support",
    )  # fmt: skip


def test_a_whole_file_reads_end_to_end() -> None:
    data = (
        "\ufeffEmp #;Full Name;Work Email;Job Title;Reports To;Center;Site;Team;Start Date;"
        "Work Mode;Preferred Language;Shift;Status\r\n"
        "1001;Lopez, Maria;maria@acme.example;Site Director;;Acme Center;Lisbon;;"
        "25.03.2019;Office;Português;Day;Active\r\n"
        "1002;Ana Silva;;Team Leader;1001;Acme Center;Lisbon;Team 7;07.03.2024;"
        "WAH;pt-PT;Night;On leave\r\n"
    ).encode("utf-8")
    parsed = roster.parse_roster(roster.read_table(data, "r.csv"), org_name="Acme")
    assert parsed.errors == []
    assert parsed.date_order == "dmy"
    maria, ana = parsed.records
    assert (maria.first_name, maria.last_name, maria.role) == ("Maria", "Lopez", "director")
    assert maria.unit_path == ("Acme Center", "Lisbon")
    assert ana.unit_path == ("Acme Center", "Lisbon", "Team 7")
    assert (ana.manager_id, ana.role, ana.work_location, ana.language) == (
        "1001", "team_lead", "remote", "pt",
    )  # fmt: skip
    assert ana.hire_date is not None and ana.hire_date.isoformat() == "2024-03-07"
    assert ana.active and ana.email == "" and ana.shift == "Night"
