"""Hostile-file defences shared by every reader and writer of spreadsheets (no Django import).

- `check_archive`: refuse a ZIP (XLSX) whose unpacked size, compression ratio or member count
  no real workbook has, before anything is decompressed.
- `sheet_rows`: the first worksheet's values, row by row, column count bounded, and a formula
  cell with no saved value reported instead of read as blank.
- `check_csv_head`: refuse a text file whose first line no real table has (megabytes long, or
  millions of columns) before a CSV library builds it.
- `spreadsheet_safe` / `unquote_spreadsheet_safe`: exported text that a spreadsheet would run as
  a formula is made inert, and read back unchanged.
"""

from twoway.safefiles.archive import UNPACK_RATIO, check_archive
from twoway.safefiles.cells import FORMULA_TRIGGERS, spreadsheet_safe, unquote_spreadsheet_safe
from twoway.safefiles.errors import FileRefused
from twoway.safefiles.text import check_csv_head
from twoway.safefiles.workbook import sheet_rows

__all__ = [
    "FORMULA_TRIGGERS",
    "UNPACK_RATIO",
    "FileRefused",
    "check_archive",
    "check_csv_head",
    "sheet_rows",
    "spreadsheet_safe",
    "unquote_spreadsheet_safe",
]
