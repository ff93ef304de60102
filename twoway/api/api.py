"""The JSON API (OpenAPI at /api/docs): the same scopes and suppression as the pages.

Authentication: the browser session, or `Authorization: Bearer <token>` for integrations.
Anything outside the caller's scope answers 404, as on the pages.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from twoway.change.api import router as change_router
from twoway.org.access import Scope, scope_for
from twoway.org.api_errors import ERRORS, Message
from twoway.org.models import Organisation
from twoway.surveys.audience import participation
from twoway.surveys.models import Campaign
from twoway.surveys.results import RESPONDENTS, VIEWS, ResultsNotReady, campaign_results, unit_key

from .models import ApiToken, hash_key


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_key(token)).first()
        if found is None or not found.user.is_active:
            return None
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    param_name = "sessionid"

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


api = NinjaAPI(
    title="twoway API",
    version="1",
    description="Organisations, units, campaigns, participation and suppressed results.",
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
)
api.add_router("/", "twoway.voice.api.router")
api.add_router("/", "twoway.conversations.api.router")
api.add_router("", change_router)


def leader_scope(request, slug: str) -> Scope:
    organisation = Organisation.objects.filter(slug=slug).first()
    scope = scope_for(request.user, organisation) if organisation else None
    if scope is None or not scope.sees_people:
        raise Http404
    return scope


def scoped_campaign(scope: Scope, campaign_id: int) -> Campaign:
    campaign = Campaign.objects.filter(pk=campaign_id, organisation=scope.organisation).first()
    if campaign is None:
        raise Http404
    return campaign


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    is_virtual: bool


class CampaignOut(Schema):
    id: int
    name: str
    status: str
    opens_at: str
    closes_at: str
    threshold: int


class ParticipationOut(Schema):
    unit_id: int
    unit: str
    invited: int
    responded: int | None  # null: not shown (live, or hidden by the release)
    rate: float | None  # live: the share up to yesterday, rounded down to a tenth
    live: bool


@api.get("/orgs/{slug}/units", response={200: list[UnitOut], **ERRORS}, tags=["organisation"])
def list_units(request, slug: str):
    """Units in the caller's scope, in tree order."""
    return leader_scope(request, slug).units().order_by("path")


@api.get("/orgs/{slug}/campaigns", response={200: list[CampaignOut], **ERRORS}, tags=["diagnostic"])
def list_campaigns(request, slug: str):
    scope = leader_scope(request, slug)
    return [
        CampaignOut(
            id=c.pk,
            name=c.name,
            status=c.status,
            opens_at=c.opens_at.isoformat(),
            closes_at=c.closes_at.isoformat(),
            threshold=c.threshold,
        )
        for c in Campaign.objects.filter(organisation=scope.organisation)
    ]


@api.get(
    "/orgs/{slug}/campaigns/{campaign_id}/participation",
    response={200: list[ParticipationOut], **ERRORS},
    tags=["diagnostic"],
)
def campaign_participation(request, slug: str, campaign_id: int):
    """Invited and answered per unit of the caller's scope: counts, never who; while the
    campaign runs, a share up to yesterday in tenths for big units only."""
    scope = leader_scope(request, slug)
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


@api.get(
    "/orgs/{slug}/campaigns/{campaign_id}/results",
    response={200: dict[str, Any], 409: Message, **ERRORS},
    tags=["diagnostic"],
)
def campaign_results_json(request, slug: str, campaign_id: int, view: str = "now"):
    """One record per cell of the caller's units (and the organisation as a whole, unit "").

    Suppressed cells carry `suppressed: true` and a reason, never figures. Units are given by
    id; `unit_path` lists the ids from the root.
    """
    if view not in VIEWS:
        raise Http404
    scope = leader_scope(request, slug)
    campaign = scoped_campaign(scope, campaign_id)
    try:
        results = campaign_results(campaign, view)
    except ResultsNotReady:
        raise HttpError(409, "Results appear when the campaign closes.") from None
    visible = {unit_key(u.path): u for u in scope.units()}
    records: list[dict[str, Any]] = []
    for record in results.records:
        if record["item"] == RESPONDENTS or record["unit"] not in visible:
            continue
        unit = visible[record["unit"]]
        records.append(
            {**record, "unit_id": unit.pk, "unit": unit.name, "unit_path": record["unit"]}
        )
    return {
        "campaign": campaign.pk,
        "view": view,
        "threshold": campaign.threshold,
        "records": records,
    }
