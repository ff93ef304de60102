"""SCIM writes of users: a user is one person of the roster (see `provisioning`)."""

from __future__ import annotations

import dataclasses
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.org.models import AuditEvent, Organisation, Person
from twoway.org.roster import RosterRecord
from twoway.org.roster.roles import RoleMapper
from twoway.org.services import audit

from .models import ScimUser
from .provisioning import (
    ScimRefused,
    audits_held,
    names_of,
    person_record,
    root_path,
    sync_records,
    unit_names,
)
from .scim_schema import DesiredUser


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
            # Nobody manages themselves: a reference to oneself keeps the manager as it was.
            return current if person and found == person.employee_id else found
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
        record = person_record(person, path)
        sync_records(scim_user.organisation, [_inactive(record)], client)
        scim_user.delete()


def _inactive(record: RosterRecord) -> RosterRecord:
    return dataclasses.replace(record, active=False)
