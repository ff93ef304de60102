"""SCIM 2.0 endpoints at /scim/v2/ (RFC 7644): Users and Groups of one organisation, chosen
by the bearer token; plus the discovery documents identity providers read first.

Each view parses the request, finds the resource within the token's organisation (another
organisation's id answers 404, as everywhere), calls one write of `provisioning`, and answers
`application/scim+json`. Errors are SCIM error objects naming the attribute.
"""

from __future__ import annotations

import functools
import json
import uuid

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from . import provision_groups, provision_users
from .models import IdentitySettings, ScimGroup, ScimUser
from .provisioning import ScimRefused
from .scim.patch import PatchError, apply_patch
from .scim_read import GROUP_FIELDS, USER_FIELDS, filtered, group_resources, user_resources
from .scim_schema import ENTERPRISE, SchemaError, desired_group, desired_user, error_body, list_body
from .scim_static import RESOURCE_TYPES, SCHEMAS, service_provider_config
from .tokens import hash_token

CONTENT_TYPE = "application/scim+json"
DEFAULT_COUNT = 100
MAX_COUNT = 500


def scim_json(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, content_type=CONTENT_TYPE)


def scim_error(status: int, detail: str, scim_type: str = "") -> JsonResponse:
    return scim_json(error_body(status, detail, scim_type), status)


def scim_endpoint(view):
    """Bearer-token authentication per organisation, JSON in, SCIM errors out."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        kind, _, token = request.headers.get("Authorization", "").partition(" ")
        found = None
        if kind.lower() == "bearer" and token.strip():
            found = (
                IdentitySettings.objects.select_related("organisation")
                .filter(scim_token_hash=hash_token(token.strip()))
                .first()
            )
        if found is None:
            response = scim_error(401, "A valid bearer token is required.")
            response["WWW-Authenticate"] = 'Bearer realm="twoway SCIM"'
            return response
        request.scim_client = request.headers.get("User-Agent", "")[:200]
        try:
            return view(request, found.organisation, *args, **kwargs)
        except RequestDataTooBig:
            return scim_error(413, "The request body is too large.", "tooMany")
        except IntegrityError:
            # Two requests for the same userName at once: the second finds it taken.
            return scim_error(409, "The resource was just created or changed: retry.",
                              "uniqueness")  # fmt: skip
        except (ScimRefused, SchemaError, PatchError) as refusal:
            status = getattr(refusal, "status", 400)
            return scim_error(status, str(refusal), refusal.scim_type)

    return wrapper


def _body(request) -> object:
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ScimRefused(400, "The body is not JSON.", "invalidSyntax") from None
    where = _holding_nul(body)
    if where is not None:
        # JSON may carry "\u0000"; no text column of PostgreSQL can store it.
        raise ScimRefused(400, f"{where or 'The body'} holds a NUL character.", "invalidValue")
    return body


def _holding_nul(value: object, path: str = "") -> str | None:
    """The path of the first key or text in `value` with a NUL character, or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if not isinstance(value, dict | list):
        return None
    children = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in children:
        where = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and "\x00" in key:
            return where
        found = _holding_nul(child, where)
        if found is not None:
            return found
    return None


def _page(request) -> tuple[int, int]:
    def number(name: str, default: int) -> int:
        raw = request.GET.get(name, "")
        if raw == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise ScimRefused(400, f"{name} must be a whole number.", "invalidValue") from None

    start = max(number("startIndex", 1), 1)
    count = min(max(number("count", DEFAULT_COUNT), 0), MAX_COUNT)
    return start, count


def _trim(resources: list[dict], request) -> list[dict]:
    """`attributes` and `excludedAttributes` (top-level names; id and schemas always stay)."""
    wanted = {a.strip().lower() for a in request.GET.get("attributes", "").split(",") if a}
    dropped = {a.strip().lower() for a in request.GET.get("excludedAttributes", "").split(",")}
    keep = {"id", "schemas", "meta"}
    return [
        {
            k: v
            for k, v in r.items()
            if (not wanted or k.lower() in wanted | keep) and (k.lower() not in dropped - keep)
        }
        for r in resources
    ]


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


# --- Users ----------------------------------------------------------------------------------


def _users(organisation):
    return ScimUser.objects.filter(organisation=organisation).select_related("person")


def _user_or_404(organisation, user_id: str) -> ScimUser:
    pk = _uuid_or_none(user_id)
    found = _users(organisation).filter(pk=pk).first() if pk else None
    if found is None:
        raise ScimRefused(404, f"No user {user_id}.")
    return found


def _user_response(user: ScimUser, status: int = 200) -> JsonResponse:
    resource = user_resources([_users(user.organisation).get(pk=user.pk)])[0]
    response = scim_json(resource, status)
    response["Location"] = resource["meta"]["location"]
    return response


@scim_endpoint
def users(request, organisation):
    if request.method == "POST":
        created = provision_users.create_user(organisation, desired_user(_body(request)),
                                     request.scim_client)  # fmt: skip
        return _user_response(created, 201)
    if request.method != "GET":
        return scim_error(405, "Use GET or POST.")
    found = filtered(_users(organisation), request.GET.get("filter", ""), USER_FIELDS)
    start, count = _page(request)
    page = list(found.order_by("user_name", "pk")[start - 1 : start - 1 + count])
    resources = _trim(user_resources(page), request) if count else []
    return scim_json(list_body(resources, found.count(), start))


@scim_endpoint
def user(request, organisation, user_id):
    found = _user_or_404(organisation, user_id)
    client = request.scim_client
    if request.method == "GET":
        return scim_json(_trim(user_resources([found]), request)[0])
    if request.method == "PUT":
        return _user_response(
            provision_users.replace_user(found, desired_user(_body(request)), client)
        )
    if request.method == "PATCH":
        before = user_resources([found])[0]
        after = apply_patch(before, _body(request))
        desired = desired_user(after)
        if desired.manager is None and "manager" in before[ENTERPRISE]:
            desired.manager = ""  # the PATCH removed the manager
        return _user_response(provision_users.replace_user(found, desired, client))
    if request.method == "DELETE":
        provision_users.delete_user(found, client)
        return HttpResponse(status=204)
    return scim_error(405, "Use GET, PUT, PATCH or DELETE.")


# --- Groups ---------------------------------------------------------------------------------


def _groups(organisation):
    return ScimGroup.objects.filter(organisation=organisation)


def _group_or_404(organisation, group_id: str) -> ScimGroup:
    pk = _uuid_or_none(group_id)
    found = _groups(organisation).select_related("unit").filter(pk=pk).first() if pk else None
    if found is None:
        raise ScimRefused(404, f"No group {group_id}.")
    return found


def _group_response(group: ScimGroup, status: int = 200) -> JsonResponse:
    resource = group_resources([_groups(group.organisation).get(pk=group.pk)])[0]
    response = scim_json(resource, status)
    response["Location"] = resource["meta"]["location"]
    return response


def _with_members(request) -> bool:
    excluded = request.GET.get("excludedAttributes", "").lower().split(",")
    wanted = request.GET.get("attributes", "").lower()
    return "members" not in excluded and (not wanted or "members" in wanted.split(","))


@scim_endpoint
def groups(request, organisation):
    if request.method == "POST":
        created = provision_groups.create_group(organisation, desired_group(_body(request)),
                                      request.scim_client)  # fmt: skip
        return _group_response(created, 201)
    if request.method != "GET":
        return scim_error(405, "Use GET or POST.")
    found = filtered(_groups(organisation), request.GET.get("filter", ""), GROUP_FIELDS)
    start, count = _page(request)
    page = list(found.order_by("display_name", "pk")[start - 1 : start - 1 + count])
    resources = group_resources(page, _with_members(request)) if count else []
    return scim_json(list_body(_trim(resources, request), found.count(), start))


@scim_endpoint
def group(request, organisation, group_id):
    found = _group_or_404(organisation, group_id)
    client = request.scim_client
    if request.method == "GET":
        resource = group_resources([found], _with_members(request))[0]
        return scim_json(_trim([resource], request)[0])
    if request.method == "PUT":
        desired = desired_group(_body(request))
        if desired.members is None:
            desired.members = []  # a PUT replaces: no members listed, none left
        return _group_response(provision_groups.replace_group(found, desired, client))
    if request.method == "PATCH":
        after = apply_patch(group_resources([found])[0], _body(request))
        return _group_response(provision_groups.replace_group(found, desired_group(after), client))
    if request.method == "DELETE":
        provision_groups.delete_group(found)
        return HttpResponse(status=204)
    return scim_error(405, "Use GET, PUT, PATCH or DELETE.")


# --- Discovery ------------------------------------------------------------------------------


@scim_endpoint
def provider_config(request, organisation):
    return scim_json(service_provider_config(MAX_COUNT))


@scim_endpoint
def resource_types(request, organisation):
    return scim_json(list_body(RESOURCE_TYPES, len(RESOURCE_TYPES), 1))


@scim_endpoint
def schemas(request, organisation):
    return scim_json(list_body(SCHEMAS, len(SCHEMAS), 1))
