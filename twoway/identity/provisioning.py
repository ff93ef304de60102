"""The writes of SCIM provisioning: people and units through the roster sync.

Each request becomes the roster records of the people it touches, diffed against those people
alone (`twoway.org.sync.load_snapshot(only=...)`) and applied by `apply_diff`, the path a
roster import takes, in one transaction with its audit entry ("Roster import", by SCIM).
Deactivations pass the organisation's mass-leave guard over a sliding day: when more than its
share of active people would have left through SCIM in 24 hours, the request is held (409)
and audited, until an admin allows it for an hour on the sign-on page.
"""

from __future__ import annotations

import contextvars
import dataclasses
import functools
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.org.models import AuditEvent, Organisation, Person, Unit
from twoway.org.roster import ParsedRoster, RosterRecord
from twoway.org.roster.hierarchy import split_unit_path, tidy_name
from twoway.org.roster.roles import RoleMapper
from twoway.org.services import audit, summarise_counts
from twoway.org.sync import RosterDiff, apply_diff, compute_diff, load_snapshot, unit_key

from .models import IdentitySettings, ScimGroup, ScimLeave, ScimUser
from .scim_schema import DesiredGroup, DesiredUser

LEAVE_WINDOW = timedelta(hours=24)
ALLOW_LEAVE_FOR = timedelta(hours=1)


class ScimRefused(Exception):
    """A request twoway will not apply, with the HTTP status and SCIM error keyword."""

    def __init__(self, status: int, detail: str, scim_type: str = "") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type


class MassLeaveHeld(ScimRefused):
    organisation: Organisation
    client: str = ""


# --- units ----------------------------------------------------------------------------------


def unit_names(organisation: Organisation) -> dict[int, str]:
    return dict(Unit.objects.filter(organisation=organisation).values_list("pk", "name"))


def names_of(unit: Unit, names: dict[int, str]) -> tuple[str, ...]:
    return tuple(names[pk] for pk in unit.ancestor_ids())


def root_path(organisation: Organisation) -> tuple[str, ...]:
    """Where a person without a group sits: the organisation's root unit."""
    root = Unit.objects.filter(organisation=organisation, depth=0).order_by("pk").first()
    return (root.name,) if root else (tidy_name(organisation.name),)


def group_path(organisation: Organisation, display_name: str) -> tuple[str, ...]:
    """The unit path a group's name stands for: "Lisbon > Team 1" (or "Lisbon/Team 1") under
    the root; a single name that one unit has already ("Team Lisbon 1") is that unit."""
    names = split_unit_path(display_name)
    if not names:
        raise ScimRefused(400, _("displayName must name a unit."), "invalidValue")
    root = root_path(organisation)
    if names[0].casefold() == root[0].casefold():
        return names
    if len(names) == 1:
        same = list(Unit.objects.filter(organisation=organisation, name__iexact=names[0])[:2])
        if len(same) == 1:
            return names_of(same[0], unit_names(organisation))
    return (*root, *names)


def ensure_unit(organisation: Organisation, path: tuple[str, ...]) -> Unit:
    """The unit at `path`, made (with the units above it) by the roster sync if missing."""
    key = unit_key(path)
    found = Unit.objects.filter(organisation=organisation, key=key).first()
    if found is not None:
        return found
    known = set(Unit.objects.filter(organisation=organisation).values_list("key", flat=True))
    missing = [path[:depth] for depth in range(1, len(path) + 1)]
    diff = RosterDiff(new_units=[p for p in missing if unit_key(p) not in known])
    apply_diff(organisation, ParsedRoster([], [], {}, None), diff)
    return Unit.objects.get(organisation=organisation, key=key)


# --- people ---------------------------------------------------------------------------------


def _employee_id(desired: DesiredUser) -> str:
    employee_id = desired.employee_number or desired.external_id or desired.user_name
    if len(employee_id) > 64:
        raise ScimRefused(
            400,
            _("The employee ID is longer than 64 characters: send employeeNumber."),
            "invalidValue",
        )
    return employee_id


def _manager_id(organisation: Organisation, desired: DesiredUser, person: Person | None) -> str:
    """The manager's employee ID: from the SCIM id, employee ID or userName sent; kept as it
    was when none is sent or the manager is not provisioned yet."""
    current = person.manager.employee_id if person and person.manager_id else ""
    reference = desired.manager
    if reference is None:
        return current
    if reference == "":
        return ""
    try:
        by_id = ScimUser.objects.filter(organisation=organisation, pk=uuid.UUID(reference))
    except ValueError:
        by_id = ScimUser.objects.none()
    for query in (
        by_id.values_list("person__employee_id", flat=True),
        Person.objects.filter(organisation=organisation, employee_id=reference).values_list(
            "employee_id", flat=True
        ),
        ScimUser.objects.filter(organisation=organisation, user_name__iexact=reference)
        .values_list("person__employee_id", flat=True),
    ):  # fmt: skip
        found = query.first()
        if found:
            return found
    return current


def _record(
    organisation: Organisation,
    desired: DesiredUser,
    person: Person | None,
    unit_path: tuple[str, ...],
    active: bool | None = None,
) -> RosterRecord:
    role = None
    if desired.title:
        role = RoleMapper(organisation.title_roles or None).role_for_title(desired.title)
    extra = desired.extra
    return RosterRecord(
        row=0,
        employee_id=person.employee_id if person else _employee_id(desired),
        first_name=desired.first_name,
        last_name=desired.last_name,
        email=desired.email,
        phone=desired.phone,
        role=role or (person.role if person else "agent"),
        job_title=desired.title,
        unit_path=unit_path,
        manager_id=_manager_id(organisation, desired, person),
        hire_date=extra.get("hire_date", person.hire_date if person else None),
        work_location=extra.get("work_location", person.work_location if person else ""),
        language=desired.language,
        shift=extra.get("shift", person.shift if person else ""),
        active=desired.active if active is None else active,
    )


def _person_record(person: Person, unit_path: tuple[str, ...]) -> RosterRecord:
    """A person as they are, on another unit: what a group membership change writes."""
    return RosterRecord(
        row=0, employee_id=person.employee_id, first_name=person.first_name,
        last_name=person.last_name, email=person.email, phone=person.phone, role=person.role,
        job_title=person.job_title, unit_path=unit_path,
        manager_id=person.manager.employee_id if person.manager_id else "",
        hire_date=person.hire_date, work_location=person.work_location,
        language=person.language, shift=person.shift, active=person.is_active,
    )  # fmt: skip


def _guard_leaves(organisation: Organisation, leaving: int) -> None:
    if not leaving:
        return
    now = timezone.now()
    allowed = IdentitySettings.of(organisation).scim_leave_allowed_until
    if allowed is None or allowed < now:
        recent = ScimLeave.objects.filter(organisation=organisation, at__gte=now - LEAVE_WINDOW)
        left = recent.count()
        active = Person.objects.filter(organisation=organisation, is_active=True).count()
        before = active + left
        share = round(100 * organisation.mass_leave_share)
        if before and (left + leaving) / before > organisation.mass_leave_share:
            raise MassLeaveHeld(
                409,
                _(
                    "Held by the mass-leave guard: %(n)s of %(total)s active people would have "
                    "left through SCIM within a day, more than the organisation's share of "
                    "%(share)s%%. An admin of twoway can allow it for an hour on the sign-on "
                    "page; then retry."
                )
                % {"n": left + leaving, "total": before, "share": share},
            )  # fmt: skip
    ScimLeave.objects.bulk_create([ScimLeave(organisation=organisation) for _ in range(leaving)])


_writing = contextvars.ContextVar("scim_writing", default=False)


def audits_held(write):
    """Run a write in its own transaction; when the mass-leave guard holds it, record that in
    the audit log after the write rolled back (an entry written inside would go with it).
    Only the outermost write records it, once."""

    @functools.wraps(write)
    def wrapper(*args, **kwargs):
        if _writing.get():
            return write(*args, **kwargs)
        token = _writing.set(True)
        try:
            with transaction.atomic():
                return write(*args, **kwargs)
        except MassLeaveHeld as held:
            audit(
                held.organisation, None, AuditEvent.Kind.ROSTER_IMPORT,
                _("SCIM deactivation held by the mass-leave guard"),
                source="scim", client=held.client,
            )  # fmt: skip
            raise
        finally:
            _writing.reset(token)

    return wrapper


def sync_records(
    organisation: Organisation, records: list[RosterRecord], client: str
) -> RosterDiff:
    """Apply the records of a few people as a roster import of those people would."""
    parsed = ParsedRoster(records, [], {}, None)
    with transaction.atomic():
        # One sync at a time per organisation, diffed inside the lock (as roster imports).
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        only = {r.employee_id for r in records}
        diff = compute_diff(parsed, load_snapshot(organisation, only=only))
        try:
            _guard_leaves(organisation, len(diff.leavers))
        except MassLeaveHeld as held:
            held.organisation, held.client = organisation, client
            raise
        apply_diff(organisation, parsed, diff)
        if not diff.is_empty:
            _audit_sync(organisation, diff, only, client)
    return diff


def _audit_sync(organisation: Organisation, diff: RosterDiff, ids: set[str], client: str):
    counts = diff.counts()
    people = list(
        Person.objects.filter(organisation=organisation, employee_id__in=ids).values_list(
            "pk", flat=True
        )
    )
    AuditEvent.objects.create(
        organisation=organisation,
        actor=None,
        actor_label="SCIM",
        kind=AuditEvent.Kind.ROSTER_IMPORT,
        summary=(_("SCIM: %(summary)s") % {"summary": summarise_counts(counts)})[:300],
        details={"source": "scim", "client": client, "counts": counts, "people": people},
    )


def _adoptable(organisation: Organisation, desired: DesiredUser) -> Person | None:
    """A person already on the roster (imported before SCIM) that the new user is."""
    people = Person.objects.filter(organisation=organisation, scim_user__isnull=True)
    employee_id = _employee_id(desired)
    found = list(people.filter(employee_id=employee_id)[:2])
    if not found and desired.email:
        found = list(people.filter(email__iexact=desired.email)[:2])
    if len(found) > 1:
        raise ScimRefused(
            409,
            _("Several people of the roster have the e-mail %(email)s: send employeeNumber.")
            % {"email": desired.email},
            "uniqueness",
        )
    return found[0] if found else None


@audits_held
def create_user(organisation: Organisation, desired: DesiredUser, client: str) -> ScimUser:
    if ScimUser.objects.filter(
        organisation=organisation, user_name__iexact=desired.user_name
    ).exists():
        raise ScimRefused(409, _("userName %(u)s exists already.") % {"u": desired.user_name},
                          "uniqueness")  # fmt: skip
    with transaction.atomic():
        person = _adoptable(organisation, desired)
        adopted = person is not None
        if person is None:
            record = _record(organisation, desired, None, root_path(organisation), active=True)
            if Person.objects.filter(
                organisation=organisation, employee_id=record.employee_id
            ).exists():
                raise ScimRefused(409, _("Employee ID %(id)s is provisioned already.")
                                  % {"id": record.employee_id}, "uniqueness")  # fmt: skip
            sync_records(organisation, [record], client)
            person = Person.objects.get(organisation=organisation, employee_id=record.employee_id)
        scim_user = ScimUser.objects.create(
            organisation=organisation, person=person,
            user_name=desired.user_name, external_id=desired.external_id,
        )  # fmt: skip
        if adopted or not desired.active:
            # The rest of what the provider sent: an adopted person's changes, active=false.
            return replace_user(scim_user, desired, client)
        return scim_user


@audits_held
def replace_user(scim_user: ScimUser, desired: DesiredUser, client: str) -> ScimUser:
    organisation = scim_user.organisation
    clash = ScimUser.objects.filter(
        organisation=organisation, user_name__iexact=desired.user_name
    ).exclude(pk=scim_user.pk)
    if clash.exists():
        raise ScimRefused(409, _("userName %(u)s exists already.") % {"u": desired.user_name},
                          "uniqueness")  # fmt: skip
    with transaction.atomic():
        person = Person.objects.select_related("unit", "manager").get(pk=scim_user.person_id)
        if desired.employee_number and desired.employee_number != person.employee_id:
            _change_employee_id(person, desired.employee_number)
        path = names_of(person.unit, unit_names(organisation))
        sync_records(organisation, [_record(organisation, desired, person, path)], client)
        scim_user.user_name = desired.user_name
        scim_user.external_id = desired.external_id
        scim_user.updated_at = timezone.now()
        scim_user.save(update_fields=["user_name", "external_id", "updated_at"])
    return scim_user


def _change_employee_id(person: Person, employee_id: str) -> None:
    if len(employee_id) > 64:
        raise ScimRefused(400, _("employeeNumber is longer than 64 characters."), "invalidValue")
    taken = Person.objects.filter(organisation_id=person.organisation_id, employee_id=employee_id)
    if taken.exclude(pk=person.pk).exists():
        raise ScimRefused(409, _("Employee ID %(id)s belongs to another person.")
                          % {"id": employee_id}, "uniqueness")  # fmt: skip
    old = person.employee_id
    Person.objects.filter(pk=person.pk).update(employee_id=employee_id, updated_at=timezone.now())
    person.employee_id = employee_id
    audit(
        person.organisation, None, AuditEvent.Kind.ROSTER_IMPORT,
        _("SCIM: employee ID %(old)s is now %(new)s") % {"old": old, "new": employee_id},
        source="scim", person=person.pk,
    )  # fmt: skip


@audits_held
def delete_user(scim_user: ScimUser, client: str) -> None:
    """The provider deletes the user: the person leaves (history stays), the link goes."""
    with transaction.atomic():
        person = Person.objects.select_related("unit", "manager").get(pk=scim_user.person_id)
        path = names_of(person.unit, unit_names(scim_user.organisation))
        record = _person_record(person, path)
        sync_records(scim_user.organisation, [_inactive(record)], client)
        scim_user.delete()


def _inactive(record: RosterRecord) -> RosterRecord:
    return dataclasses.replace(record, active=False)


# --- groups ---------------------------------------------------------------------------------


def create_group(organisation: Organisation, desired: DesiredGroup, client: str) -> ScimGroup:
    if ScimGroup.objects.filter(
        organisation=organisation, display_name__iexact=desired.display_name
    ).exists():
        raise ScimRefused(409, _("A group named %(n)s exists already.")
                          % {"n": desired.display_name}, "uniqueness")  # fmt: skip
    with transaction.atomic():
        unit = _free_unit(organisation, desired.display_name, None)
        group = ScimGroup.objects.create(
            organisation=organisation, unit=unit, display_name=desired.display_name,
            external_id=desired.external_id,
        )  # fmt: skip
        if desired.members:
            set_members(group, desired.members, client)
    return group


def _free_unit(organisation: Organisation, display_name: str, group: ScimGroup | None) -> Unit:
    """The unit a group's name stands for (made if missing), if no other group has it."""
    unit = ensure_unit(organisation, group_path(organisation, display_name))
    taken = ScimGroup.objects.filter(organisation=organisation, unit=unit)
    if group is not None:
        taken = taken.exclude(pk=group.pk)
    if taken.exists():
        raise ScimRefused(
            409,
            _("The group %(other)s stands for the unit %(unit)s already.")
            % {"other": taken.first().display_name, "unit": unit.name},  # type: ignore[union-attr]
            "uniqueness",
        )
    return unit


def members_of(group: ScimGroup) -> list[ScimUser]:
    """The provisioned people who sit on the group's unit (not those of units below)."""
    return list(
        ScimUser.objects.filter(organisation=group.organisation, person__unit_id=group.unit_id)
        .select_related("person")
        .order_by("user_name")
    )


@audits_held
def replace_group(group: ScimGroup, desired: DesiredGroup, client: str) -> ScimGroup:
    """A group as the provider sends it: its name (the unit it stands for) and its members.
    A new name that stands for another unit moves the group, and its members, there."""
    organisation = group.organisation
    clash = ScimGroup.objects.filter(
        organisation=organisation, display_name__iexact=desired.display_name
    ).exclude(pk=group.pk)
    if clash.exists():
        raise ScimRefused(409, _("A group named %(n)s exists already.")
                          % {"n": desired.display_name}, "uniqueness")  # fmt: skip
    with transaction.atomic():
        members = desired.members
        if members is None:
            members = [str(u.pk) for u in members_of(group)]
        unit = _free_unit(organisation, desired.display_name, group)
        group.unit, group.display_name = unit, desired.display_name
        group.external_id = desired.external_id
        group.updated_at = timezone.now()
        group.save(update_fields=["unit", "display_name", "external_id", "updated_at"])
        set_members(group, members, client)
    return group


def set_members(group: ScimGroup, member_ids: list[str], client: str) -> None:
    """Put the listed users on the group's unit and the group's other users on the root unit
    (where people without a group sit), in one sync."""
    organisation = group.organisation
    wanted = _users_by_id(organisation, member_ids)
    current = {u.pk: u for u in members_of(group)}
    names = unit_names(organisation)
    unit_path = names_of(group.unit, names)
    people = Person.objects.select_related("manager")
    records = [
        _person_record(people.get(pk=user.person_id), unit_path)
        for pk, user in wanted.items()
        if pk not in current
    ]
    root = root_path(organisation)
    records += [
        _person_record(people.get(pk=user.person_id), root)
        for pk, user in current.items()
        if pk not in wanted
    ]
    if records:
        sync_records(organisation, records, client)
    ScimGroup.objects.filter(pk=group.pk).update(updated_at=timezone.now())


def _users_by_id(organisation: Organisation, ids: list[str]) -> dict[uuid.UUID, ScimUser]:
    parsed = []
    for value in ids:
        try:
            parsed.append(uuid.UUID(value))
        except ValueError:
            raise ScimRefused(400, _("members: no user has the id %(id)s.") % {"id": value},
                              "invalidValue") from None  # fmt: skip
    found = {u.pk: u for u in ScimUser.objects.filter(organisation=organisation, pk__in=parsed)}
    missing = [str(value) for value in parsed if value not in found]
    if missing:
        raise ScimRefused(400, _("members: no user has the id %(id)s.") % {"id": missing[0]},
                          "invalidValue")  # fmt: skip
    return found


def delete_group(group: ScimGroup) -> None:
    """The provider deletes the group: the unit and its people stay; the link goes."""
    with transaction.atomic():
        audit(
            group.organisation, None, AuditEvent.Kind.ROSTER_IMPORT,
            _("SCIM: group %(name)s unlinked from its unit") % {"name": group.display_name},
            source="scim", unit=group.unit_id,
        )  # fmt: skip
        group.delete()
