"""Errors a user can act on: each names the field (and, for files, the row) that is wrong."""

from __future__ import annotations


class StaffingInputError(ValueError):
    """An input value is outside what the formulas accept.

    `field` is the argument name as the library spells it (`calls`, `aht`, `service_level`...),
    so front-ends can translate it into their own vocabulary (a flag, a form field).
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f'"{field}" {problem}')


class InfeasibleTargetError(StaffingInputError):
    """The targets cannot all be met (for instance within the `max_agents` cap)."""


class PlanFileError(StaffingInputError):
    """A plan file is malformed; `row` is the spreadsheet row number (the header is row 1)."""

    def __init__(self, problem: str, *, row: int | None = None, column: str | None = None) -> None:
        self.row = row
        self.column = column
        where = []
        if row is not None:
            where.append(f"Row {row}")
        if column is not None:
            where.append(f'column "{column}"')
        prefix = ", ".join(where)
        ValueError.__init__(self, f"{prefix}: {problem}" if prefix else problem)
        self.field = column or "file"
        self.problem = problem
