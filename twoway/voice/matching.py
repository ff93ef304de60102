"""Similar posts before posting: a per-process TF-IDF index of each organisation's posts.

The index (`twoway.insights.similar.SimilarIndex`) is fitted once per process and kept; posts
written since are appended at the next query (one indexed query for ids above the last one
seen), and the whole index is fitted again once the board has grown by a fifth, so that new
words count. Posts hidden, pending, merged or closed are filtered out of the answer, not out
of the index. Below `ALWAYS_REFIT_BELOW` posts the index is fitted again at each new post.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from twoway.insights.similar import SimilarIndex
from twoway.org.models import Organisation

from .models import OPEN_STATUSES, Moderation, Post

REFIT_GROWTH = 1.2
# Below this many posts a fit takes milliseconds: fit again on every new post, so that new
# words count at once; above it, append and fit again after 20% growth.
ALWAYS_REFIT_BELOW = 2000
SUGGESTIONS = 5
_lock = threading.Lock()


@dataclass
class _Entry:
    index: SimilarIndex
    last_pk: int


_indexes: dict[int, _Entry] = {}


def _texts(posts) -> tuple[list[int], list[str]]:
    ids, texts = [], []
    for pk, title, body in posts:
        ids.append(pk)
        texts.append(f"{title}. {title}. {body}")  # the title says what it is about: twice
    return ids, texts


def _rows(organisation_id: int, after: int = 0):
    return (
        Post.objects.filter(organisation_id=organisation_id, pk__gt=after)
        .order_by("pk")
        .values_list("pk", "title", "body")
    )


def index_for(organisation_id: int) -> SimilarIndex:
    with _lock:
        entry = _indexes.get(organisation_id)
        if entry is None:
            rows = list(_rows(organisation_id))
            entry = _Entry(SimilarIndex().fit(*_texts(rows)), rows[-1][0] if rows else 0)
            _indexes[organisation_id] = entry
            return entry.index
        new = list(_rows(organisation_id, entry.last_pk))
        if new:
            entry.last_pk = new[-1][0]
            index = entry.index
            grown = len(index) + len(new) > index.fitted_size_ * REFIT_GROWTH
            if grown or index.fitted_size_ < ALWAYS_REFIT_BELOW:
                _indexes.pop(organisation_id)
                return index_for_refit(organisation_id)
            index.add(*_texts(new))
        return entry.index


def index_for_refit(organisation_id: int) -> SimilarIndex:
    rows = list(_rows(organisation_id))
    entry = _Entry(SimilarIndex().fit(*_texts(rows)), rows[-1][0] if rows else 0)
    _indexes[organisation_id] = entry
    return entry.index


def clear_indexes() -> None:
    with _lock:
        _indexes.clear()


def similar_posts(
    organisation: Organisation, text: str, *, exclude: tuple[int, ...] = ()
) -> list[Post]:
    """Open, visible posts that say much the same as `text`, most similar first."""
    text = text.strip()
    if len(text) < 8:
        return []
    matches = index_for(organisation.pk).query(text, limit=SUGGESTIONS * 3, exclude=exclude)
    if not matches:
        return []
    ids = [m.id for m in matches]
    posts = Post.objects.filter(
        pk__in=ids,
        organisation=organisation,
        moderation=Moderation.VISIBLE,
        status__in=OPEN_STATUSES,
        merged_into__isnull=True,
    ).select_related("unit")
    by_id = {p.pk: p for p in posts}
    return [by_id[i] for i in ids if i in by_id][:SUGGESTIONS]
