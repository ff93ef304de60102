"""The parameter types every endpoint shares, bounded so that a bad value is a 422 naming the
parameter, never a database error: ids within the database's integers, slugs as organisations
spell them, free text short and free of control characters."""

from __future__ import annotations

from typing import Annotated

from ninja import Path, Query

from twoway.org.access import MAX_ID

SLUG_PATTERN = r"^[-a-zA-Z0-9_]{1,60}$"
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
MAX_QUERY_TEXT = 100
MAX_PAGE = 100_000
MAX_LIMIT = 1000

Slug = Annotated[
    str, Path(pattern=SLUG_PATTERN, max_length=60, description="The organisation's short name.")
]


def path_id(what: str):
    return Annotated[int, Path(ge=1, le=MAX_ID, description=f"The {what}'s id.")]


def query_id(what: str):
    return Annotated[int | None, Query(ge=1, le=MAX_ID, description=what)]


def query_text(what: str):
    return Annotated[str, Query(max_length=MAX_QUERY_TEXT, pattern=TEXT_PATTERN, description=what)]


Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")]
OptionalLimit = Annotated[
    int | None,
    Query(ge=1, le=MAX_LIMIT, description="Rows per page; leave out for every row (version 1)."),
]
