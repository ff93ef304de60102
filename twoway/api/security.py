"""Who is calling the API, what their token may call, and how often.

A bearer token acts as its user, never more: every endpoint still applies the user's scope.
On top of it, a token's grant (`twoway.api_grants`) can make it read-only, limit it to some
endpoint families, and sets its requests per minute. A browser session has its user's scope
and no rate limit (the pages have none either).

An endpoint family is the first part of its path after the organisation: `units`, `people`,
`campaigns`, `pulse`, `actions`, `cases`, `voice` (and `staffing` for /api/staffing/...),
so a family added by another app's router is scoped the same way without a change here.
"""

from __future__ import annotations

import time

from django.http import HttpRequest
from ninja.errors import HttpError, Throttled
from ninja.security import APIKeyCookie, HttpBearer

from twoway.api_grants.services import count_request, limits_of

from .models import ApiToken, hash_key

MAX_KEY_LENGTH = 200


def family_of_route(route: str) -> str:
    """The endpoint family of a URL route: "api/orgs/<slug>/pulse/alerts" gives "pulse"."""
    parts = [p for p in route.split("/") if p]
    if parts[:1] == ["api"]:
        parts = parts[1:]
    if parts[:2] == ["orgs", "<slug>"]:
        parts = parts[2:]
    return parts[0] if parts else ""


def family_of(request: HttpRequest) -> str:
    match = request.resolver_match
    return family_of_route(match.route) if match is not None else ""


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        if not token or len(token) > MAX_KEY_LENGTH:
            return None
        found = (
            ApiToken.objects.select_related("user", "grant")
            .filter(key_hash=hash_key(token))
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        limits = limits_of(found)
        wait = count_request(found, limits.requests_per_minute, time.time())
        if wait is not None:
            raise Throttled(wait=int(wait))
        family = family_of(request)
        if not limits.allows(family, request.method or "GET"):
            raise HttpError(403, refusal(limits, family))
        request.user = found.user
        request.api_token = found
        return found.user


def refusal(limits, family: str) -> str:
    if limits.scopes and family not in limits.scopes:
        allowed = ", ".join(limits.scopes)
        return f"This token may call only these endpoint families: {allowed}."
    return "This token is read-only: it may only read (GET)."


class SessionAuth(APIKeyCookie):
    param_name = "sessionid"

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None
