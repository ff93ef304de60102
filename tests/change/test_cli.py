"""The `twoway change` command line: names, flags, JSON keys and exit codes as issue 9 spells
them, atomic and idempotent adoption imports, errors by row and column."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.change.conftest import GO_LIVE, adoption_csv, daily
from twoway.change.models import AdoptionRow, Initiative, Phase


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("change", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(*args) -> tuple[CommandError, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("change", *args, stdout=io.StringIO(), stderr=err)
    return caught.value, err.getvalue()


def test_create_then_phase_by_unit_path_then_list(world):
    out, _ = run(
        "create", "kb", "--org", "acme", "--title", "New knowledge base", "--target", "0.7"
    )
    assert "Created initiative kb" in out
    initiative = Initiative.objects.get(key="kb")
    assert (initiative.target_level, initiative.target_days) == (0.7, 30)
    units = "Acme Care / Lisbon / Team Lisbon 1;Acme Care / Work at Home"
    dates = ["--start", "2027-01-04", "--go-live", "2027-01-18", "--sustain-until", "2027-03-31"]
    run("phase", "kb", "--org", "acme", "--units", units, *dates, "--impact", "low")
    phase = Phase.objects.get(initiative=initiative)
    assert {u.name for u in phase.units.all()} == {"Team Lisbon 1", "Work at Home"}
    assert phase.impact == "low"
    listed = json.loads(run("list", "--org", "acme", "--format", "json")[0])
    assert listed[0]["key"] == "kb"
    assert listed[0]["phases"][0]["units"] == [
        "Acme Care / Lisbon / Team Lisbon 1",
        "Acme Care / Work at Home",
    ]
    assert listed[0]["phases"][0]["go_live"] == "2027-01-18"
    table = run("list", "--org", "acme")[0]
    assert table.startswith("kb\tproposed\t1 phase(s)\t2027-01-18\tNew knowledge base")


def test_a_key_is_unique_in_the_organisation(world, desktop):
    error, _ = fails("create", "desktop", "--org", "acme", "--title", "Again")
    assert str(error) == "KEY: desktop is taken: keys are unique in the organisation."


def test_phase_errors_name_the_flag(world, desktop):
    base = [
        "phase",
        "desktop",
        "--org",
        "acme",
        "--start",
        "2027-02-01",
        "--sustain-until",
        "2027-03-01",
    ]
    error, _ = fails(*base, "--units", "Acme Care / Nowhere", "--go-live", "2027-02-10")
    assert str(error).startswith('--units: "Acme Care / Nowhere" is not a unit of the organisation')
    error, _ = fails(*base, "--units", "Globex Team", "--go-live", "2027-02-10")
    assert "--units" in str(error)  # another organisation's unit is unknown here
    error, _ = fails(*base, "--units", "Team Lisbon 2", "--go-live", "2027-01-20")
    assert str(error) == "--go-live: The go-live cannot come before the start."
    error, _ = fails(*base, "--units", "Team Lisbon 2", "--go-live", "2027-02-10")
    assert str(error).startswith("--units: Acme Care / Lisbon / Team Lisbon 2 is impacted twice")
    assert Phase.objects.filter(initiative=desktop).count() == 2


def test_adoption_import_dry_run_writes_nothing_then_the_import_does(world, desktop, tmp_path):
    path = tmp_path / "adoption.csv"
    path.write_bytes(adoption_csv(daily("Team Lisbon 1", GO_LIVE, [2, 4, 6])))
    out, _ = run(
        "adoption", "import", str(path), "--org", "acme", "--initiative", "desktop", "--dry-run"
    )
    assert "Would write 3 of 3 rows: 3 new, 0 replacing stored rows, 0 unchanged." in out
    assert "Acme Care / Lisbon / Team Lisbon 1: 3 row(s)" in out
    assert "Dry run: nothing was written." in out
    assert not AdoptionRow.objects.exists()
    out, _ = run("adoption", "import", str(path), "--org", "acme", "--initiative", "desktop")
    assert "Wrote 3 of 3 rows: 3 new" in out
    assert AdoptionRow.objects.count() == 3


def test_reimporting_changes_nothing_and_a_stored_day_is_replaced(world, desktop, tmp_path):
    path = tmp_path / "adoption.csv"
    path.write_bytes(adoption_csv(daily("Team Lisbon 1", GO_LIVE, [2, 4, 6])))
    run("adoption", "import", str(path), "--org", "acme", "--initiative", "desktop")
    version = Initiative.objects.get(pk=desktop.pk).version
    out, _ = run("adoption", "import", str(path), "--org", "acme", "--initiative", "desktop")
    assert "Wrote 0 of 3 rows: 0 new, 0 replacing stored rows, 3 unchanged." in out
    assert Initiative.objects.get(pk=desktop.pk).version == version  # figures not recomputed
    path.write_bytes(adoption_csv(daily("Team Lisbon 1", GO_LIVE, [2, 9])))
    out, _ = run("adoption", "import", str(path), "--org", "acme", "--initiative", "desktop")
    assert "1 replacing stored rows, 1 unchanged" in out
    second = AdoptionRow.objects.get(day=GO_LIVE + datetime.timedelta(days=1))
    assert (second.eligible, second.adopted) == (10, 9)
    assert AdoptionRow.objects.count() == 3


def test_every_bad_row_is_reported_and_nothing_is_written(world, desktop, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "date,unit,eligible,adopted\n"
        "2027-01-04,Team Lisbon 1,10,4\n"  # fine, but the file fails as a whole
        "2027-01-04,Team Atlantis,10,4\n"  # unknown unit
        "2026-12-01,Team Lisbon 1,10,4\n"  # before the initiative
        "2027-01-05,Team Lisbon 1,10,12\n"  # adopted > eligible
        "2027-01-06,Team Lisbon 1,-1,0\n"  # negative
        "2027-01-07,Team Lisbon 1,10,1.5\n"  # not whole
        "2027-01-04,Acme Care / Lisbon / Team Lisbon 1,10,5\n"  # duplicate of row 2
        "2027-01-08,Globex Team,10,4\n"  # another organisation's unit
    )
    error, err = fails("adoption", "import", str(path), "--org", "acme", "--initiative", "desktop")
    assert str(error) == "7 problem(s) in bad.csv: nothing was written."
    unknown = "is not a unit of the organisation (give its number, name or path)"
    assert err.splitlines() == [
        f'Row 3, column "unit": "Team Atlantis" {unknown}',
        'Row 4, column "date": 2026-12-01 is before the initiative starts (2026-12-21, '
        "its first phase's start)",
        'Row 5, column "adopted": adopted (12) is more than eligible (10): adopted counts '
        "people among the eligible",
        'Row 6, column "eligible": -1 is negative: counts are whole numbers from 0',
        'Row 7, column "adopted": 1.5 is not a whole number: counts are whole numbers from 0',
        'Row 8, column "date": a second row for Acme Care / Lisbon / Team Lisbon 1 on '
        "2027-01-04 (the first is row 2)",
        f'Row 9, column "unit": "Globex Team" {unknown}',
    ]
    assert error.returncode == 1
    assert not AdoptionRow.objects.exists()


def test_a_unit_outside_the_initiative_and_missing_columns_are_refused(world, desktop, tmp_path):
    desktop.phases.get(name="Work at Home").delete()
    path = tmp_path / "a.csv"
    path.write_text("date,unit,eligible,adopted\n2027-01-04,Team Home 1,10,4\n")
    _, err = fails("adoption", "import", str(path), "--org", "acme", "--initiative", "desktop")
    assert (
        err.strip()
        == 'Row 2, column "unit": Acme Care / Work at Home / Team Home 1 is not impacted by '
        "this initiative"
    )
    path.write_text("day,unit,count\n2027-01-04,Team Lisbon 1,4\n")
    _, err = fails("adoption", "import", str(path), "--org", "acme", "--initiative", "desktop")
    assert 'Row 1, column "date": missing column' in err
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    _, err = fails("adoption", "import", str(path), "--org", "acme", "--initiative", "desktop")
    assert "not a CSV or XLSX file" in err


def test_metrics_keep_the_json_contract(world, desktop, tmp_path):
    # Team Lisbon 1 stalls at 3/10 from go-live: behind from day 16, alert on day 22.
    path = tmp_path / "a.csv"
    rows = daily("Team Lisbon 1", GO_LIVE, [3] * 23) + daily("Team Lisbon 2", GO_LIVE, [9] * 23)
    path.write_bytes(adoption_csv(rows))
    run("adoption", "import", str(path), "--org", "acme", "--initiative", "desktop")
    got = json.loads(
        run("metrics", "--org", "acme", "--initiative", "desktop", "--format", "json")[0]
    )
    assert got["initiative"] == "desktop"
    assert got["as_of"] == "2027-01-26"  # the latest day with data
    stalled, fine = got["units"]
    assert stalled == {
        "unit": "Acme Care / Lisbon / Team Lisbon 1",
        "go_live": "2027-01-04",
        "utilisation": pytest.approx(0.3),
        "t80_days": None,
        "sustainment": None,
        "behind_target_days": 7,
        "alert": True,
    }
    assert (fine["t80_days"], fine["alert"]) == (0, False)
    assert set(got["overall"]) == set(stalled)
    assert got["overall"]["utilisation"] == pytest.approx(0.6)  # (21 + 63) / 140
    earlier = json.loads(
        run("metrics", "--org", "acme", "--initiative", "desktop", "--as-of", "2027-01-25")[0]
    )
    assert earlier["units"][0]["behind_target_days"] == 6
    assert earlier["units"][0]["alert"] is False


def test_load_rows_per_team_and_iso_week_in_json_and_csv(world, desktop):
    got = json.loads(
        run("load", "--org", "acme", "--from", "2027-01-04", "--weeks", "3", "--format", "json")[0]
    )
    assert len(got) == 3 * 3  # three teams, three weeks
    first = got[0]
    assert first == {
        "unit": "Acme Care / Lisbon / Team Lisbon 1",
        "week": "2027-W01",
        "load": 10,
        "initiatives": ["desktop"],
    }
    home = [r for r in got if r["unit"].endswith("Team Home 1")]
    assert [r["load"] for r in home] == [0, 0, 5]  # its phase starts 2027-01-18, in W03
    csv_out = run(
        "load", "--org", "acme", "--from", "2027-01-04", "--weeks", "1", "--format", "csv"
    )[0]
    assert csv_out.splitlines()[:2] == [
        "unit,week,load,initiatives",
        "Acme Care / Lisbon / Team Lisbon 1,2027-W01,10,desktop",
    ]


def test_the_load_csv_keeps_a_unit_name_that_looks_like_a_formula_inert(world, desktop):
    world.org.units.filter(parent=None).update(name="=HYPERLINK(1)")
    csv_out = run(
        "load", "--org", "acme", "--from", "2027-01-04", "--weeks", "1", "--format", "csv"
    )[0]
    assert csv_out.splitlines()[1].startswith("'=HYPERLINK(1) / Lisbon / Team Lisbon 1,")


def test_unknown_organisation_and_initiative_are_plain_errors(world):
    error, _ = fails("list", "--org", "nowhere")
    assert "No organisation 'nowhere'" in str(error)
    error, _ = fails("metrics", "--org", "acme", "--initiative", "nope")
    assert "No initiative 'nope' in acme" in str(error)
