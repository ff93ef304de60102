"""Hypothesis throws broken files at every reader of uploaded or exported files: the roster
(twoway/org/roster, through twoway/safefiles), the workbook and CSV defences themselves, and
the gap export reader (twoway/insights/readers.py). Whatever the bytes, a reader ends within a
few seconds with a table or with its own error, whose message a user can read: never another
exception, never a hang.

The change app's adoption import (twoway/insights/adoption_file.py) gets the same treatment.

Bounded: a fixed number of examples per reader, a fixed seed, a watchdog per example.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.hostile_files import workbook_bytes
from twoway.demo.roster import DEMO_COLUMNS, generate_roster, roster_csv
from twoway.insights.adoption_file import read_adoption
from twoway.insights.readers import AnswerFileError, read_answers
from twoway.org.roster import RosterError, parse_roster, read_table
from twoway.safefiles import FileRefused, check_archive, check_csv_head, sheet_rows

SEED = int(os.environ.get("TWOWAY_FUZZ_SEED", "20261203"))  # change it for a deeper run
WATCHDOG_SECONDS = 10  # far above any honest file of these sizes; a hang trips it
FUZZ = settings(
    max_examples=int(os.environ.get("TWOWAY_FUZZ_EXAMPLES", "120")),
    deadline=None,  # the watchdog bounds each example; timing varies on a shared machine
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Hang(Exception):
    pass


@contextmanager
def watchdog(seconds: int = WATCHDOG_SECONDS):
    """Raise Hang in the reader if it runs longer than `seconds` (SIGALRM: the main thread,
    where pytest and its xdist workers run tests)."""

    def alarm(signum, frame):
        raise Hang(f"the reader ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def readable(error: Exception) -> None:
    """A reader's own error must say something a person can act on."""
    message = str(error)
    assert message.strip(), repr(error)
    assert "Traceback" not in message


# --- What the files are made of -----------------------------------------------------------

VALID_ROSTER = roster_csv(generate_roster(people=40, seed=3)).encode()
CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "=1+1",
            "@SUM(A1)",
            "0",
            "-1",
            "2024-02-30",
            "31/12/2024",
            "N/A",
            "E001",
            "Team Lead",
            "Agent",
            "Manager",
            '"',
            ",",
            ";",
            "\n",
            "\x00",
        ]
    ),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def mutated(original: bytes) -> st.SearchStrategy[bytes]:
    """The file with bytes flipped, inserted, deleted, or cut short."""

    def apply(edits: list[tuple[int, int, int]]) -> bytes:
        data = bytearray(original)
        for kind, where, value in edits:
            if not data:
                break
            i = where % len(data)
            if kind == 0:
                data[i] = value
            elif kind == 1:
                data.insert(i, value)
            elif kind == 2:
                del data[i]
            else:
                del data[i:]
        return bytes(data)

    edit = st.tuples(st.integers(0, 3), st.integers(0, 2**31), st.integers(0, 255))
    return st.lists(edit, min_size=1, max_size=12).map(apply)


@st.composite
def roster_like_csv(draw) -> bytes:
    """A header of real roster columns (some renamed, dropped or repeated) and rows of cells
    that may break every rule: dates, IDs, managers, quotes, separators."""
    header = draw(st.lists(st.sampled_from([*DEMO_COLUMNS, "", "Extra"]), min_size=1, max_size=16))
    width = len(header)
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=width + 2), max_size=25))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return out.getvalue().encode(encoding, errors="replace")


@st.composite
def workbooks(draw) -> bytes:
    """A real XLSX with odd cells: numbers, dates as text, formulas without a saved value."""
    header = draw(st.lists(st.sampled_from(DEMO_COLUMNS), min_size=1, max_size=10, unique=True))
    rows = draw(
        st.lists(
            st.lists(st.one_of(CELL, st.none(), st.integers(-5, 10**6)), max_size=len(header) + 1),
            max_size=8,
        )
    )
    clean = [
        ["".join(ch for ch in str(v) if ch >= " ") if isinstance(v, str) else v for v in r]
        for r in rows
    ]
    formulas = {"B2": "=A2*2"} if draw(st.booleans()) else None
    return workbook_bytes([header, *clean], formulas=formulas)


VALID_WORKBOOK = workbook_bytes(
    [DEMO_COLUMNS[:6], ["E1", "Ana", "Example", "a@x.example", "", "Agent"]]
)
ANY_FILE = st.one_of(
    st.binary(max_size=2048),
    mutated(VALID_ROSTER),
    roster_like_csv(),
    workbooks(),
    mutated(VALID_WORKBOOK),
)


# --- The roster ---------------------------------------------------------------------------


@seed(SEED)
@FUZZ
@given(data=ANY_FILE, name=st.sampled_from(["roster.csv", "roster.xlsx", "roster.txt", ""]))
def test_the_roster_reader_ends_in_a_roster_or_its_own_error(data, name):
    try:
        with watchdog():
            table = read_table(data, name, max_bytes=2**20, max_unpacked=8 * 2**20)
            parsed = parse_roster(table, org_name="Acme Care")
    except RosterError as error:
        readable(error)
        return
    for problem in parsed.errors:  # row problems are data, with a place and a message
        assert str(problem).strip()


def test_the_valid_roster_reads_so_the_fuzzing_starts_from_a_good_file():
    parsed = parse_roster(read_table(VALID_ROSTER, "roster.csv"), org_name="Acme Care")
    assert len(parsed.records) == 40 and not parsed.errors


# --- The file defences --------------------------------------------------------------------


@seed(SEED)
@FUZZ
@given(data=ANY_FILE)
def test_the_workbook_defences_end_in_rows_or_a_refusal(data):
    try:
        with watchdog():
            check_archive(data, max_unpacked=8 * 2**20)
            with sheet_rows(data, max_columns=200, max_unpacked=8 * 2**20) as sheet:
                for _ in sheet.rows:
                    pass
    except FileRefused as error:
        readable(error)
    except zipfile.BadZipFile:
        pytest.fail("a broken archive must be refused by the defences, not by zipfile")


@seed(SEED)
@FUZZ
@given(head=st.one_of(st.binary(max_size=4096), roster_like_csv(), mutated(VALID_ROSTER)))
def test_the_csv_head_check_ends_in_a_count_or_a_refusal(head):
    try:
        with watchdog():
            columns = check_csv_head(head, max_columns=50)
    except FileRefused as error:
        readable(error)
        return
    assert columns >= 0


# --- The gap export reader ----------------------------------------------------------------

VALID_ANSWERS = (
    "respondent,lens,unit,item,value\n"
    + "".join(
        f"r{i},{'agent' if i % 3 else 'leader'},Center/Team {i % 2},tools,{i % 5 + 1}\n"
        for i in range(30)
    )
).encode()


@st.composite
def answer_files(draw) -> bytes:
    columns = ["respondent", "lens", "unit", "item", "value", "timestamp", "q1", ""]
    header = draw(st.lists(st.sampled_from(columns), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELL, max_size=len(header) + 1), max_size=20))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", errors="replace")


@seed(SEED)
@FUZZ
@given(
    data=st.one_of(answer_files(), mutated(VALID_ANSWERS), workbooks(), st.binary(max_size=2048)),
    suffix=st.sampled_from([".csv", ".xlsx", ".parquet", ".txt"]),
    wide=st.booleans(),
)
def test_the_gap_reader_ends_in_answers_or_its_own_error(data, suffix, wide):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"answers{suffix}"
        path.write_bytes(data)
        try:
            with watchdog():
                read_answers(path, wide=wide)
        except AnswerFileError as error:
            readable(error)


# Found by this fuzzing: a column named "row" (any file), or "item" or "value" in a wide file,
# collided with a column the reader adds, and `twoway gap` printed a traceback.
@pytest.mark.parametrize(
    ("text", "wide"),
    [
        ("respondent,lens,unit,item,value,row\nr1,agent,T,tools,3,1\n", False),
        ("respondent,lens,item\nr1,agent,3\n", True),
        ("respondent,Lens,lens,item,value\nr1,agent,agent,tools,3\n", False),
    ],
)
def test_a_column_the_reader_adds_itself_is_refused_with_its_own_error(tmp_path, text, wide):
    path = tmp_path / "answers.csv"
    path.write_text(text)
    with pytest.raises(AnswerFileError, match="column"):
        read_answers(path, wide=wide)


def test_the_valid_answers_read_so_the_fuzzing_starts_from_a_good_file(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes(VALID_ANSWERS)
    assert read_answers(path).height == 30


# --- The adoption import ------------------------------------------------------------------

VALID_ADOPTION = (
    "date,unit,eligible,adopted,proficiency\n"
    + "".join(
        f"2027-01-{d:02d},Acme Care / Lisbon / Team Lisbon 1,10,{d % 11},50\n" for d in range(1, 29)
    )
).encode()


@st.composite
def adoption_files(draw) -> bytes:
    columns = ["date", "unit", "eligible", "adopted", "proficiency", "site", ""]
    header = draw(st.lists(st.sampled_from(columns), min_size=1, max_size=7))
    rows = draw(st.lists(st.lists(CELL, max_size=len(header) + 1), max_size=20))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", errors="replace")


def test_the_valid_adoption_file_reads_so_the_fuzzing_starts_from_a_good_file():
    read = read_adoption(VALID_ADOPTION, "adoption.csv")
    assert read.rows.height == 28 and not read.errors


@seed(SEED)
@FUZZ
@given(
    data=st.one_of(
        adoption_files(), mutated(VALID_ADOPTION), workbooks(), st.binary(max_size=2048)
    ),
    name=st.sampled_from(["adoption.csv", "adoption.xlsx", ""]),
)
def test_the_adoption_reader_ends_in_checked_rows_or_its_own_errors(data, name):
    """It never raises: problems come back as errors naming a row and column (or the file),
    and the rows it keeps are whole: counts of people, adopted within eligible."""
    with watchdog():
        try:
            read = read_adoption(data, name)
        except FileRefused as refused:  # the workbook defences' own refusal
            readable(refused)
            return
    for error in read.errors.first():
        readable(error)
    rows = read.rows
    assert (
        rows.filter(
            (rows["eligible"] < 0) | (rows["adopted"] < 0) | (rows["adopted"] > rows["eligible"])
        ).height
        == 0
    )
