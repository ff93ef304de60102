"""First pass over the rows: read each cell on its own, report what is wrong in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar

from twoway.org.roster.columns import ColumnMap, normalise_header
from twoway.org.roster.errors import ErrorLog
from twoway.org.roster.table import Table
from twoway.org.roster.values import (
    BLANK_SPELLINGS,
    CachedReader,
    read_email,
    read_language,
    read_status,
    read_work_location,
    split_full_name,
)

T = TypeVar("T")

# Headers under which yes/no answers "does this person work remotely?"
YES_NO_REMOTE_HEADERS = frozenset(
    {"remote", "wah", "workathome", "workfromhome", "isremote", "remoteworker"}
)


@dataclass(slots=True)
class Draft:
    """A row's cells, cleaned but not yet checked against other rows."""

    row: int
    employee_id: str
    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""
    role_text: str = ""
    job_title: str = ""
    manager_ref: str = ""
    manager_email: str = ""
    unit_cells: tuple[str, ...] = ()
    hire_text: str = ""
    hire_date: dt.date | None = None
    work_location: str = ""
    language: str = ""
    shift: str = ""
    active: bool = True

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class RowReader:
    """Reads the cells of one row into a Draft, logging each bad cell."""

    def __init__(self, table: Table, columns: ColumnMap, log: ErrorLog) -> None:
        self.table = table
        self.columns = columns
        self.log = log
        self.names = list(columns.index)
        # check_required guarantees at least three fields, so this always returns a tuple.
        self.pick = itemgetter(*columns.index.values())
        self.width = len(table.headers)
        remote_header = normalise_header(columns.header.get("work_location", ""))
        yes_no = remote_header in YES_NO_REMOTE_HEADERS
        self.work_location = CachedReader(lambda text: read_work_location(text, yes_no))
        self.language = CachedReader(read_language)
        self.status = CachedReader(read_status)
        self.email = CachedReader(read_email, max_size=0)  # addresses rarely repeat

    def read_all(self) -> list[Draft]:
        drafts = []
        first_row = self.table.first_row
        for offset, cells in enumerate(self.table.rows):
            if not "".join(cells).strip():
                continue  # blank lines between blocks of people are harmless
            drafts.append(self.read_row(first_row + offset, cells))
        return drafts

    def cells_by_field(self, cells: list[str]) -> dict[str, str]:
        """The row's cells by field name, stripped, placeholders such as "N/A" emptied.

        This runs once per row, so it stays in C-implemented built-ins where it can.
        """
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        values = list(map(str.strip, self.pick(cells)))
        if not BLANK_SPELLINGS.isdisjoint(values):
            values = ["" if value in BLANK_SPELLINGS else value for value in values]
        return dict(zip(self.names, values, strict=True))

    def read_row(self, row: int, cells: list[str]) -> Draft:
        if len(cells) > self.width:
            self.check_extra_cells(row, cells)
        values = self.cells_by_field(cells)
        get = values.get
        first, last = self.read_name(row, values)
        draft = Draft(
            row=row,
            employee_id=get("employee_id", ""),
            first_name=first,
            last_name=last,
            phone=get("phone", ""),
            role_text=get("role", ""),
            job_title=" ".join(get("job_title", "").split()),
            manager_ref=get("manager_id", ""),
            manager_email=get("manager_email", "").lower(),
            unit_cells=(
                get("unit_path", ""),
                get("center", ""),
                get("site", ""),
                get("group", ""),
                get("team", ""),
            ),
            hire_text=get("hire_date", ""),
            shift=get("shift", ""),
        )
        if not draft.employee_id:
            self.error(row, "employee_id", "empty. Every person needs an employee ID.")
        draft.email = self.read_optional(row, values, "email", self.email) or ""
        location = self.read_optional(row, values, "work_location", self.work_location)
        draft.work_location = location or ""
        draft.language = self.read_optional(row, values, "language", self.language) or ""
        draft.active = self.read_optional(row, values, "status", self.status) is not False
        return draft

    def read_name(self, row: int, values: dict[str, str]) -> tuple[str, str]:
        first = " ".join(values.get("first_name", "").split())
        last = " ".join(values.get("last_name", "").split())
        if not (first or last) and values.get("name"):
            first, last = split_full_name(values["name"])
        if not (first or last):
            column = "name" if "name" in self.columns else "first_name"
            self.error(row, column, "empty. Fill in the person's name.")
        return first, last

    def read_optional(
        self, row: int, values: dict[str, str], name: str, reader: CachedReader[T]
    ) -> T | None:
        """One optional cell: None when empty, None and a logged error when invalid."""
        text = values.get(name)
        if not text:
            return None
        value, reason = reader(text)
        if reason:
            self.error(row, name, f'"{text}" {reason}.')
        return value

    def check_extra_cells(self, row: int, cells: list[str]) -> None:
        """Values beyond the last header usually mean an unquoted delimiter inside a value."""
        if not any(c.strip() for c in cells[self.width :]):
            return
        if self.table.format == "csv":
            message = (
                f"has {len(cells)} values but the header has {self.width} columns; a value "
                "probably contains the separator. Put quotes around that value or remove it."
            )
        else:
            message = "has values in a column with no header. Add a header or remove them."
        self.log.add(row, "", message)

    def error(self, row: int, name: str, message: str) -> None:
        self.log.add(row, self.columns.header.get(name, ""), message)
