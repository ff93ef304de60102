"""The `twoway staffing` and `twoway case` commands, called as `run([...])`."""

import csv
import json

import pytest

from twoway.commands import case as case_command
from twoway.commands import staffing

REQUIRED = [
    "required",
    "--calls",
    "100",
    "--interval",
    "1800",
    "--aht",
    "180",
    "--target-sl",
    "0.8",
    "--answer-within",
    "20",
]


def test_required_json_keeps_the_contract(capsys):
    assert staffing.run([*REQUIRED, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["agents"] == 14
    assert {"agents", "service_level", "asa", "occupancy", "p_wait"} <= set(out)
    assert "p_abandon" not in out and "scheduled" not in out


def test_required_adds_scheduled_and_abandonment_when_asked(capsys):
    argv = [*REQUIRED, "--shrinkage", "0.3", "--patience", "120", "--format", "json"]
    assert staffing.run(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["agents"] == 12
    assert out["scheduled"] == 18  # 12 / 0.7 = 17.1 -> 18 people
    assert 0 < out["p_abandon"] < 0.1


def test_required_table_is_readable(capsys):
    assert staffing.run(REQUIRED) == 0
    assert "Agents" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--calls", "-5"),
        ("--aht", "0"),
        ("--target-sl", "1.5"),
        ("--shrinkage", "1"),
        ("--max-occupancy", "0"),
        ("--calls", "lots"),
    ],
)
def test_required_bad_input_exits_2_naming_the_flag(capsys, flag, value):
    argv = list(REQUIRED)
    if flag in argv:
        argv[argv.index(flag) + 1] = value
    else:
        argv += [flag, value]
    assert staffing.run(argv) == 2
    assert flag in capsys.readouterr().err


def _write_plan(path, rows):
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["queue", "start", "calls", "aht"])
        writer.writerows(rows)


def test_plan_writes_agents_per_row(tmp_path, capsys):
    source = tmp_path / "week.csv"
    _write_plan(
        source,
        [
            ["sales", "Mon 08:00", 100, 180],
            ["sales", "Mon 08:15", 0, 180],
            ["care", "Mon 08:00", 50, 360],
        ],
    )
    assert staffing.run(["plan", str(source), "--interval", "1800", "--shrinkage", "0.3"]) == 0
    with (tmp_path / "week-staffed.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["agents"] for r in rows] == ["14", "0", "14"]
    assert float(rows[0]["scheduled"]) == pytest.approx(20.0)


def test_plan_writes_xlsx(tmp_path):
    from openpyxl import load_workbook

    source = tmp_path / "week.csv"
    _write_plan(source, [["sales", "Mon 08:00", 100, 180]])
    out = tmp_path / "out.xlsx"
    assert staffing.run(["plan", str(source), "--interval", "1800", "--output", str(out)]) == 0
    sheet = load_workbook(out).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("agents") + 1).value == 14


def test_a_queue_named_like_a_formula_is_written_inert(tmp_path):
    from openpyxl import load_workbook

    source = tmp_path / "week.csv"
    _write_plan(source, [["=HYPERLINK(1)", "Mon 08:00", 100, 180]])
    assert staffing.run(["plan", str(source), "--interval", "1800"]) == 0
    with (tmp_path / "week-staffed.csv").open() as handle:
        assert next(csv.DictReader(handle))["queue"] == "'=HYPERLINK(1)"
    out = tmp_path / "out.xlsx"
    assert staffing.run(["plan", str(source), "--interval", "1800", "--output", str(out)]) == 0
    assert load_workbook(out).worksheets[0].cell(2, 1).value == "'=HYPERLINK(1)"


def test_plan_with_a_malformed_row_names_row_and_column(tmp_path, capsys):
    source = tmp_path / "week.csv"
    _write_plan(source, [["sales", "Mon 08:00", 100, 180], ["sales", "Mon 08:15", "abc", 180]])
    assert staffing.run(["plan", str(source)]) == 2
    err = capsys.readouterr().err
    assert 'Row 3, column "calls"' in err and "'abc'" in err


def test_plan_with_a_missing_column_says_which(tmp_path, capsys):
    source = tmp_path / "week.csv"
    source.write_text("queue,start,volume,aht\nq,Mon,1,180\n")
    assert staffing.run(["plan", str(source)]) == 2
    assert 'column "calls"' in capsys.readouterr().err


CASE = """
name = "Desktop"
[target]
service_level = 0.8
answer_within = 20
[baseline]
shrinkage = 0.3
cost_per_hour = 30
[workload]
daily_calls = 4000
aht = 300
[[scenarios]]
name = "New desktop"
aht_seconds_saved = 20
one_off_cost = 100000
"""


def test_case_prints_a_summary_and_json(tmp_path, capsys):
    path = tmp_path / "case.toml"
    path.write_text(CASE)
    assert case_command.run([str(path)]) == 0
    assert "New desktop" in capsys.readouterr().out
    assert case_command.run([str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenarios"][0]["fte_saved"] > 0
    assert data["scenarios"][0]["payback_months"] > 0


def test_case_with_a_bad_lever_exits_2(tmp_path, capsys):
    path = tmp_path / "case.toml"
    path.write_text(CASE.replace("aht_seconds_saved = 20", "aht_seconds_saved = 400"))
    assert case_command.run([str(path)]) == 2
    assert "aht_seconds_saved" in capsys.readouterr().err


def test_case_writes_a_one_page_pdf(tmp_path):
    pytest.importorskip("weasyprint")
    path = tmp_path / "case.toml"
    path.write_text(CASE)
    pdf = tmp_path / "case.pdf"
    assert case_command.run([str(path), "--pdf", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_one_pager_fits_on_one_page_and_shows_the_chart(tmp_path):
    weasyprint = pytest.importorskip("weasyprint")
    from twoway.staffing import evaluate_case, load_case
    from twoway.staffing.onepager import case_html

    path = tmp_path / "case.toml"
    path.write_text(CASE)
    page = case_html(evaluate_case(load_case(path)))
    assert "<svg" in page and "New desktop" in page
    assert len(weasyprint.HTML(string=page).render().pages) == 1
