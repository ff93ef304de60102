"""Match the headers HR and WFM systems write to the fields twoway knows."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from twoway.org.roster.errors import RosterError

# Canonical field -> headers accepted for it. Matching ignores case, spaces and
# punctuation ("Emp #" == "emp number"), so only genuinely different words are listed.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "Employee ID", "Emp #", "Emp ID", "EmployeeNumber", "Employee No", "Emp No", "Badge",
        "Badge ID", "Badge #", "Staff ID", "Staff #", "Person ID", "Personnel #", "Worker ID",
        "Associate ID", "Agent ID", "Payroll ID", "Payroll #", "HR ID", "ID",
    ),
    "name": (
        "Name", "Full Name", "Employee Name", "Employee", "Display Name", "Agent Name",
        "Associate Name", "Staff Name", "Worker Name", "Name (Last, First)", "Last, First",
    ),
    "first_name": ("First Name", "Given Name", "Forename", "First"),
    "last_name": ("Last Name", "Surname", "Family Name", "Last"),
    "email": (
        "Email", "Work Email", "Email Address", "Work Email Address", "Business Email",
        "Company Email", "Corporate Email", "Mail",
    ),
    "phone": (
        "Phone", "Mobile", "Phone Number", "Phone #", "Mobile Phone", "Mobile #", "Cell",
        "Cell Phone", "Work Phone", "Telephone", "Tel",
    ),
    "role": ("Role", "twoway Role", "Access Role", "User Role"),
    "job_title": (
        "Job Title", "Title", "Position", "Position Title", "Job", "Job Name", "Job Role",
        "Designation",
    ),
    "manager_id": (
        "Supervisor ID", "Manager ID", "Reports To", "Reports To ID", "Supervisor Employee ID",
        "Manager Employee ID", "Supervisor #", "Manager #", "Supervisor Emp #", "Manager Emp #",
        "Line Manager ID", "Team Lead ID", "Team Leader ID", "Reporting Manager ID",
    ),
    "manager_email": (
        "Manager Email", "Supervisor Email", "Reports To Email", "Line Manager Email",
        "Team Lead Email", "Reporting Manager Email",
    ),
    "center": (
        "Center", "Centre", "Contact Center", "Contact Centre", "Call Center", "Call Centre",
        "Center Name", "Centre Name",
    ),
    "site": ("Site", "Location", "Site Name", "Office", "Location Name", "Work Site"),
    "group": (
        "Group", "Department", "Dept", "Division", "Line of Business", "LOB", "Program",
        "Business Unit",
    ),
    "team": ("Team", "Team Name", "Squad", "Pod"),
    "unit_path": (
        "Unit", "Unit Path", "Org Path", "Org Unit", "Organisation Path", "Organization Path",
        "Org Unit Path", "Hierarchy", "Path",
    ),
    "hire_date": (
        "Hire Date", "Start Date", "Date of Hire", "Date Hired", "DOH", "Hired",
        "Original Hire Date", "Joining Date", "Join Date", "Date Joined", "Seniority Date",
        "Employment Start Date",
    ),
    "work_location": (
        "Work Location", "Work Mode", "Remote", "Work Arrangement", "Work Type", "Location Type",
        "Remote Status", "WAH", "Work at Home", "Work From Home", "Work Model", "Is Remote",
    ),
    "language": (
        "Language", "Preferred Language", "Primary Language", "Lang", "Language Preference",
    ),
    "shift": ("Shift", "Shift Pattern", "Shift Name", "Schedule", "Work Schedule"),
    "status": (
        "Status", "Active", "Employment Status", "Employee Status", "Is Active", "Active Status",
        "Worker Status",
    ),
}  # fmt: skip

UNIT_FIELDS = ("center", "site", "group", "team")
PLACEMENT_FIELDS = ("unit_path", *UNIT_FIELDS, "manager_id", "manager_email")
FIELD_LABELS = {
    "employee_id": "employee ID",
    "name": "name",
    "first_name": "first name",
    "last_name": "last name",
    "email": "e-mail",
    "phone": "phone",
    "role": "role",
    "job_title": "job title",
    "manager_id": "manager's employee ID",
    "manager_email": "manager's e-mail",
    "center": "center",
    "site": "site",
    "group": "group",
    "team": "team",
    "unit_path": "unit path",
    "hire_date": "hire date",
    "work_location": "work location",
    "language": "language",
    "shift": "shift",
    "status": "status",
}


def normalise_header(header: str) -> str:
    """'Emp #' -> 'empnumber', 'E-mail Address' -> 'emailaddress', 'Número' -> 'numero'."""
    text = header.casefold().replace("#", " number ").replace("nº", " number ")
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^0-9a-z]+", "", text)


ALIAS_TO_FIELD: dict[str, str] = {
    normalise_header(alias): name for name, aliases in FIELD_ALIASES.items() for alias in aliases
}


@dataclass
class ColumnMap:
    """Which column holds which field, by index and by header as written."""

    index: dict[str, int] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (header, field)
    unnamed: int = 0

    def __contains__(self, name: str) -> bool:
        return name in self.index


def match_columns(headers: list[str]) -> ColumnMap:
    """Map each header to a field; the first column wins when two mean the same field."""
    columns = ColumnMap()
    for position, header in enumerate(headers):
        if not header.strip():
            columns.unnamed += 1
            continue
        name = ALIAS_TO_FIELD.get(normalise_header(header))
        if name is None:
            columns.unknown.append(header)
        elif name in columns.index:
            columns.duplicates.append((header, name))
        else:
            columns.index[name] = position
            columns.header[name] = header
    return columns


def check_required(columns: ColumnMap, headers: list[str]) -> None:
    """Raise RosterError naming each missing required column and the headers accepted."""
    missing = []
    if "employee_id" not in columns:
        missing.append(f"an employee ID column ({accepted('employee_id')})")
    has_split_name = "first_name" in columns and "last_name" in columns
    if "name" not in columns and not has_split_name:
        missing.append(
            f"the people's names: a name column ({accepted('name')}), or a first name column "
            f"({accepted('first_name')}) with a last name column ({accepted('last_name')})"
        )
    if not any(name in columns for name in PLACEMENT_FIELDS):
        missing.append(
            "something that places people in the organisation: a unit path column "
            f"({accepted('unit_path')}), site and team columns ({accepted('site')}; "
            f"{accepted('team')}), or the manager's employee ID ({accepted('manager_id')})"
        )
    if missing:
        found = ", ".join(f'"{h}"' for h in headers if h.strip()) or "none"
        raise RosterError(
            "The roster is missing " + "; and ".join(missing) + f". Columns found: {found}. "
            "Rename the columns in the file, or add the missing ones."
        )


def accepted(name: str, limit: int = 6) -> str:
    """A short list of accepted headers for a field, for error messages."""
    aliases = FIELD_ALIASES[name][:limit]
    more = ", ..." if len(FIELD_ALIASES[name]) > limit else ""
    return "accepted headers: " + ", ".join(f'"{a}"' for a in aliases) + more
