"""Errors a roster can produce: whole-file failures and row-level problems."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

MAX_ERRORS = 1000


class RosterError(Exception):
    """The whole file is unusable: empty, not a table, too big, or missing required columns."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell; row 0 and column '' mean the file or column as a whole.

    `column` is the header as written in the file, so the admin can find it.
    """

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(f"Row {self.row}")
        if self.column:
            where.append(f'column "{self.column}"')
        prefix = ", ".join(where)
        if prefix:
            prefix = prefix[0].upper() + prefix[1:]
            return f"{prefix}: {self.message}"
        return self.message


class ErrorLog:
    """Collects row errors, keeping the `limit` with the lowest row numbers.

    A broken 100,000-row file must not produce 100,000 messages; the ones kept are the
    first in the file, and the rest are only counted.
    """

    def __init__(self, limit: int = MAX_ERRORS) -> None:
        self.limit = limit
        self.total = 0
        self.rows: set[int] = set()
        self._heap: list[tuple[int, int, RowError]] = []

    def add(self, row: int, column: str, message: str) -> None:
        self.total += 1
        self.rows.add(row)
        # Max-heap on (row, arrival): the top is the error to drop first.
        item = (-row, -self.total, RowError(row, column, message))
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, item)
        elif row < -self._heap[0][0]:
            heapq.heapreplace(self._heap, item)

    def hold(self, rows: list[int]) -> None:
        """Keep rows out of the records without a message: a file-level error covers them."""
        self.rows.update(rows)

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def omitted(self) -> int:
        """How many errors were counted but not kept."""
        return self.total - len(self._heap)

    def sorted(self) -> list[RowError]:
        """The kept errors in file order (file-level errors first)."""
        return [error for _, _, error in sorted(self._heap, key=lambda i: (-i[0], -i[1]))]
