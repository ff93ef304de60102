"""The one error the file defences raise."""

from __future__ import annotations


class FileRefused(ValueError):
    """A file refused before or while it is read; the message says why and what to do.

    `row` and `column` (1-based, as a spreadsheet numbers them) locate a cell when one cell is
    the cause, such as a formula with no saved value.
    """

    def __init__(self, message: str, *, row: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column
