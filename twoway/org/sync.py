"""Roster sync: compare a parsed roster with the organisation and apply the difference.

The file is the truth for everyone it lists; active people it does not list are leavers. A
sync is computed as a diff first (the dry run and the web preview show it), then applied in
one transaction, so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from .models import Organisation, Person, Unit, UnitKind
from .roster import ParsedRoster, RosterRecord

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "role",
    "job_title",
    "hire_date",
    "work_location",
    "language",
    "shift",
)
VIRTUAL_SITE_WORDS = ("home", "remote", "virtual", "wah", "wfh")
BATCH = 2000


def unit_key(path: tuple[str, ...]) -> str:
    return "/".join(" ".join(name.split()).casefold() for name in path)


@dataclass
class PersonChange:
    employee_id: str
    name: str
    changes: dict[str, tuple[str, str]]


@dataclass
class RosterDiff:
    joiners: list[RosterRecord] = field(default_factory=list)
    rejoiners: list[RosterRecord] = field(default_factory=list)
    leavers: list[tuple[str, str, str]] = field(default_factory=list)  # id, name, unit
    movers: list[PersonChange] = field(default_factory=list)
    changed: list[PersonChange] = field(default_factory=list)
    new_units: list[tuple[str, ...]] = field(default_factory=list)
    active_before: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.joiners
            or self.rejoiners
            or self.leavers
            or self.movers
            or self.changed
            or self.new_units
        )

    @property
    def leaver_share(self) -> float:
        return len(self.leavers) / self.active_before if self.active_before else 0.0

    def leaver_units(self) -> list[tuple[str, int]]:
        """Units losing people, most first: what a mass-leave confirmation names."""
        return Counter(unit for _, _, unit in self.leavers).most_common()

    def counts(self) -> dict[str, int]:
        return {
            "joiners": len(self.joiners),
            "rejoiners": len(self.rejoiners),
            "leavers": len(self.leavers),
            "movers": len(self.movers),
            "changed": len(self.changed),
            "new_units": len(self.new_units),
        }


@dataclass
class Snapshot:
    """What the organisation holds now, loaded in a few queries."""

    units_by_key: dict[str, Unit]
    people: dict[str, dict]  # employee_id -> field values
    unit_names: dict[int, str]


def load_snapshot(organisation: Organisation, only: Collection[str] | None = None) -> Snapshot:
    """Every unit, and every person (or only those with the employee IDs in `only`: a sync
    of a few people, as SCIM provisioning sends, diffs against those alone)."""
    units = {u.key: u for u in Unit.objects.filter(organisation=organisation)}
    unit_names = {u.pk: u.name for u in units.values()}
    unit_keys = {u.pk: u.key for u in units.values()}
    people: dict[str, dict] = {}
    rows = Person.objects.filter(organisation=organisation)
    if only is not None:
        rows = rows.filter(employee_id__in=list(only))
    rows = rows.values("pk", "employee_id", "unit_id", "manager_id", "is_active", *PERSON_FIELDS)
    by_pk: dict[int, str] = {}
    for row in rows.iterator(chunk_size=5000):
        row["unit_key"] = unit_keys[row["unit_id"]]
        people[row["employee_id"]] = row
        by_pk[row["pk"]] = row["employee_id"]
    managers = {row["manager_id"] for row in people.values()} - set(by_pk) - {None}
    if managers:
        by_pk.update(Person.objects.filter(pk__in=managers).values_list("pk", "employee_id"))
    for row in people.values():
        row["manager_employee_id"] = by_pk.get(row["manager_id"], "")
    return Snapshot(units, people, unit_names)


def _record_values(record: RosterRecord) -> dict:
    return {name: getattr(record, name) for name in PERSON_FIELDS}


def _show(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value or "")


def compute_diff(parsed: ParsedRoster, snapshot: Snapshot) -> RosterDiff:
    diff = RosterDiff(active_before=sum(p["is_active"] for p in snapshot.people.values()))
    listed: set[str] = set()
    seen_units: set[str] = set()
    for record in parsed.records:
        for depth in range(1, len(record.unit_path) + 1):
            key = unit_key(record.unit_path[:depth])
            if key not in snapshot.units_by_key and key not in seen_units:
                seen_units.add(key)
                diff.new_units.append(record.unit_path[:depth])
        if not record.active:
            continue
        listed.add(record.employee_id)
        current = snapshot.people.get(record.employee_id)
        if current is None:
            diff.joiners.append(record)
            continue
        if not current["is_active"]:
            diff.rejoiners.append(record)
        _compare(record, current, snapshot, diff)
    for employee_id, current in snapshot.people.items():
        if current["is_active"] and employee_id not in listed:
            name = f"{current['first_name']} {current['last_name']}".strip()
            diff.leavers.append(
                (employee_id, name, snapshot.unit_names.get(current["unit_id"], ""))
            )
    return diff


def _compare(record: RosterRecord, current: dict, snapshot: Snapshot, diff: RosterDiff) -> None:
    name = f"{record.first_name} {record.last_name}".strip()
    changes = {
        field_name: (_show(current[field_name]), _show(new))
        for field_name, new in _record_values(record).items()
        if (current[field_name] or "") != (new or "")
    }
    if changes:
        diff.changed.append(PersonChange(record.employee_id, name, changes))
    moves = {}
    new_unit_key = unit_key(record.unit_path)
    if current["unit_key"] != new_unit_key:
        old_unit = snapshot.unit_names.get(current["unit_id"], "")
        moves["unit"] = (old_unit, " / ".join(record.unit_path))
    if current["manager_employee_id"] != record.manager_id:
        moves["manager"] = (current["manager_employee_id"], record.manager_id)
    if moves:
        diff.movers.append(PersonChange(record.employee_id, name, moves))


# --- applying -------------------------------------------------------------------------------
#
# People are written with executemany rather than the ORM's bulk_create/bulk_update: for a
# 100,000-person roster the ORM spends most of a minute building per-object expressions,
# while one prepared statement run over many parameter rows takes a second or two on SQLite
# and PostgreSQL alike. Units are few and stay on the ORM.


def apply_diff(organisation: Organisation, parsed: ParsedRoster, diff: RosterDiff) -> None:
    """Write the diff in one transaction; the caller has already checked for errors."""
    if diff.is_empty:
        return
    records = {r.employee_id: r for r in parsed.records if r.active}
    with transaction.atomic():
        units = _create_units(organisation, diff.new_units)
        if diff.new_units:
            _classify_units(organisation)
        unit_ids = {key: unit.pk for key, unit in units.items()}
        _insert_people(organisation, diff.joiners, unit_ids)
        updated = {c.employee_id for c in diff.changed + diff.movers}
        updated.update(r.employee_id for r in diff.rejoiners)
        _update_people(organisation, [records[e] for e in sorted(updated)], unit_ids)
        relinked = [r.employee_id for r in diff.joiners]
        relinked += [c.employee_id for c in diff.movers if "manager" in c.changes]
        _link_managers(organisation, [records[e] for e in relinked])
        _deactivate(organisation, [employee_id for employee_id, _, _ in diff.leavers])


def _create_units(organisation: Organisation, new_paths: list[tuple[str, ...]]) -> dict[str, Unit]:
    units = {u.key: u for u in Unit.objects.filter(organisation=organisation)}
    for depth in sorted({len(p) for p in new_paths}):
        level = [p for p in new_paths if len(p) == depth]
        created = Unit.objects.bulk_create(
            [
                Unit(
                    organisation=organisation,
                    parent=units.get(unit_key(path[:-1])) if depth > 1 else None,
                    name=path[-1],
                    key=unit_key(path),
                    depth=depth - 1,
                    is_virtual=depth == 2
                    and any(w in path[-1].casefold() for w in VIRTUAL_SITE_WORDS),
                )
                for path in level
            ],
            batch_size=BATCH,
        )
        for unit in created:
            parent_path = units[unit.key.rsplit("/", 1)[0]].path if unit.depth else "/"
            unit.path = f"{parent_path}{unit.pk}/"
            units[unit.key] = unit
        _execute_many(
            f"UPDATE {Unit._meta.db_table} SET path = %s WHERE id = %s",
            [(unit.path, unit.pk) for unit in created],
        )
    return units


def _classify_units(organisation: Organisation) -> None:
    """Kinds follow position: root center, then site; leaves below a site are teams."""
    units = list(Unit.objects.filter(organisation=organisation).only("pk", "depth", "kind", "path"))
    parents = {u.path.rsplit("/", 2)[0] + "/" for u in units if u.depth}
    changed = []
    for unit in units:
        if unit.depth == 0:
            kind = UnitKind.CENTER
        elif unit.depth == 1:
            kind = UnitKind.SITE
        else:
            kind = UnitKind.GROUP if unit.path in parents else UnitKind.TEAM
        if unit.kind != kind:
            changed.append((kind, unit.pk))
    _execute_many(f"UPDATE {Unit._meta.db_table} SET kind = %s WHERE id = %s", changed)


def _execute_many(sql: str, rows: list[tuple]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _person_values(record: RosterRecord, unit_id: int) -> tuple:
    values = tuple(
        "" if v is None and f != "hire_date" else v for f, v in _record_values(record).items()
    )
    return (*values, unit_id)


def _insert_people(
    organisation: Organisation, joiners: list[RosterRecord], unit_ids: dict[str, int]
) -> None:
    columns = [
        "organisation_id",
        "employee_id",
        *PERSON_FIELDS,
        "unit_id",
        "is_active",
        "updated_at",
    ]
    now = timezone.now()
    sql = (
        f"INSERT INTO {Person._meta.db_table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    rows = [
        (
            organisation.pk,
            r.employee_id,
            *_person_values(r, unit_ids[unit_key(r.unit_path)]),
            True,
            now,
        )
        for r in joiners
    ]
    _execute_many(sql, rows)


def _update_people(
    organisation: Organisation, records: list[RosterRecord], unit_ids: dict[str, int]
) -> None:
    """Rewrite every roster field of people who changed, moved or came back."""
    assignments = ", ".join(f"{name} = %s" for name in [*PERSON_FIELDS, "unit_id"])
    sql = (
        f"UPDATE {Person._meta.db_table} SET {assignments}, is_active = %s, left_on = NULL, "
        "updated_at = %s WHERE organisation_id = %s AND employee_id = %s"
    )
    now = timezone.now()
    rows = [
        (
            *_person_values(r, unit_ids[unit_key(r.unit_path)]),
            True,
            now,
            organisation.pk,
            r.employee_id,
        )
        for r in records
    ]
    _execute_many(sql, rows)


def _link_managers(organisation: Organisation, records: list[RosterRecord]) -> None:
    if not records:
        return
    people = Person.objects.filter(organisation=organisation)
    wanted = {r.employee_id for r in records} | {r.manager_id for r in records if r.manager_id}
    if len(wanted) <= 500:  # a few people (SCIM): look up those, not the whole roster
        people = people.filter(employee_id__in=wanted)
    pks = dict(people.values_list("employee_id", "pk"))
    rows = [(pks.get(r.manager_id) if r.manager_id else None, pks[r.employee_id]) for r in records]
    _execute_many(f"UPDATE {Person._meta.db_table} SET manager_id = %s WHERE id = %s", rows)


def _deactivate(organisation: Organisation, employee_ids: list[str]) -> None:
    today = timezone.localdate()
    for start in range(0, len(employee_ids), BATCH):
        Person.objects.filter(
            organisation=organisation,
            employee_id__in=employee_ids[start : start + BATCH],
            is_active=True,
        ).update(is_active=False, left_on=today, updated_at=timezone.now())
