"""The error answers every endpoint of the JSON API documents, whichever app defines it.

Defined here, at the bottom of the apps, so that an app's own router (voice, change, ...) and
the API's main module describe their errors with the same schemas.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from ninja.errors import ValidationError


class Message(Schema):
    """An error: 400 for a body that is not JSON, 401 without a valid token or session, 403
    when the token's grant does not cover the call, 404 for anything outside the caller's scope
    (as on the pages, never a hint), 409 when results are not ready, 429 past the token's
    requests a minute (with Retry-After)."""

    detail: str


class ValidationErrors(Schema):
    """422: a parameter or body field of the wrong type, out of range or too long; each entry
    of `detail` names it in `loc` (["query", "limit"], ["body", "baseline", "shrinkage"])."""

    detail: list[dict[str, Any]]


ERRORS: dict[int, Any] = {401: Message, 404: Message, 422: ValidationErrors}


def field_error(loc: list[str], message: str) -> ValidationError:
    """A 422 in the shape of ValidationErrors, naming the field refused by a rule of the app
    (not of the schema): loc is ["body", "units"], ["query", "weeks"], ..."""
    return ValidationError([{"type": "value_error", "loc": loc, "msg": message}])
