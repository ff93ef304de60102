"""Pages of a list, with the standard headers: `X-Total-Count` (rows in all pages) and `Link`
(rel="first", "prev", "next", "last", RFC 8288), so that the body stays a plain JSON list."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

T = TypeVar("T")
DEFAULT_LIMIT = 100

PAGED: dict[str, Any] = {
    "responses": {
        200: {
            "headers": {
                "X-Total-Count": {
                    "description": "Rows in all pages together.",
                    "schema": {"type": "integer"},
                },
                "Link": {
                    "description": 'Other pages: rel="first", "prev", "next" and "last".',
                    "schema": {"type": "string"},
                },
            }
        }
    }
}


def paginate(
    request: HttpRequest,
    response: HttpResponse,
    rows: QuerySet | Sequence[T],
    page: int,
    limit: int | None,
) -> list:
    """Rows of page `page` (from 1) of `limit` rows each (None: all rows), with the headers."""
    total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    response["X-Total-Count"] = str(total)
    if limit is None:
        return list(rows)
    last = max(1, math.ceil(total / limit))
    links = {"first": 1, "last": last}
    if page > 1:
        links["prev"] = min(page - 1, last)
    if page < last:
        links["next"] = page + 1
    response["Link"] = ", ".join(
        f'<{_page_url(request, number, limit)}>; rel="{rel}"' for rel, number in links.items()
    )
    start = (page - 1) * limit
    return list(rows[start : start + limit])


def _page_url(request: HttpRequest, page: int, limit: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    query["limit"] = str(limit)
    return f"{request.path}?{query.urlencode()}"  # relative (RFC 8288 allows it): no Host trusted
