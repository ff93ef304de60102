"""The board: one page of posts for any sort and filter, in a constant number of queries.

Sorts read columns kept on each post (vote counts, hot and confidence, the yearly money of a
workaround), each behind an index, so the first page of 50,000 posts is a short index scan.
"New" sorts by the day and then by a random number drawn at posting, never by id or arrival.
Vote counts under k are shown as "fewer than k", whatever the count (`shown_votes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from twoway.org.models import Unit

from .headcounts import threshold
from .identity import VOTE, Viewer
from .models import OPEN_STATUSES, Answer, Ballot, Kind, Moderation, Post, Status, Theme

PAGE_SIZE = 20
SORTS = {
    "hot": (F("hot").desc(), F("up_votes").desc(), "shuffle", "pk"),
    "confidence": (F("confidence").desc(), F("up_votes").desc(), "shuffle", "pk"),
    "money": (F("hours_per_year").desc(nulls_last=True), F("hot").desc(), "shuffle", "pk"),
    "votes": (F("up_votes").desc(), F("hot").desc(), "shuffle", "pk"),
    "new": (F("created_on").desc(), "shuffle", "pk"),
}
STATUS_GROUPS = {"open": OPEN_STATUSES, "closed": (Status.DONE, Status.DECLINED)}


@dataclass
class Filters:
    unit: Unit | None = None
    kind: str = ""
    status: str = "open"
    theme: str = ""
    sort: str = "hot"
    page: int = 1

    @classmethod
    def from_query(cls, params, unit: Unit | None) -> Filters:
        kind = params.get("kind", "")
        status = params.get("status", "open")
        theme = params.get("theme", "")
        sort = params.get("sort", "hot")
        try:
            page = max(1, min(int(params.get("page", 1)), 10_000))
        except ValueError:
            page = 1
        return cls(
            unit=unit,
            kind=kind if kind in Kind.values else "",
            status=status if status in (*STATUS_GROUPS, *Status.values, "all") else "open",
            theme=theme if theme in Theme.values else "",
            sort=sort if sort in SORTS else "hot",
            page=page,
        )


def visible_posts(viewer: Viewer) -> QuerySet[Post]:
    """Posts the viewer may see: visible ones, and to moderators also the rest."""
    posts = Post.objects.filter(organisation=viewer.organisation)
    if not viewer.is_moderator:
        posts = posts.filter(moderation=Moderation.VISIBLE)
    return posts


def filtered(posts: QuerySet[Post], filters: Filters) -> QuerySet[Post]:
    if filters.unit is not None:
        posts = posts.filter(unit__path__startswith=filters.unit.path)
    if filters.kind:
        posts = posts.filter(kind=filters.kind)
    if filters.status in STATUS_GROUPS:
        posts = posts.filter(status__in=STATUS_GROUPS[filters.status])
    elif filters.status in Status.values:
        posts = posts.filter(status=filters.status)
    if filters.theme:
        posts = posts.filter(theme=filters.theme)
    if filters.sort == "money":
        posts = posts.filter(kind=Kind.WORKAROUND)
    return posts


@dataclass
class BoardPage:
    posts: list[Post]
    has_next: bool
    votes_left: int | None
    mine: dict[int, int] = field(default_factory=dict)  # post id -> the viewer's own vote


def board_page(viewer: Viewer, filters: Filters, base: QuerySet[Post] | None = None) -> BoardPage:
    """Posts of one page with their unit and latest answer, the viewer's own votes on them,
    and what is left of their budget: four queries whatever the board holds."""
    posts = filtered(base if base is not None else visible_posts(viewer), filters)
    start = (filters.page - 1) * PAGE_SIZE
    rows = list(
        posts.select_related("unit", "author", "merged_into")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.order_by("-created_at", "-pk"))
        )
        .order_by(*SORTS[filters.sort])[start : start + PAGE_SIZE + 1]
    )
    page = BoardPage(rows[:PAGE_SIZE], len(rows) > PAGE_SIZE, None)
    dress(page.posts, k_for(viewer), viewer.organisation)
    key = viewer.key(VOTE)
    if key is not None:
        ballots = Ballot.objects.filter(voter=key)
        page.mine = dict(
            ballots.filter(post_id__in=[p.pk for p in page.posts]).values_list("post_id", "value")
        )
        from .pricing import settings_for

        budget = settings_for(viewer.organisation).vote_budget
        used = ballots.filter(
            post__status__in=OPEN_STATUSES, post__merged_into__isnull=True
        ).count()
        page.votes_left = max(budget - used, 0)
    for post in page.posts:
        post.my_vote = page.mine.get(post.pk, 0)
    return page


def dress(posts: list[Post], k: int, organisation) -> list[Post]:
    """What a card shows, computed once: counts under k as None, the latest answer; the
    viewer's organisation object (with its settings read once) serves every card's money."""
    for post in posts:
        post.organisation = organisation
        post.shown_up = shown_votes(post.up_votes, k)
        post.shown_down = shown_votes(post.down_votes, k)
        post.latest = latest_answer(post)
    return posts


def shown_votes(count: int, k: int) -> int | None:
    """The count when it is at least k; None ("fewer than k") otherwise, even for 0."""
    return count if count >= k else None


def latest_answer(post: Post) -> Answer | None:
    answers = list(post.answers.all())
    return answers[0] if answers else None


def top_open_posts(viewer: Viewer, unit: Unit, limit: int = 5) -> list[Post]:
    """The hottest open posts labelled with `unit` or a unit under it (a leader's home)."""
    posts = visible_posts(viewer).filter(
        Q(unit__path__startswith=unit.path), status__in=OPEN_STATUSES, merged_into__isnull=True
    )
    rows = posts.select_related("unit").prefetch_related("answers").order_by(*SORTS["hot"])
    return dress(list(rows[:limit]), k_for(viewer), viewer.organisation)


def ensure_daily(organisation) -> None:
    """Enqueue the day's ranking once, from the first board view of the day."""
    from .pricing import settings_for
    from .tasks import voice_daily

    today = timezone.localdate()
    voice_settings = settings_for(organisation)
    if voice_settings.ranked_on == today:
        return
    updated = type(voice_settings).objects.filter(pk=voice_settings.pk).exclude(ranked_on=today)
    if updated.update(ranked_on=today):
        voice_daily.enqueue(organisation.pk)


def k_for(viewer: Viewer) -> int:
    return threshold(viewer.organisation)
