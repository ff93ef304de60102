"""The SCIM resources twoway serves, as JSON: User (with the enterprise extension and
twoway's own for reporting attributes), Group, errors and list answers (RFC 7643, 7644).

A User is a person of the roster; a Group is a unit of the tree. Reading a resource from a
request (`desired_user`, `desired_group`) checks every attribute twoway keeps and names the
one that is wrong, as `SchemaError`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from twoway.org.roster.values import read_language, read_work_location

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
TWOWAY = "urn:ietf:params:scim:schemas:extension:twoway:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
WORK_LOCATIONS = ("onsite", "remote", "hybrid")


class SchemaError(ValueError):
    """An attribute of a request that twoway cannot keep; the message names it."""

    def __init__(self, message: str, scim_type: str = "invalidValue") -> None:
        super().__init__(message)
        self.scim_type = scim_type


@dataclass
class DesiredUser:
    """What the identity provider says about a person."""

    user_name: str
    external_id: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    title: str = ""
    language: str = ""
    active: bool = True
    employee_number: str = ""
    manager: str | None = None  # None: not sent, keep; "": no manager
    extra: dict = field(default_factory=dict)  # twoway's extension: hire_date, work_location, shift


@dataclass
class DesiredGroup:
    display_name: str
    external_id: str = ""
    members: list[str] | None = None  # SCIM ids of users; None: not sent


def _get(data: dict, name: str) -> object:
    for key, value in data.items():
        if key.lower() == name.lower():
            return value
    return None


def _text(data: dict, name: str, limit: int, label: str | None = None) -> str:
    value = _get(data, name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise SchemaError(f"{label or name} must be text.")
    text = " ".join(str(value).split())
    if len(text) > limit:
        raise SchemaError(f"{label or name} is longer than {limit} characters.")
    return text


def _boolean(value: object, label: str) -> bool:
    """A boolean, or the text "True"/"False" that Microsoft Entra sends in PATCH values."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise SchemaError(f"{label} must be true or false.")


def _pick(values: object, label: str) -> dict | None:
    """The primary element of a multi-valued attribute, else the work one, else the first."""
    if values is None:
        return None
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise SchemaError(f"{label} must be a list of objects with a value.")
    for test in (
        lambda v: _get(v, "primary") in (True, "true", "True"),
        lambda v: str(_get(v, "type") or "").lower() == "work",
        lambda v: True,
    ):
        for element in values:
            if test(element) and _get(element, "value") not in (None, ""):
                return element
    return None


def desired_user(data: object) -> DesiredUser:
    if not isinstance(data, dict):
        raise SchemaError("The body must be a User object.", "invalidSyntax")
    user_name = _text(data, "userName", 255)
    if not user_name:
        raise SchemaError("userName is required.")
    name = _get(data, "name") or {}
    if not isinstance(name, dict):
        raise SchemaError("name must be an object.")
    desired = DesiredUser(
        user_name=user_name,
        external_id=_text(data, "externalId", 255),
        first_name=_text(name, "givenName", 100, "name.givenName"),
        last_name=_text(name, "familyName", 100, "name.familyName"),
        title=_text(data, "title", 120),
        language=_language(data),
    )
    if not (desired.first_name or desired.last_name):
        desired.first_name = _text(data, "displayName", 100)
    if (active := _get(data, "active")) is not None:
        desired.active = _boolean(active, "active")
    desired.email = _email(data)
    phone = _pick(_get(data, "phoneNumbers"), "phoneNumbers")
    if phone is not None:
        desired.phone = _text(phone, "value", 40, "phoneNumbers.value")
    enterprise = _get(data, ENTERPRISE)
    if enterprise is not None:
        if not isinstance(enterprise, dict):
            raise SchemaError(f"{ENTERPRISE} must be an object.")
        desired.employee_number = _text(enterprise, "employeeNumber", 64, "employeeNumber")
        desired.manager = _manager(enterprise)
    extension = _get(data, TWOWAY)
    if extension is not None:
        desired.extra = _twoway_extension(extension)
    return desired


def _language(data: dict) -> str:
    """preferredLanguage, else locale ("en-US"), as the two-letter code rosters use."""
    for name in ("preferredLanguage", "locale"):
        text = _text(data, name, 35)
        if text:
            try:
                return read_language(text)
            except ValueError as error:
                raise SchemaError(f"{name}: {text!r} {error}.") from None
    return ""


def _email(data: dict) -> str:
    element = _pick(_get(data, "emails"), "emails")
    if element is None:
        return ""
    email = _text(element, "value", 254, "emails.value").lower()
    try:
        validate_email(email)
    except ValidationError:
        raise SchemaError(f"emails.value: {email!r} is not an e-mail address.") from None
    return email


def _manager(enterprise: dict) -> str | None:
    manager = _get(enterprise, "manager")
    if manager is None:
        return None
    if isinstance(manager, dict):
        return _text(manager, "value", 255, "manager.value")
    if isinstance(manager, str):
        return manager.strip()[:255]
    raise SchemaError("manager must be an object with a value.")


def _twoway_extension(extension: object) -> dict:
    if not isinstance(extension, dict):
        raise SchemaError(f"{TWOWAY} must be an object.")
    extra: dict = {}
    if (hire := _get(extension, "hireDate")) not in (None, ""):
        try:
            extra["hire_date"] = datetime.date.fromisoformat(str(hire)[:10])
        except ValueError:
            raise SchemaError(f"hireDate: {hire!r} is not a date (YYYY-MM-DD).") from None
    if (where := _get(extension, "workLocation")) not in (None, ""):
        try:
            extra["work_location"] = read_work_location(str(where), yes_means_remote=False)
        except ValueError:
            raise SchemaError(f"workLocation: use one of {', '.join(WORK_LOCATIONS)}.") from None
    if _get(extension, "shift") is not None:
        extra["shift"] = _text(extension, "shift", 60)
    return extra


def desired_group(data: object) -> DesiredGroup:
    if not isinstance(data, dict):
        raise SchemaError("The body must be a Group object.", "invalidSyntax")
    display_name = _text(data, "displayName", 1000)
    if not display_name:
        raise SchemaError("displayName is required.")
    group = DesiredGroup(display_name, _text(data, "externalId", 255))
    members = _get(data, "members")
    if members is not None:
        if not isinstance(members, list) or not all(isinstance(m, dict) for m in members):
            raise SchemaError("members must be a list of objects with a value.")
        group.members = [str(_get(m, "value") or "").strip() for m in members]
        if "" in group.members:
            raise SchemaError("members: every member needs a value (the user's id).")
    return group


def error_body(status: int, detail: str, scim_type: str = "") -> dict:
    body: dict = {"schemas": [ERROR], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return body


def list_body(resources: list[dict], total: int, start: int) -> dict:
    return {
        "schemas": [LIST],
        "totalResults": total,
        "itemsPerPage": len(resources),
        "startIndex": start,
        "Resources": resources,
    }
