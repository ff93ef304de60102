"""The hot and confidence scores stored on each post, from `twoway.insights.ranking`.

A post's scores change when someone votes (`rank_post`), and its hot score also as its votes
age, so the whole board is ranked again once a day (`refresh_rankings`, from tasks.py). The
votes of the window are counted from the ballots' days, never from anything finer.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from twoway.insights.ranking import DEFAULT_HOT_PERIOD_DAYS, confidence_score, hot_score

from .models import Ballot, Post
from .pricing import update_rows


def window_start(created_on: datetime.date, today: datetime.date) -> datetime.date:
    """The first day whose votes count for hot: the window is the age, 1 to 31 days."""
    age = max((today - created_on).days, 1)
    return today - datetime.timedelta(days=min(age, DEFAULT_HOT_PERIOD_DAYS))


def rank_post(post: Post, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    since = window_start(post.created_on, today)
    recent = Ballot.objects.filter(post=post, cast_on__gt=since).aggregate(
        up=Count("pk", filter=Q(value=1)), down=Count("pk", filter=Q(value=-1))
    )
    age = (today - post.created_on).days
    post.hot = float(hot_score(recent["up"], recent["down"], age))
    post.confidence = float(confidence_score(post.up_votes, post.down_votes))
    Post.objects.filter(pk=post.pk).update(hot=post.hot, confidence=post.confidence)


def refresh_rankings(organisation_id: int, today: datetime.date | None = None) -> int:
    """Rank every post of the organisation again; returns how many changed."""
    today = today or timezone.localdate()
    oldest = today - datetime.timedelta(days=DEFAULT_HOT_PERIOD_DAYS)
    recent: dict[int, tuple[int, int]] = {}
    ballots = (
        Ballot.objects.filter(post__organisation_id=organisation_id, cast_on__gt=oldest)
        .values("post_id", "post__created_on", "cast_on", "value")
        .annotate(n=Count("pk"))
    )
    for row in ballots.iterator(chunk_size=10_000):
        if row["cast_on"] <= window_start(row["post__created_on"], today):
            continue
        up, down = recent.get(row["post_id"], (0, 0))
        recent[row["post_id"]] = (
            (up + row["n"], down) if row["value"] == 1 else (up, down + row["n"])
        )
    changed = []
    posts = Post.objects.filter(organisation_id=organisation_id).values_list(
        "pk", "created_on", "up_votes", "down_votes", "hot", "confidence"
    )
    for pk, created_on, up_votes, down_votes, hot, confidence in posts.iterator(chunk_size=10_000):
        up, down = recent.get(pk, (0, 0))
        new_hot = float(hot_score(up, down, (today - created_on).days))
        new_confidence = float(confidence_score(up_votes, down_votes))
        if new_hot != hot or new_confidence != confidence:
            changed.append((new_hot, new_confidence, pk))
    update_rows(Post, ("hot", "confidence"), changed)
    return len(changed)
