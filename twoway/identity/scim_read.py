"""SCIM reads: resources as JSON, and list filters translated to database queries."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db.models import Q, QuerySet

from .models import ScimGroup, ScimUser
from .provisioning import ScimRefused
from .scim.filters import And, Compare, FilterError, Node, Not, Or, Present, parse_filter
from .scim_schema import CORE_GROUP, CORE_USER, ENTERPRISE, TWOWAY

USER_FIELDS = {
    "id": "pk",
    "username": "user_name",
    "externalid": "external_id",
    "emails": "person__email",
    "emails.value": "person__email",
    "name.givenname": "person__first_name",
    "name.familyname": "person__last_name",
    "title": "person__job_title",
    "active": "person__is_active",
    "enterprise.employeenumber": "person__employee_id",
    "meta.lastmodified": "updated_at",
    "meta.created": "created_at",
}
GROUP_FIELDS = {
    "id": "pk",
    "displayname": "display_name",
    "externalid": "external_id",
    "members": "members",
    "members.value": "members",
    "meta.lastmodified": "updated_at",
    "meta.created": "created_at",
}
TEXT_LOOKUPS = {"eq": "iexact", "co": "icontains", "sw": "istartswith", "ew": "iendswith"}
ORDER_LOOKUPS = {"gt": "gt", "ge": "gte", "lt": "lt", "le": "lte"}


def location(kind: str, pk: uuid.UUID) -> str:
    return f"{settings.SITE_URL}/scim/v2/{kind}/{pk}"


def _meta(kind: str, row: ScimUser | ScimGroup) -> dict:
    return {
        "resourceType": kind[:-1],
        "created": row.created_at.isoformat(),
        "lastModified": row.updated_at.isoformat(),
        "location": location(kind, row.pk),
    }


def user_resources(users: list[ScimUser]) -> list[dict]:
    """Users as JSON, in a few queries whatever their number."""
    people = [u.person for u in users]
    managers = {p.manager_id for p in people if p.manager_id}
    manager_ids = dict(
        ScimUser.objects.filter(person_id__in=managers).values_list("person_id", "pk")
    )
    groups = {
        g.unit_id: g
        for g in ScimGroup.objects.filter(unit_id__in={p.unit_id for p in people}).only(
            "pk", "unit_id", "display_name"
        )
    }
    return [_user(u, manager_ids, groups) for u in users]


def _user(user: ScimUser, manager_ids: dict, groups: dict) -> dict:
    person = user.person
    resource: dict = {
        "schemas": [CORE_USER, ENTERPRISE, TWOWAY],
        "id": str(user.pk),
        "userName": user.user_name,
        "name": {"givenName": person.first_name, "familyName": person.last_name,
                 "formatted": person.full_name},
        "displayName": person.full_name,
        "active": person.is_active,
        "emails": [{"value": person.email, "type": "work", "primary": True}] * bool(person.email),
        "phoneNumbers": [{"value": person.phone, "type": "work"}] if person.phone else [],
        "title": person.job_title,
        "preferredLanguage": person.language,
        ENTERPRISE: {"employeeNumber": person.employee_id},
        TWOWAY: {"workLocation": person.work_location, "shift": person.shift,
                 "hireDate": person.hire_date.isoformat() if person.hire_date else ""},
        "groups": [],
        "meta": _meta("Users", user),
    }  # fmt: skip
    if user.external_id:
        resource["externalId"] = user.external_id
    if person.manager_id in manager_ids:
        resource[ENTERPRISE]["manager"] = {"value": str(manager_ids[person.manager_id])}
    if (group := groups.get(person.unit_id)) is not None:
        resource["groups"] = [{"value": str(group.pk), "display": group.display_name,
                               "$ref": location("Groups", group.pk)}]  # fmt: skip
    return resource


def group_resources(groups: list[ScimGroup], with_members: bool = True) -> list[dict]:
    members: dict[int, list[dict]] = {g.unit_id: [] for g in groups}
    if with_members and groups:
        rows = (
            ScimUser.objects.filter(person__unit_id__in=list(members))
            .order_by("user_name")
            .values_list("pk", "user_name", "person__unit_id")
        )
        for pk, user_name, unit_id in rows:
            members[unit_id].append(
                {"value": str(pk), "display": user_name, "$ref": location("Users", pk)}
            )
    resources = []
    for group in groups:
        resource: dict = {
            "schemas": [CORE_GROUP],
            "id": str(group.pk),
            "displayName": group.display_name,
            "meta": _meta("Groups", group),
        }
        if group.external_id:
            resource["externalId"] = group.external_id
        if with_members:
            resource["members"] = members[group.unit_id]
        resources.append(resource)
    return resources


def filtered(queryset: QuerySet, text: str, fields: dict[str, str]) -> QuerySet:
    if not text:
        return queryset
    try:
        node = parse_filter(text)
    except FilterError as error:
        raise ScimRefused(400, str(error), "invalidFilter") from None
    return queryset.filter(_q(node, fields)).distinct()


def _q(node: Node, fields: dict[str, str]) -> Q:
    if isinstance(node, And):
        return _q(node.left, fields) & _q(node.right, fields)
    if isinstance(node, Or):
        return _q(node.left, fields) | _q(node.right, fields)
    if isinstance(node, Not):
        return ~_q(node.inner, fields)
    field = fields.get(node.attribute)
    if field is None:
        raise ScimRefused(400, f"Filtering on {node.attribute!r} is not supported.",
                          "invalidFilter")  # fmt: skip
    if field == "members":
        field = "unit__people__scim_user__pk"
    if isinstance(node, Present):
        return ~Q(**{field: ""}) & Q(**{f"{field}__isnull": False})
    return _compare(node, field)


def _compare(node: Compare, field: str) -> Q:
    value = node.value
    if field.endswith("pk") or field == "pk":
        try:
            value = uuid.UUID(str(value))
        except ValueError:
            return Q(pk__in=[])
        return Q(**{field: value}) if node.op == "eq" else ~Q(**{field: value})
    if field.endswith(("_at", "updated_at")):
        try:
            value = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise ScimRefused(400, f"{node.attribute}: {value!r} is not a date and time.",
                              "invalidFilter") from None  # fmt: skip
    if isinstance(value, bool):
        return Q(**{field: value}) if node.op == "eq" else ~Q(**{field: value})
    if node.op in ORDER_LOOKUPS:
        return Q(**{f"{field}__{ORDER_LOOKUPS[node.op]}": value})
    if node.op == "ne":
        return ~Q(**{f"{field}__iexact": value})
    return Q(**{f"{field}__{TEXT_LOOKUPS[node.op]}": "" if value is None else value})
