"""`twoway gap` on small files in every supported shape, and on every kind of bad file."""

import csv
import io
import json

import polars as pl
import pytest
from openpyxl import Workbook

from twoway.commands.gap import run


def long_rows():
    """Team 1: 6 frontline, 1 leader; Team 2: 7 frontline, 5 leaders; two items."""
    rows = []
    team1, team2 = "Center/Site A/Team 1", "Center/Site A/Team 2"
    people = [
        (team1, "agent", 6),
        (team1, "Manager", 1),
        (team2, "frontline", 7),
        (team2, "leader", 5),
    ]
    rid = 0
    for unit, lens, count in people:
        for _ in range(count):
            rid += 1
            leader = lens in ("Manager", "leader")
            rows.append({"respondent": f"r{rid}", "lens": lens, "unit": unit, "item": "tools",
                         "value": "5" if leader else str(1 + rid % 3)})  # fmt: skip
            rows.append({"respondent": f"r{rid}", "lens": lens, "unit": unit, "item": "pace",
                         "value": "" if rid == 3 else str(2 + rid % 3)})  # fmt: skip
    return rows


def write_long(tmp_path, rows, name="answers.csv"):
    path = tmp_path / name
    frame = pl.DataFrame(rows)
    if name.endswith(".parquet"):
        frame.write_parquet(path)
    elif name.endswith(".xlsx"):
        book = Workbook()
        sheet = book.active
        sheet.append(list(frame.columns))
        for row in frame.iter_rows():
            sheet.append([int(v) if v and v.isdigit() else v for v in row])
        book.save(path)
    else:
        frame.write_csv(path)
    return path


def run_json(capsys, *argv):
    assert run([*argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", ["answers.csv", "answers.xlsx", "answers.parquet"])
def test_long_file_gives_gaps_with_leaders_rolled_up(tmp_path, capsys, name):
    records = run_json(capsys, str(write_long(tmp_path, long_rows(), name)))
    cells = {(r["unit"], r["lens"], r["item"]): r for r in records}
    team1 = cells[("Center/Site A/Team 1", "frontline", "tools")]
    assert team1["n"] == 6 and team1["gap"]["leader_unit"] == "Center/Site A"
    assert team1["gap"]["mean_diff"] > 0 and team1["gap"]["severity"] == "large"
    assert cells[("Center/Site A/Team 1", "leader", "tools")] == {
        "unit": "Center/Site A/Team 1", "lens": "leader", "item": "tools",
        "suppressed": True, "reason": "below_threshold",
    }  # fmt: skip
    assert {r["unit"] for r in records} >= {"", "Center", "Center/Site A"}


def test_blank_value_is_no_answer(tmp_path, capsys):
    records = run_json(capsys, str(write_long(tmp_path, long_rows())))
    cells = {(r["unit"], r["lens"], r["item"]): r for r in records}
    assert cells[("Center/Site A/Team 2", "frontline", "pace")]["n"] == 7
    assert cells[("Center/Site A/Team 1", "frontline", "tools")]["n"] == 6


def test_wide_file_gives_the_same_results_as_long(tmp_path, capsys):
    rows = long_rows()
    wide = (
        pl.DataFrame(rows)
        .pivot(on="item", index=["respondent", "lens", "unit"], values="value")
        .rename({"lens": "Lens", "unit": "Unit"})
    )
    wide.write_csv(tmp_path / "wide.csv")
    from_wide = run_json(capsys, str(tmp_path / "wide.csv"), "--wide")
    from_long = run_json(capsys, str(write_long(tmp_path, rows)))
    assert sorted(from_wide, key=json.dumps) == sorted(from_long, key=json.dumps)


def test_csv_and_table_formats(tmp_path, capsys):
    path = str(write_long(tmp_path, long_rows()))
    assert run([path, "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {"unit", "lens", "item", "cliffs_delta", "q", "severity"} <= set(table[0])
    assert run([path]) == 0
    assert "Leader minus frontline" in capsys.readouterr().out


def test_min_group_raises_the_threshold(tmp_path, capsys):
    records = run_json(capsys, str(write_long(tmp_path, long_rows())), "--min-group", "8")
    team2 = [r for r in records if r["unit"] == "Center/Site A/Team 2" and r["lens"] == "frontline"]
    assert all(r["suppressed"] for r in team2)


def test_min_group_below_three_is_refused(tmp_path, capsys):
    assert run([str(write_long(tmp_path, long_rows())), "--min-group", "2"]) == 2
    assert "at least 3" in capsys.readouterr().err


def with_change(row_index, **change):
    rows = long_rows()
    rows[row_index] = {**rows[row_index], **change}
    return rows


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (with_change(4, lens="boss"), "Row 6, column \"lens\": 'boss' is not a known lens"),
        (with_change(2, value="four"), "Row 4, column \"value\": 'four' is not a whole number"),
        (with_change(2, value="3.5"), "Row 4, column \"value\": '3.5' is not a whole number"),
        (with_change(7, value="12"), 'Row 9, column "value": 12 is off the scale'),
        (with_change(7, value="-1"), 'Row 9, column "value": -1 is off the scale'),
        (with_change(1, item="tools"), "answers item 'tools' twice (first at row 2)"),
    ],
)
def test_bad_values_name_row_and_column(tmp_path, capsys, rows, expected):
    assert run([str(write_long(tmp_path, rows))]) == 2
    assert expected in capsys.readouterr().err


def test_bad_value_in_wide_file_names_the_item_column(tmp_path, capsys):
    (tmp_path / "wide.csv").write_text("lens,unit,tools,pace\nagent,T1,4,5\nagent,T1,x,5\n")
    assert run([str(tmp_path / "wide.csv"), "--wide"]) == 2
    assert "Row 3, column \"tools\": 'x' is not a whole number" in capsys.readouterr().err


def test_bad_value_in_xlsx_names_the_spreadsheet_row(tmp_path, capsys):
    assert run([str(write_long(tmp_path, with_change(4, lens="boss"), "a.xlsx"))]) == 2
    assert 'Row 6, column "lens"' in capsys.readouterr().err


def test_missing_column_is_named(tmp_path, capsys):
    (tmp_path / "a.csv").write_text("respondent,unit,item,value\n1,T,q,3\n")
    assert run([str(tmp_path / "a.csv")]) == 2
    assert 'missing column "lens"' in capsys.readouterr().err


@pytest.mark.parametrize("content", [b"", b"respondent,lens,unit,item,value\n"])
def test_empty_file_is_refused(tmp_path, capsys, content):
    (tmp_path / "a.csv").write_bytes(content)
    assert run([str(tmp_path / "a.csv")]) == 2
    assert "empty file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ("a.xlsx", b"PK\x03\x04 not a zip"),
     ("a.parquet", b"PAR1 broken")],
)  # fmt: skip
def test_file_that_is_not_a_table_is_refused(tmp_path, capsys, name, content):
    (tmp_path / name).write_bytes(content)
    assert run([str(tmp_path / name)]) == 2
    assert "not a table" in capsys.readouterr().err


def test_missing_file_is_refused(tmp_path, capsys):
    assert run([str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
