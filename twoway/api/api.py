"""The JSON API (OpenAPI at /api/docs): the same scopes and suppression as the pages.

Authentication: the browser session, or `Authorization: Bearer <token>` for integrations.
Anything outside the caller's scope answers 404, as on the pages. A token's grant may make it
read-only or limit it to some endpoint families (403), and caps its requests a minute (429
with Retry-After). Lists are paged (`page`, `limit`; `X-Total-Count` and `Link` headers);
every answer has an ETag, and If-None-Match gives 304. See docs/api.md.
"""

from __future__ import annotations

from ninja.errors import Throttled

from .base import TwowayAPI
from .security import BearerToken, SessionAuth

api = TwowayAPI(
    title="twoway API",
    version="1",
    description=(
        "Units and people, campaigns with their participation, results and comments, pulse "
        "schedules, waves, trends and alerts, follow-up actions, business cases and the "
        "staffing calculator: scoped and suppressed as the pages are. See docs/api.md."
    ),
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
)
api.add_router("/", "twoway.voice.api.router")
api.add_router("/", "twoway.conversations.api.router")
api.add_router("/", "twoway.change.api.router")
api.add_router("/", "twoway.api.organisation.router")
api.add_router("/", "twoway.api.diagnostic.router")
api.add_router("/", "twoway.api.pulse.router")
api.add_router("/", "twoway.api.actions.router")
api.add_router("/", "twoway.api.casesapi.router")
api.add_router("/", "twoway.api.staffing.router")


@api.exception_handler(Throttled)
def too_many_requests(request, exc: Throttled):
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    if exc.wait is not None:
        response["Retry-After"] = str(int(exc.wait))
    return response
