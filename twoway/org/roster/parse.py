"""Turn a Table into validated roster records, or row-level errors an admin can act on."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from twoway.org.roster.columns import (
    FIELD_LABELS,
    UNIT_FIELDS,
    ColumnMap,
    check_required,
    match_columns,
)
from twoway.org.roster.dates import DATE_ORDERS, read_date_column
from twoway.org.roster.errors import ErrorLog, RosterError
from twoway.org.roster.hierarchy import (
    MAX_DEPTH,
    NO_MANAGER,
    UnitSpeller,
    path_from_unit_cells,
    place_under_one_root,
    split_unit_path,
    tidy_name,
    units_from_managers,
)
from twoway.org.roster.links import RowLinker
from twoway.org.roster.records import ParsedRoster, RosterRecord
from twoway.org.roster.roles import ROLES, RoleMapper, role_from_reports
from twoway.org.roster.rows import Draft, RowReader
from twoway.org.roster.table import Table, collector_paused


def parse_roster(
    table: Table,
    *,
    org_name: str,
    title_roles: Mapping[str, str] | None = None,
    date_order: str | None = None,
) -> ParsedRoster:
    """Validate every row of a roster table and build one record per good row.

    `org_name` names the root unit when the file has no center; `title_roles` (lower-cased
    title or keyword -> role) overrides DEFAULT_TITLE_ROLES; `date_order` is "ymd", "mdy",
    "dmy", or None to detect it from the hire dates. Raises RosterError when a required
    column is missing; every other problem is a RowError in the result.
    """
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {DATE_ORDERS} or None, not {date_order!r}")
    root = tidy_name(org_name)
    if not root:
        raise ValueError("org_name must not be empty: it names the root unit")
    mapper = RoleMapper(title_roles)
    columns = match_columns(table.headers)
    check_required(columns, table.headers)
    with collector_paused():
        return parse_rows(table, columns, root, mapper, date_order)


def parse_rows(
    table: Table, columns: ColumnMap, root: str, mapper: RoleMapper, date_order: str | None
) -> ParsedRoster:
    """Read, link and place every row; the steps after the columns are known."""
    log = ErrorLog()
    notes = describe_columns(table, columns)
    drafts = RowReader(table, columns, log).read_all()
    if not drafts:
        # An empty sync would mark everyone as a leaver; refuse it as a whole.
        raise RosterError(
            "The file has column headers but no people. Export the roster again, with its rows."
        )
    order = read_hire_dates(drafts, columns, log, date_order, notes)
    linker = RowLinker(drafts, columns, log)
    parents = linker.link_managers()
    linker.check_chains(parents)
    units = place_people(drafts, parents, columns, root, log, notes)
    roles = assign_roles(drafts, parents, columns, mapper, log, notes)
    records = [
        make_record(draft, roles[i], units[i], manager_id(drafts, parents[i]))
        for i, draft in enumerate(drafts)
        if draft.row not in log.rows
    ]
    return ParsedRoster(
        records=records,
        errors=log.sorted(),
        columns=dict(columns.header),
        date_order=order,
        notes=notes,
        omitted_errors=log.omitted,
    )


def describe_columns(table: Table, columns: ColumnMap) -> list[str]:
    """Remarks for the preview: how the file was read and which columns were left aside."""
    notes = [f"Read as {table.source}."] if table.source else []
    notes.extend(table.notes)
    if columns.unknown:
        names = ", ".join(f'"{h}"' for h in columns.unknown)
        notes.append(f"Ignored columns twoway does not use: {names}.")
    for header, name in columns.duplicates:
        notes.append(
            f'Ignored "{header}": "{columns.header[name]}" already gives the {FIELD_LABELS[name]}.'
        )
    if columns.unnamed:
        notes.append(f"Ignored {columns.unnamed} column(s) without a header.")
    if "name" in columns and "first_name" in columns and "last_name" in columns:
        notes.append(
            f'Names taken from "{columns.header["first_name"]}" and '
            f'"{columns.header["last_name"]}"; "{columns.header["name"]}" is used only '
            "where both are empty."
        )
    return notes


def read_hire_dates(
    drafts: list[Draft],
    columns: ColumnMap,
    log: ErrorLog,
    date_order: str | None,
    notes: list[str],
) -> str | None:
    """Fill each draft's hire date; return the day/month order detected or used."""
    if "hire_date" not in columns:
        return date_order
    dated = [draft for draft in drafts if draft.hire_text]
    column = read_date_column([(d.row, d.hire_text) for d in dated], date_order)
    header = columns.header["hire_date"]
    for draft, date in zip(dated, column.dates, strict=True):
        draft.hire_date = date
    for row, message in column.errors:
        log.add(row, header, message)
    if column.problem:
        log.add(0, header, column.problem[0].upper() + column.problem[1:])
        log.hold(column.unsettled_rows)
    if column.note:
        notes.append(column.note)
    return column.order


def place_people(
    drafts: list[Draft],
    parents: list[int],
    columns: ColumnMap,
    root: str,
    log: ErrorLog,
    notes: list[str],
) -> list[tuple[str, ...]]:
    """Each person's unit path, from a path column, unit columns, or the manager chain."""
    if "unit_path" in columns:
        split = cached(lambda cells: split_unit_path(cells[0]) or (root,))
        paths = [split(d.unit_cells) for d in drafts]
        notes.append(f'Units taken from the paths in "{columns.header["unit_path"]}".')
        for draft, path in zip(drafts, paths, strict=True):
            if len(path) > MAX_DEPTH:
                log.add(
                    draft.row,
                    columns.header["unit_path"],
                    f"the path has more than {MAX_DEPTH} levels. Check the separators.",
                )
        ignored = [columns.header[name] for name in UNIT_FIELDS if name in columns]
        if ignored:
            names = ", ".join(f'"{h}"' for h in ignored)
            notes.append(f"Units not taken from {names}: the path column gives them.")
    elif any(name in columns for name in UNIT_FIELDS):
        join = cached(lambda cells: path_from_unit_cells(cells[1:], root))
        paths = [join(d.unit_cells) for d in drafts]
        used = ", ".join(f'"{columns.header[n]}"' for n in UNIT_FIELDS if n in columns)
        notes.append(f"Units taken from {used}.")
        if "center" not in columns:
            notes.append(f'No center column: sites sit under the organisation "{root}".')
    else:
        full_names = [d.full_name for d in drafts]
        ids = [d.employee_id for d in drafts]
        paths = units_from_managers(parents, full_names, ids, root)
        notes.append(
            "No unit columns: units derived from the manager chain (each person with direct "
            f'reports heads a unit "Team <name>"; the top person sits on "{root}").'
        )
    if place_under_one_root(paths, root):
        notes.append(f'The file names several top units; they are placed under "{root}".')
    speller = UnitSpeller()
    return [speller.spell(path[:MAX_DEPTH]) for path in paths]


def cached(
    build: Callable[[tuple[str, ...]], tuple[str, ...]],
) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    """Build each distinct unit path once: thousands of people share a few hundred units."""
    seen: dict[tuple[str, ...], tuple[str, ...]] = {}

    def lookup(cells: tuple[str, ...]) -> tuple[str, ...]:
        path = seen.get(cells)
        if path is None:
            path = seen[cells] = build(cells)
        return path

    return lookup


def assign_roles(
    drafts: list[Draft],
    parents: list[int],
    columns: ColumnMap,
    mapper: RoleMapper,
    log: ErrorLog,
    notes: list[str],
) -> list[str]:
    """Each person's role from the role column, else the job title through the mapping."""
    if "role" not in columns and "job_title" not in columns:
        notes.append(
            "No role or job title column: people without reports are agents, people whose "
            "reports are agents are team leads, and those above them managers."
        )
        return roles_from_chain(parents)
    if "role" in columns:
        notes.append(f'Roles taken from "{columns.header["role"]}".')
    if "job_title" in columns:
        notes.append(f'Roles taken from "{columns.header["job_title"]}" through the title mapping.')
    return [role_for_draft(draft, columns, mapper, log) for draft in drafts]


def role_for_draft(draft: Draft, columns: ColumnMap, mapper: RoleMapper, log: ErrorLog) -> str:
    if draft.role_text:
        role = mapper.role_for_role_cell(draft.role_text)
        if role is None:
            choices = ", ".join(ROLES)
            log.add(
                draft.row,
                columns.header["role"],
                f'"{draft.role_text}" is not a role twoway knows. Use one of {choices}, or a '
                "job title from the role mapping.",
            )
        return role or ""
    if draft.job_title:
        role = mapper.role_for_title(draft.job_title)
        if role is None:
            log.add(
                draft.row,
                columns.header["job_title"],
                f'no role is set for the title "{draft.job_title}". Add it to the role mapping '
                "(job title -> role), or add a Role column.",
            )
        return role or ""
    name = "role" if "role" in columns else "job_title"
    log.add(draft.row, columns.header[name], "empty, so the person's role is unknown. Fill it in.")
    return ""


def roles_from_chain(parents: list[int]) -> list[str]:
    has_reports = [False] * len(parents)
    for parent in parents:
        if parent != NO_MANAGER:
            has_reports[parent] = True
    leads_leaders = [False] * len(parents)
    for position, parent in enumerate(parents):
        if parent != NO_MANAGER and has_reports[position]:
            leads_leaders[parent] = True
    return [
        role_from_reports(has, above) for has, above in zip(has_reports, leads_leaders, strict=True)
    ]


def manager_id(drafts: list[Draft], parent: int) -> str:
    return "" if parent == NO_MANAGER else drafts[parent].employee_id


def make_record(draft: Draft, role: str, unit: tuple[str, ...], manager: str) -> RosterRecord:
    return RosterRecord(
        row=draft.row,
        employee_id=draft.employee_id,
        first_name=draft.first_name,
        last_name=draft.last_name,
        email=draft.email,
        phone=draft.phone,
        role=role,
        job_title=draft.job_title,
        unit_path=unit,
        manager_id=manager,
        hire_date=draft.hire_date,
        work_location=draft.work_location,
        language=draft.language,
        shift=draft.shift,
        active=draft.active,
    )
