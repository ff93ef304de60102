"""Roster export: the organisation's people as a table that the import reads back unchanged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from twoway.safefiles import spreadsheet_safe

from .models import Person, Unit

EXPORT_COLUMNS = [
    "Employee ID",
    "First Name",
    "Last Name",
    "Work Email",
    "Phone",
    "Job Title",
    "Role",
    "Supervisor ID",
    "Unit Path",
    "Hire Date",
    "Work Location",
    "Language",
    "Shift",
    "Status",
]


def unit_paths(units: Iterable[Unit]) -> dict[int, str]:
    """Each unit's name path from the root, joined by " / "."""
    by_pk = {u.pk: u for u in units}
    paths: dict[int, str] = {}
    for unit in sorted(by_pk.values(), key=lambda u: u.depth):
        parent = paths.get(unit.parent_id) if unit.parent_id else None
        paths[unit.pk] = f"{parent} / {unit.name}" if parent else unit.name
    return paths


def roster_rows(people: QuerySet[Person]) -> Iterator[list[str]]:
    """Rows in a stable order (employee ID), leavers included with their status."""
    organisation_units = Unit.objects.filter(
        organisation_id__in=people.values("organisation_id")
    ).only("pk", "name", "parent_id", "depth")
    paths = unit_paths(organisation_units)
    people = people.select_related("manager").order_by("employee_id")
    for p in people.iterator(chunk_size=5000):
        yield [
            p.employee_id,
            p.first_name,
            p.last_name,
            p.email,
            p.phone,
            p.job_title,
            p.get_role_display(),
            p.manager.employee_id if p.manager else "",
            paths[p.unit_id],
            p.hire_date.isoformat() if p.hire_date else "",
            p.get_work_location_display() if p.work_location else "",
            p.language,
            p.shift,
            "Active" if p.is_active else "Inactive",
        ]


def roster_csv(people: QuerySet[Person]) -> str:
    """The roster as CSV; text a spreadsheet would run as a formula gets a guarding quote,
    which the import removes again."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in roster_rows(people))
    return buffer.getvalue()


def roster_xlsx(people: QuerySet[Person]) -> bytes:
    """The roster as XLSX, every cell stored as text: openpyxl would otherwise store text that
    starts with "=" as a live formula. Text cells need no quote, so nothing changes on import."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Roster")
    sheet.append(EXPORT_COLUMNS)
    for row in roster_rows(people):
        sheet.append([text_cell(sheet, value, WriteOnlyCell) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def text_cell(sheet, value: str, cell_class):
    cell = cell_class(sheet, value=value)
    cell.data_type = "s"
    return cell
