"""Hire dates in ISO, US and European forms, with the day/month order decided per column.

A value like 03/07/2024 is 3 July in Lisbon and March 7 in Dallas. One value whose
first part is above 12 proves the column is day-first, one whose second part is above
12 proves month-first; a column with neither proof is ambiguous and the admin chooses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from twoway.org.roster.values import CachedReader

DATE_ORDERS = ("ymd", "mdy", "dmy")
ORDER_NAMES = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year-month-day"}
MIN_YEAR, MAX_YEAR = 1900, 2100

_TIME = r"(?:[T ]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?)?"
_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SHORT = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})" + _TIME)
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[-\s.]*([A-Za-z]{3,9})\.?[-\s.,]*(\d{4}|\d{2})")
_MONTH_NAME_DAY = re.compile(r"([A-Za-z]{3,9})\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """A d/m/y-shaped value whose order is not yet known."""

    first: int
    second: int
    year: int

    def resolve(self, order: str) -> dt.date:
        """The date under one order; ValueError when it does not exist (e.g. month 13)."""
        if order == "ymd":
            raise ValueError("is not year-first; write it as YYYY-MM-DD")
        day, month = (self.first, self.second) if order == "dmy" else (self.second, self.first)
        return make_date(self.year, month, day)


def make_date(year: int, month: int, day: int) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"has the year {year}; use a year between {MIN_YEAR} and {MAX_YEAR}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError("is not a date that exists") from None


def expand_year(text: str) -> int:
    """Two-digit years pivot like strptime's %y: 00-68 are 2000s, 69-99 are 1900s."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year <= 68 else 1900
    return year


def read_date(text: str) -> dt.date | Ambiguous:
    """Parse one cell into a date, or an Ambiguous when day and month could swap.

    Raises ValueError with the end of a sentence that starts with the value.
    """
    if match := _YEAR_FIRST.fullmatch(text):
        year, month, day = match.groups()
        return make_date(int(year), int(month), int(day))
    if match := _COMPACT.fullmatch(text):
        return make_date(*(int(part) for part in match.groups()))
    if match := _SHORT.fullmatch(text):
        first, second, year = match.groups()
        return Ambiguous(int(first), int(second), expand_year(year))
    if match := _DAY_MONTH_NAME.fullmatch(text):
        day, month, year = match.groups()
        return make_date(expand_year(year), month_number(month), int(day))
    if match := _MONTH_NAME_DAY.fullmatch(text):
        month, day, year = match.groups()
        return make_date(int(year), month_number(month), int(day))
    raise ValueError("is not a date twoway can read; use YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY")


def month_number(name: str) -> int:
    number = _MONTHS.get(name.lower())
    if number is None:
        raise ValueError(f'has "{name}", which is not an English month name')
    return number


@dataclass
class OrderEvidence:
    """What a column's values say about day/month order: example rows for each proof."""

    day_first: list[tuple[int, str]] = field(default_factory=list)
    month_first: list[tuple[int, str]] = field(default_factory=list)
    ambiguous: list[tuple[int, str]] = field(default_factory=list)
    year_first: int = 0
    same_either_way: int = 0  # 05/05/2024


def gather_evidence(values: Iterable[tuple[int, str, dt.date | Ambiguous]]) -> OrderEvidence:
    """Sort each (row, text, parsed) by what it proves about the order."""
    evidence = OrderEvidence()
    for row, text, parsed in values:
        if not isinstance(parsed, Ambiguous):
            evidence.year_first += 1
        elif parsed.first > 12 >= parsed.second:
            evidence.day_first.append((row, text))
        elif parsed.second > 12 >= parsed.first:
            evidence.month_first.append((row, text))
        elif parsed.first == parsed.second:
            evidence.same_either_way += 1
        elif parsed.first <= 12 and parsed.second <= 12:
            evidence.ambiguous.append((row, text))
    return evidence


def decide_order(evidence: OrderEvidence) -> str | None:
    """The order a column proves, or None when it proves both or neither."""
    if evidence.day_first and not evidence.month_first:
        return "dmy"
    if evidence.month_first and not evidence.day_first:
        return "mdy"
    if not evidence.day_first and not evidence.month_first and not evidence.ambiguous:
        return "ymd" if evidence.year_first and not evidence.same_either_way else None
    return None


@dataclass
class DateColumn:
    """A date column read as a whole: values aligned with the input, and what went wrong."""

    dates: list[dt.date | None]
    order: str | None
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row, message)
    problem: str = ""  # a column-level problem the admin must settle
    unsettled_rows: list[int] = field(default_factory=list)  # left undated by `problem`
    note: str = ""


def read_date_column(values: list[tuple[int, str]], order: str | None = None) -> DateColumn:
    """Read (row, text) cells with one day/month order for the whole column.

    `order` given: every value is read that way. Not given: the values decide; when
    they prove both orders the rows of the rarer one are errors, and when they prove
    neither while some could be read both ways, `problem` asks the admin to choose.
    """
    reader = CachedReader(read_date)
    column = DateColumn(dates=[], order=order)
    parsed: list[dt.date | Ambiguous | None] = []
    for row, text in values:
        value, reason = reader(text)
        if reason:
            column.errors.append((row, f'"{text}" {reason}.'))
        parsed.append(value)
    settled_rows: set[int] = set()
    if order is None:
        evidence = gather_evidence(
            (row, text, value) for (row, text), value in zip(values, parsed, strict=True) if value
        )
        column.order = decide_order(evidence)
        if evidence.day_first and evidence.month_first:
            column.order, conflicts = settle_conflict(evidence)
            column.errors.extend(conflicts)
            settled_rows = {row for row, _ in conflicts}
        elif column.order is None and evidence.ambiguous:
            row, text = evidence.ambiguous[0]
            column.problem = ambiguity_message(row, text)
        column.note = describe_evidence(column.order, evidence)
    for (row, text), value in zip(values, parsed, strict=True):
        column.dates.append(resolve(value, row, text, column, settled_rows))
    return column


def resolve(
    value: dt.date | Ambiguous | None, row: int, text: str, column: DateColumn, skip: set[int]
) -> dt.date | None:
    if not isinstance(value, Ambiguous):
        return value
    if row in skip:
        return None
    if column.problem:
        column.unsettled_rows.append(row)
        return None
    order = column.order or "dmy"  # no order proven and none needed: day equals month
    try:
        return value.resolve(order)
    except ValueError as exc:
        column.errors.append(
            (row, f'"{text}" {exc} when read as {ORDER_NAMES[order]}. Check the value.')
        )
        return None


def settle_conflict(evidence: OrderEvidence) -> tuple[str, list[tuple[int, str]]]:
    """Keep the more common order; each row of the other one is an error naming an example."""
    day_first = len(evidence.day_first) >= len(evidence.month_first)
    kept, rare = ("dmy", evidence.month_first) if day_first else ("mdy", evidence.day_first)
    example_row, example_text = (evidence.day_first if day_first else evidence.month_first)[0]
    rare_kind, kept_kind = (
        ("month-first", "day-first") if day_first else ("day-first", "month-first")
    )
    errors = [
        (
            row,
            f'"{text}" is {rare_kind}, but row {example_row} has "{example_text}", which is '
            f"{kept_kind}. Use one date format in the whole column.",
        )
        for row, text in rare
    ]
    return kept, errors


def ambiguity_message(row: int, text: str) -> str:
    return (
        f'dates such as "{text}" (row {row}) could be day/month/year or month/day/year, and '
        "no date in the column settles it. Choose the date format for this file: "
        "day/month/year or month/day/year (--date-format dmy or mdy on the command line, or "
        "the date format choice on the import page)."
    )


def describe_evidence(order: str | None, evidence: OrderEvidence) -> str:
    if order == "dmy" and evidence.day_first:
        row, text = evidence.day_first[0]
        return f'Dates read as day/month/year: row {row} has "{text}", which can only be day-first.'
    if order == "mdy" and evidence.month_first:
        row, text = evidence.month_first[0]
        return (
            f'Dates read as month/day/year: row {row} has "{text}", which can only be month-first.'
        )
    return ""
