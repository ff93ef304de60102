"""Campaigns (diagnostics and pulse waves), their participation, results and comments.

Results are the campaign's one release (`twoway.surveys.results`), cut to the caller's units
exactly as the heatmap and the CSV export cut it: a suppressed cell carries `suppressed: true`
and its reason, never a figure.
"""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from twoway.org.access import Scope, get_leader_scope_or_404, get_unit_in_scope_or_404
from twoway.org.api_errors import ERRORS, Message
from twoway.surveys.access import get_campaign_or_404
from twoway.surveys.audience import participation
from twoway.surveys.models import Campaign
from twoway.surveys.results import (
    RESPONDENTS,
    ResultsNotReady,
    campaign_results,
    comments_for,
    unit_key,
)

from .paging import DEFAULT_LIMIT, PAGED, paginate
from .params import Limit, OptionalLimit, Page, Slug, path_id, query_id, query_text

router = Router(tags=["diagnostic"])

Status = Literal["draft", "scheduled", "open", "closed"]
CampaignKind = Literal["diagnostic", "pulse"]
View = Literal["now", "wanted"]
Split = Literal["tenure_band", "work_location", "language"]
ResultLens = Literal["frontline", "leader", "all"]
NOT_READY = "Results appear when the campaign closes."


class CampaignOut(Schema):
    id: int
    name: str
    status: str
    opens_at: str
    closes_at: str
    threshold: int
    kind: str  # "diagnostic" or "pulse" (a wave of a pulse schedule)
    languages: list[str]
    pulse_schedule_id: int | None
    wave_number: int | None


class ParticipationOut(Schema):
    unit_id: int
    unit: str
    invited: int
    responded: int | None  # null: not shown (live, or hidden by the release)
    rate: float | None  # live: the share up to yesterday, rounded down to a tenth
    live: bool


class CommentsOut(Schema):
    campaign: int
    unit_id: int
    comments: list[str]


def status_filter(status: str) -> Q:
    """Campaigns whose `Campaign.status` is `status`, as a database filter."""
    now = timezone.now()
    launched = Q(launched=True)
    return {
        "draft": Q(launched=False),
        "scheduled": launched & Q(opens_at__gt=now),
        "open": launched & Q(opens_at__lte=now, closes_at__gt=now),
        "closed": launched & Q(closes_at__lte=now),
    }[status]


def campaign_out(campaign: Campaign) -> CampaignOut:
    wave = getattr(campaign, "pulse_wave", None)
    return CampaignOut(
        id=campaign.pk,
        name=campaign.name,
        status=campaign.status,
        opens_at=campaign.opens_at.isoformat(),
        closes_at=campaign.closes_at.isoformat(),
        threshold=campaign.threshold,
        kind="pulse" if wave is not None else "diagnostic",
        languages=list(campaign.languages or []),
        pulse_schedule_id=wave.schedule_id if wave is not None else None,
        wave_number=wave.number if wave is not None else None,
    )


@router.get(
    "/orgs/{slug}/campaigns", response={200: list[CampaignOut], **ERRORS}, openapi_extra=PAGED
)
def list_campaigns(
    request,
    response: HttpResponse,
    slug: Slug,
    status: Status | None = None,
    kind: CampaignKind | None = None,
    page: Page = 1,
    limit: OptionalLimit = None,
):
    """Campaigns of the organisation, newest first: diagnostics and pulse waves."""
    scope = get_leader_scope_or_404(request, slug)
    campaigns = Campaign.objects.filter(organisation=scope.organisation).select_related(
        "pulse_wave"
    )
    if status:
        campaigns = campaigns.filter(status_filter(status))
    if kind:
        campaigns = campaigns.filter(pulse_wave__isnull=kind == "diagnostic")
    return [campaign_out(c) for c in paginate(request, response, campaigns, page, limit)]


@router.get("/orgs/{slug}/campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS})
def get_campaign(request, slug: Slug, campaign_id: path_id("campaign")):
    scope = get_leader_scope_or_404(request, slug)
    return campaign_out(scoped_campaign(scope, campaign_id))


def scoped_campaign(scope: Scope, campaign_id: int) -> Campaign:
    return get_campaign_or_404(scope, campaign_id)


@router.get(
    "/orgs/{slug}/campaigns/{campaign_id}/participation",
    response={200: list[ParticipationOut], **ERRORS},
)
def campaign_participation(request, slug: Slug, campaign_id: path_id("campaign")):
    """Invited and answered per unit of the caller's scope: counts, never who; while the
    campaign runs, a share up to yesterday in tenths for big units only."""
    scope = get_leader_scope_or_404(request, slug)
    campaign = scoped_campaign(scope, campaign_id)
    rows = participation(campaign, list(scope.units().order_by("path")))
    return [
        ParticipationOut(
            unit_id=r.unit.pk,
            unit=r.unit.name,
            invited=r.invited,
            responded=r.responded,
            rate=r.rate,
            live=r.live,
        )
        for r in rows
    ]


@router.get(
    "/orgs/{slug}/campaigns/{campaign_id}/results",
    response={200: dict[str, Any], 409: Message, **ERRORS},
)
def campaign_results_json(
    request,
    slug: Slug,
    campaign_id: path_id("campaign"),
    view: View = "now",
    by: Split | None = None,
    unit_id: query_id("Only this unit's cells.") = None,
    item: query_text("Only this item's cells (its code).") = "",
    lens: ResultLens | None = None,
):
    """One record per cell of the caller's units (and the organisation as a whole, unit "").

    Suppressed cells carry `suppressed: true` and a reason, never figures. Units are given by
    id; `unit_path` lists the ids from the root. With `by`, each record also names its group
    of the split (tenure band, work location or language) under that key.
    """
    scope = get_leader_scope_or_404(request, slug)
    campaign = scoped_campaign(scope, campaign_id)
    only_unit = get_unit_in_scope_or_404(scope, unit_id) if unit_id is not None else None
    try:
        results = campaign_results(campaign, view, by)
    except ResultsNotReady:
        raise HttpError(409, NOT_READY) from None
    visible = {unit_key(u.path): u for u in scope.units()}
    records: list[dict[str, Any]] = []
    for record in results.records:
        if record["item"] == RESPONDENTS or record["unit"] not in visible:
            continue
        unit = visible[record["unit"]]
        if only_unit is not None and unit.pk != only_unit.pk:
            continue
        if (item and record["item"] != item) or (lens and record["lens"] != lens):
            continue
        records.append(
            {**record, "unit_id": unit.pk, "unit": unit.name, "unit_path": record["unit"]}
        )
    return {
        "campaign": campaign.pk,
        "view": view,
        "by": by,
        "threshold": campaign.threshold,
        "records": records,
    }


@router.get(
    "/orgs/{slug}/campaigns/{campaign_id}/comments/{unit_id}",
    response={200: CommentsOut, 409: Message, **ERRORS},
    openapi_extra=PAGED,
)
def campaign_comments(
    request,
    response: HttpResponse,
    slug: Slug,
    campaign_id: path_id("campaign"),
    unit_id: path_id("unit"),
    page: Page = 1,
    limit: Limit = DEFAULT_LIMIT,
):
    """The unit subtree's comments, redacted, in an order that says nothing about who wrote
    them or when; empty where the unit's respondents are not shown, as on the page."""
    scope = get_leader_scope_or_404(request, slug)
    campaign = scoped_campaign(scope, campaign_id)
    unit = scope.units().filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    try:
        results = campaign_results(campaign, "now")
    except ResultsNotReady:
        raise HttpError(409, NOT_READY) from None
    comments = comments_for(campaign, unit, results)
    return CommentsOut(
        campaign=campaign.pk,
        unit_id=unit.pk,
        comments=paginate(request, response, comments, page, limit),
    )
