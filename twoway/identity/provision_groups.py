"""SCIM writes of groups: a group is one unit of the tree, its members the provisioned
people who sit on it (see `provisioning`)."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.org.models import AuditEvent, Organisation, Person, Unit
from twoway.org.services import audit

from .models import ScimGroup, ScimUser
from .provisioning import (
    ScimRefused,
    audits_held,
    ensure_unit,
    group_path,
    names_of,
    person_record,
    root_path,
    sync_records,
    unit_names,
)
from .scim_schema import DesiredGroup


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
        person_record(people.get(pk=user.person_id), unit_path)
        for pk, user in wanted.items()
        if pk not in current
    ]
    root = root_path(organisation)
    records += [
        person_record(people.get(pk=user.person_id), root)
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
