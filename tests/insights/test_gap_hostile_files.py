"""`twoway gap` on hostile files (issue 15): bombs, formulas, runaway widths, and exports that a
spreadsheet would run."""

import csv
import io
import subprocess
import sys

from tests.hostile_files import workbook_bytes
from tests.insights.test_gap_command import long_rows, write_long
from twoway.commands.gap import run


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path, capsys, zip_bomb):
    path = tmp_path / "answers.xlsx"
    path.write_bytes(zip_bomb)
    assert run([str(path)]) == 2
    assert "unpacks to 1,100 MB" in capsys.readouterr().err


def test_a_formula_cell_with_no_saved_value_is_named(tmp_path, capsys):
    path = tmp_path / "answers.xlsx"
    rows = [["respondent", "lens", "unit", "item", "value"], ["r1", "agent", "T", "tools", None]]
    path.write_bytes(workbook_bytes(rows, formulas={"E2": "=2+2"}))
    assert run([str(path)]) == 2
    assert "Row 2, column 5: the cell holds a formula (=2+2) with no saved value" in (
        capsys.readouterr().err
    )


def test_a_20_mb_single_line_csv_is_refused_in_little_memory(tmp_path):
    """It took 5 GB before; a child process reports its own peak memory: VmHWM, the peak of its
    own address space (ru_maxrss would include the parent's size at fork: Linux carries it
    across exec, so the figure grew with the test worker)."""
    path = tmp_path / "one-line.csv"
    path.write_bytes(b"x," * (10 * 2**20))
    code = (
        "import re\n"
        "from twoway.commands.gap import run\n"
        f"status = run([{str(path)!r}])\n"
        "status_file = open('/proc/self/status').read()\n"
        "print(status, re.search(r'VmHWM:\\s+(\\d+) kB', status_file).group(1))\n"
    )
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    status, peak_kb = child.stdout.split()
    assert status == "2"
    assert "no line break" in child.stderr
    assert int(peak_kb) < 600 * 1024


def test_a_header_of_a_million_columns_is_refused(tmp_path, capsys):
    path = tmp_path / "wide.csv"
    path.write_bytes(b",".join([b"q"] * 100_000) + b"\n1\n")
    assert run([str(path), "--wide"]) == 2
    assert "100,000 columns" in capsys.readouterr().err


def test_csv_output_never_carries_a_live_formula(tmp_path, capsys):
    rows = [dict(r, unit='=HYPERLINK("http://evil.example","x")/T') for r in long_rows()]
    rows = [dict(r, item="@SUM(1)") if r["item"] == "tools" else r for r in rows]
    assert run([str(write_long(tmp_path, rows)), "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    cells = {value for row in table for value in row.values()}
    assert not any(value.startswith(("=", "@", "+")) for value in cells)
    assert "'@SUM(1)" in {row["item"] for row in table}
    assert any(row["mean_diff"].startswith("-") or row["mean_diff"] == "" for row in table)
