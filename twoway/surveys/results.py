"""A campaign's results: stored answer counts through the pure gap engine, cached.

Suppression is decided once for the whole organisation's table and a user then sees the part
of it their scope covers: a subset of a table that is safe against subtraction is safe too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from twoway.insights import gap_results
from twoway.org.models import Unit

from .models import AnswerCount, Campaign, Comment, Item, Lens, Response, ResultSnapshot

VIEWS = {
    "now": Lens.LEADER_NOW,  # leaders' belief about today against the frontline's experience
    "wanted": Lens.LEADER_WANTED,  # leaders' wanted outcome against the frontline's experience
}
FILTERS = ("tenure_band", "work_location", "language")
RESPONDENTS = "respondents"  # the pseudo-item counting people rather than answers


def unit_key(unit_path: str) -> str:
    """The engine's unit path ("1/4/17") from a materialised path ("/1/4/17/")."""
    return unit_path.strip("/")


@dataclass
class CampaignResults:
    campaign: Campaign
    view: str
    by: str | None
    records: list[dict[str, Any]]
    units: dict[str, Unit] = field(default_factory=dict)  # engine path -> unit
    items: dict[str, Item] = field(default_factory=dict)

    def cell(self, unit: str, lens: str, item: str, group=None) -> dict[str, Any] | None:
        return self._index().get((unit, lens, item, group))

    def _index(self) -> dict:
        if not hasattr(self, "_by_key"):
            key = self.by
            self._by_key = {
                (r["unit"], r["lens"], r["item"], r.get(key) if key else None): r
                for r in self.records
            }
        return self._by_key


def counts_frame(campaign: Campaign, view: str, by: str | None) -> pl.DataFrame:
    leader_lens = VIEWS[view]
    rows = AnswerCount.objects.filter(
        campaign=campaign, lens__in=[Lens.FRONTLINE, leader_lens]
    ).values_list("unit__path", "lens", "item__code", "value", "count", *([by] if by else []))
    columns = ["unit", "lens", "item", "value", "count", *([by] if by else [])]
    frame = pl.DataFrame([*rows, *respondent_rows(campaign, by)], schema=columns, orient="row")
    if frame.is_empty():
        return frame
    return frame.with_columns(
        pl.col("unit").str.strip_chars("/"),
        pl.when(pl.col("lens") == Lens.FRONTLINE)
        .then(pl.lit("frontline"))
        .otherwise(pl.lit("leader"))
        .alias("lens"),
    )


def respondent_rows(campaign: Campaign, by: str | None) -> list[tuple]:
    """A pseudo-item counting respondents per cell: comment lists follow its suppression."""
    keys = ["unit__path", "is_leader", *([by] if by else [])]
    rows = Response.objects.filter(campaign=campaign).values(*keys).annotate(n=Count("pk"))
    return [
        (
            r["unit__path"],
            Lens.LEADER_NOW if r["is_leader"] else Lens.FRONTLINE,
            RESPONDENTS,
            1,
            r["n"],
            *([r[by]] if by else []),
        )
        for r in rows
    ]


class ResultsNotReady(Exception):
    """Results of a campaign are shown once it has closed.

    While answers still arrive, two looks at the same cell a few minutes apart would differ by
    one person's answers: exactly the subtraction the privacy model forbids.
    """


def campaign_results(campaign: Campaign, view: str = "now", by: str | None = None):
    if view not in VIEWS or (by is not None and by not in FILTERS):
        raise ValueError("unknown view or filter")
    if campaign.status != Campaign.Status.CLOSED:
        raise ResultsNotReady
    records = stored_records(campaign, view, by)
    units = {unit_key(u.path): u for u in Unit.objects.filter(organisation=campaign.organisation)}
    items = {i.code: i for i in Item.objects.filter(template_id=campaign.template_id)}
    return CampaignResults(campaign, view, by, records, units, items)


def stored_records(campaign: Campaign, view: str, by: str | None) -> list[dict[str, Any]]:
    """From this process's cache, else the stored snapshot, else computed once and stored."""
    key = f"results:{campaign.pk}:{view}:{by}:{campaign.threshold}"
    records = cache.get(key)
    if records is not None:
        return records
    snapshot = ResultSnapshot.objects.filter(
        campaign=campaign, view=view, filter_by=by or "", threshold=campaign.threshold
    ).first()
    if snapshot is None:
        records = compute_records(campaign, view, by)
        with transaction.atomic():
            snapshot, _ = ResultSnapshot.objects.get_or_create(
                campaign=campaign,
                view=view,
                filter_by=by or "",
                threshold=campaign.threshold,
                defaults={"records": records},
            )
    cache.set(key, snapshot.records, timeout=3600)
    return snapshot.records


def compute_records(campaign: Campaign, view: str, by: str | None) -> list[dict[str, Any]]:
    frame = counts_frame(campaign, view, by)
    return [] if frame.is_empty() else gap_results(frame, campaign.threshold, by=by)


def comment_units(results: CampaignResults) -> set[str]:
    """Units whose comments may be read: where the respondents' 'all' cell is shown.

    The engine has checked those cells against subtraction, so the difference between two
    shown comment lists always comes from k or more people (or none).
    """
    return {
        r["unit"]
        for r in results.records
        if r["item"] == RESPONDENTS and r["lens"] == "all" and not r["suppressed"]
    }


def comments_for(campaign: Campaign, unit: Unit, results: CampaignResults) -> list[str]:
    """Redacted comments of a unit's subtree, in a stable shuffled order (not arrival order,
    which could help tie a comment to when someone was seen answering)."""
    if unit_key(unit.path) not in comment_units(results):
        return []
    comments = Comment.objects.filter(
        campaign=campaign, unit__path__startswith=unit.path
    ).values_list("pk", "redacted")
    return [text for _, text in sorted(comments, key=lambda c: (c[0] * 2654435761) % 2**32)]
