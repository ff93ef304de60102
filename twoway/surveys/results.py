"""A campaign's results: stored answer counts through the pure release engine, stored once.

Suppression is decided once for the whole organisation, for every view and split together
(`twoway.insights.release`), and a user then sees the part their scope covers: a subset of a
safe release is safe too. Closed campaigns never change, so the release is computed once (by the
tick when the campaign closes, or by the first view) and kept as ResultSnapshot rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from twoway.insights.anonymity import effective_threshold
from twoway.insights.order import unlinkable_order
from twoway.insights.release import campaign_release
from twoway.org.models import Unit

from .holding import flush_held
from .hot import organisation_redactor
from .models import (
    SCALE_BOUNDS,
    AnswerCount,
    Campaign,
    Comment,
    Item,
    Lens,
    Response,
    ResultSnapshot,
)

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


def release_frame(campaign: Campaign) -> pl.DataFrame:
    """Every answer count of the campaign, with its three lenses and attributes, and a
    pseudo-item counting respondents (comment lists and participation follow its cells)."""
    columns = ["unit__path", "lens", *FILTERS, "item__code", "value", "count"]
    rows = list(AnswerCount.objects.filter(campaign=campaign).values_list(*columns))
    rows += respondent_rows(campaign)
    names = ["unit", "lens", *FILTERS, "item", "value", "count"]
    frame = pl.DataFrame(rows, schema=names, orient="row")
    if frame.is_empty():
        return frame
    return frame.with_columns(pl.col("unit").str.strip_chars("/"))


def respondent_rows(campaign: Campaign) -> list[tuple]:
    """Respondents per cell as rows of the pseudo-item: leaders count under both leader lenses
    (each leader gave both answers), so that "everyone" means the same people in both views."""
    keys = ["unit__path", "is_leader", *FILTERS]
    grouped = Response.objects.filter(campaign=campaign).values(*keys).annotate(n=Count("pk"))
    rows = []
    for r in grouped:
        lenses = (Lens.LEADER_NOW, Lens.LEADER_WANTED) if r["is_leader"] else (Lens.FRONTLINE,)
        for lens in lenses:
            rows.append((r["unit__path"], lens, *(r[f] for f in FILTERS), RESPONDENTS, 1, r["n"]))
    return rows


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
    """From this process's cache, else the stored snapshot, else the whole release computed
    once (every view and split together) and stored."""
    k = campaign_k(campaign)
    key = f"results:{campaign.pk}:{view}:{by}:{k}"
    records = cache.get(key)
    if records is not None:
        return records
    snapshot = ResultSnapshot.objects.filter(
        campaign=campaign, view=view, filter_by=by or "", threshold=k
    ).first()
    if snapshot is None:
        store_release(campaign)
        snapshot = ResultSnapshot.objects.get(
            campaign=campaign, view=view, filter_by=by or "", threshold=k
        )
    cache.set(key, snapshot.records, timeout=3600)
    return snapshot.records


def campaign_k(campaign: Campaign) -> int:
    """The campaign's k, or the organisation's when that has been raised since."""
    return effective_threshold(campaign.threshold, campaign.organisation.anonymity_threshold)


def store_release(campaign: Campaign) -> None:
    """Compute every view and split of a closed campaign at once and store them (idempotent:
    a concurrent computation of the same release keeps the first one stored)."""
    k = campaign_k(campaign)
    flush_held(campaign.pk, force=True)  # the last batch, if the tick has not written it yet
    release = compute_release(campaign, k)
    with transaction.atomic():
        for (view, by), records in release.items():
            ResultSnapshot.objects.get_or_create(
                campaign=campaign,
                view=view,
                filter_by=by or "",
                threshold=k,
                defaults={"records": records},
            )


def compute_release(campaign: Campaign, k: int) -> dict[tuple[str, str | None], list[dict]]:
    frame = release_frame(campaign)
    if frame.is_empty():
        return {(view, by): [] for view in VIEWS for by in (None, *FILTERS)}
    items = Item.objects.filter(template_id=campaign.template_id, kind__in=list(SCALE_BOUNDS))
    scales = {code: SCALE_BOUNDS[kind] for code, kind in items.values_list("code", "kind")}
    # A pulse wave is read team by team; a diagnostic by its organisation-wide report first.
    prefer = "teams" if is_pulse_wave(campaign) else "top"
    return campaign_release(frame, k, attributes=FILTERS, scales=scales, prefer=prefer)


def is_pulse_wave(campaign: Campaign) -> bool:
    return hasattr(campaign, "pulse_wave")


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
    """Redacted comments of a unit's subtree, in an order that depends on their words only
    (never on arrival or ids, which could tie a comment to when someone was seen answering)."""
    if unit_key(unit.path) not in comment_units(results):
        return []
    texts = (
        Comment.objects.filter(campaign=campaign, unit__path__startswith=unit.path)
        .exclude(redacted="")  # text deleted by retention: nothing to quote
        .values_list("redacted", flat=True)
    )
    # Redacted again with today's roster: someone who joined after the comment is named too.
    redactor = organisation_redactor(campaign.organisation_id)
    return unlinkable_order((redactor.redact(t) for t in texts), settings.SECRET_KEY.encode())
