"""The error answers every endpoint of the JSON API documents, whichever app defines it.

Defined here, at the bottom of the apps, so that an app's own router (voice, change, ...) and
the API's main module describe their errors with the same schemas.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema


class Message(Schema):
    """An error: 401 without a valid token or session, 404 for anything outside the caller's
    scope (as on the pages, never a hint), 409 when results are not ready."""

    detail: str


class ValidationErrors(Schema):
    """422: a path or query parameter of the wrong type; `detail` says which and why."""

    detail: list[dict[str, Any]]


ERRORS: dict[int, Any] = {401: Message, 404: Message, 422: ValidationErrors}
