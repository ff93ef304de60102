"""The voice API: posts, statuses, official answers and vote counts, scoped as the board.

Token or session authentication (`twoway.api`); any member of the organisation may read its
visible posts, as on the board. Vote counts under k are null with `votes_suppressed: true`.
Nothing here names an anonymous author or a voter, or orders posts by arrival.
"""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Schema

from twoway.org.access import scope_for
from twoway.org.api_errors import ERRORS
from twoway.org.models import Organisation

from .board import PAGE_SIZE, SORTS, Filters, filtered, k_for, shown_votes, visible_posts
from .identity import Viewer
from .models import Answer

router = Router(tags=["voice"])
MAX_LIMIT = 200


class AnswerOut(Schema):
    status: str
    text: str
    by: str
    on: str


class PostOut(Schema):
    code: str
    kind: str
    theme: str
    title: str
    text: str
    unit_id: int
    unit: str
    lens: str
    status: str
    posted_on: str
    up_votes: int | None
    down_votes: int | None
    votes_suppressed: bool
    cost_per_year: float | None
    fte: float | None
    signed_by: str | None
    merged_into: str | None
    answers: list[AnswerOut]


def viewer_of(request, slug: str) -> Viewer:
    organisation = Organisation.objects.filter(slug=slug).first()
    scope = scope_for(request.user, organisation) if organisation else None
    if scope is None:
        raise Http404
    return Viewer(organisation, scope.person, scope, "account")


def post_out(post, k: int) -> PostOut:
    up, down = shown_votes(post.up_votes, k), shown_votes(post.down_votes, k)
    answers: list[Answer] = list(post.answers.all())
    return PostOut(
        code=post.code,
        kind=post.kind,
        theme=post.theme,
        title=post.title,
        text=post.body,
        unit_id=post.unit_id,
        unit=post.unit.name,
        lens="leader" if post.is_leader else "frontline",
        status=post.status,
        posted_on=post.created_on.isoformat(),
        up_votes=up,
        down_votes=down,
        votes_suppressed=up is None or down is None,
        cost_per_year=None if post.cost_per_year is None else round(post.cost_per_year, 2),
        fte=None if post.fte is None else round(post.fte, 3),
        signed_by=post.author.full_name if post.author else None,
        merged_into=post.merged_into.code if post.merged_into else None,
        answers=[
            AnswerOut(
                status=a.status, text=a.text, by=a.by_label, on=a.created_at.date().isoformat()
            )
            for a in answers
        ],
    )


@router.get("/orgs/{slug}/voice/posts", response={200: list[PostOut], **ERRORS})
def list_posts(
    request,
    slug: str,
    sort: str = "hot",
    status: str = "open",
    kind: str = "",
    theme: str = "",
    page: int = 1,
    limit: int = PAGE_SIZE,
):
    """Visible posts of the board, one page at a time (`sort`: hot, confidence, money, votes,
    new; `status`: open, closed, all or one status)."""
    viewer = viewer_of(request, slug)
    filters = Filters.from_query(
        {"sort": sort, "status": status, "kind": kind, "theme": theme, "page": page}, None
    )
    limit = max(1, min(limit, MAX_LIMIT))
    start = (filters.page - 1) * limit
    posts = (
        filtered(visible_posts(viewer).filter(moderation="visible"), filters)
        .select_related("unit", "author", "merged_into")
        .prefetch_related("answers")
        .order_by(*SORTS[filters.sort])[start : start + limit]
    )
    k = k_for(viewer)
    rows = list(posts)
    for post in rows:
        post.organisation = viewer.organisation  # its settings are read once for all posts
    return [post_out(p, k) for p in rows]


@router.get("/orgs/{slug}/voice/posts/{code}", response={200: PostOut, **ERRORS})
def get_post(request, slug: str, code: str):
    viewer = viewer_of(request, slug)
    post = (
        visible_posts(viewer)
        .filter(moderation="visible", code=code)
        .select_related("unit", "author", "merged_into")
        .prefetch_related("answers")
        .first()
    )
    if post is None:
        raise Http404
    return post_out(post, k_for(viewer))
