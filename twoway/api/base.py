"""The API's NinjaAPI: ETags and conditional GET for every answer, the answers every operation
may give that no endpoint declares itself (403 and 429 from the token's grant, 304), and 422
errors that name a body field by its own name.

The ETag is a hash of the body, as Django's ConditionalGetMiddleware makes it: a client that
sends it back in If-None-Match gets 304 Not Modified with no body while the answer is the
same. Answers depend on who asks, so they are marked private and vary on the credentials: no
shared cache may hand one user's answer to another.
"""

from __future__ import annotations

import copy
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from ninja import NinjaAPI

SAFE_METHODS = ("GET", "HEAD")
MESSAGE = {"$ref": "#/components/schemas/Message"}
COMMON_ANSWERS: dict[int, Any] = {
    403: {
        "description": "The token's grant does not cover this call (read-only, or another "
        "endpoint family).",
        "content": {"application/json": {"schema": MESSAGE}},
    },
    429: {
        "description": "The token made more requests this minute than its grant allows.",
        "headers": {
            "Retry-After": {
                "description": "Seconds until the next minute starts.",
                "schema": {"type": "integer"},
            }
        },
        "content": {"application/json": {"schema": MESSAGE}},
    },
}
NOT_JSON = {
    "description": "The body is not JSON.",
    "content": {"application/json": {"schema": MESSAGE}},
}
NOT_MODIFIED = {"description": "Not modified: the answer still has the ETag sent in If-None-Match."}
IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "The ETag of an earlier answer: 304 while the answer is unchanged.",
    "schema": {"type": "string", "maxLength": 1000},
}
ETAG_HEADER = {"ETag": {"description": "A hash of this answer.", "schema": {"type": "string"}}}


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ("Authorization", "Cookie"))
    if request.method not in SAFE_METHODS or not 200 <= response.status_code < 300:
        return response
    patch_cache_control(response, private=True, no_cache=True)
    set_response_etag(response)
    return get_conditional_response(request, etag=response.get("ETag"), response=response)


class TwowayAPI(NinjaAPI):
    """NinjaAPI whose JSON answers carry ETags and honour If-None-Match."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return conditional(request, response)

    def validation_error_from_error_contexts(self, error_contexts):
        """A JSON body is one parameter to ninja, whose name it puts in each error's place:
        ["body", "payload", "name"]. The client never wrote "payload": name the field only."""
        error = super().validation_error_from_error_contexts(error_contexts)
        bodies = {
            next(iter(c.model.model_fields))
            for c in error_contexts
            if c.model.__ninja_param_source__ == "body" and len(c.model.model_fields) == 1
        }
        for entry in error.errors:
            loc = tuple(entry["loc"])
            if len(loc) > 2 and loc[0] == "body" and loc[1] in bodies:
                entry["loc"] = ("body", *loc[2:])
        return error

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                document_common_answers(method, operation)
        return schema


def document_common_answers(method: str, operation: dict[str, Any]) -> None:
    """Ninja keys answers by int status codes; so does this."""
    responses = operation.setdefault("responses", {})
    for code, answer in COMMON_ANSWERS.items():
        responses.setdefault(code, copy.deepcopy(answer))
    if "requestBody" in operation:
        responses.setdefault(400, copy.deepcopy(NOT_JSON))
    if method.upper() != "GET":
        return
    responses.setdefault(304, dict(NOT_MODIFIED))
    for code, answer in responses.items():
        if 200 <= int(code) < 300:
            answer.setdefault("headers", {}).update(copy.deepcopy(ETAG_HEADER))
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("name") == "If-None-Match" for p in parameters):
        parameters.append(dict(IF_NONE_MATCH))
