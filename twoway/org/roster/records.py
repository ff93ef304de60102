"""What parsing a roster produces: one record per person, and the errors found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from twoway.org.roster.errors import RowError


@dataclass(frozen=True, slots=True)
class RosterRecord:
    """One person as the roster describes them, validated.

    `manager_id` is the manager's employee ID as written on the manager's own row;
    `unit_path` names the units from the root down to the one the person sits on.
    """

    row: int
    employee_id: str
    first_name: str
    last_name: str
    email: str
    phone: str
    role: str
    job_title: str
    unit_path: tuple[str, ...]
    manager_id: str
    hire_date: dt.date | None
    work_location: str
    language: str
    shift: str
    active: bool = True

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class ParsedRoster:
    """The records of the rows without errors, and the errors of the others.

    Nothing should be written while `errors` is non-empty. `omitted_errors` counts the
    errors beyond the first 1,000 kept; `columns` maps each field to its header as written.
    """

    records: list[RosterRecord]
    errors: list[RowError]
    columns: dict[str, str]
    date_order: str | None
    notes: list[str] = field(default_factory=list)
    omitted_errors: int = 0

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.omitted_errors
