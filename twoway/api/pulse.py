"""Pulse schedules, their waves, a unit's trend and the open alerts, as the pulse pages read
them: every figure is a cell of its wave's release (`twoway.pulse.trends`), null where hidden."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from ninja import Router, Schema

from twoway.org.access import get_leader_scope_or_404, get_unit_in_scope_or_404
from twoway.org.api_errors import ERRORS
from twoway.pulse.access import get_alert_or_404, get_schedule_or_404, open_alerts
from twoway.pulse.alerts import describe_alert, item_texts
from twoway.pulse.models import PulseSchedule, PulseWave
from twoway.pulse.services import acknowledge_alert
from twoway.pulse.trends import Cell, unit_trend

from .paging import DEFAULT_LIMIT, PAGED, paginate
from .params import Limit, Page, Slug, path_id, query_id

router = Router(tags=["pulse"])


class ScheduleOut(Schema):
    id: int
    name: str
    cadence: str
    weekday: int
    hour: int
    open_days: int
    threshold: int  # the k that applies: the schedule's or the organisation's, if higher
    languages: list[str]
    starts_on: str
    active: bool


class WaveOut(Schema):
    number: int
    campaign_id: int
    status: str
    opens_at: str
    closes_at: str


class CellOut(Schema):
    value: float | None  # null: hidden (or not asked that wave)
    change: float | None  # against the unit's trailing baseline, where both are shown
    asked: bool
    hidden: bool


class ItemCellOut(CellOut):
    code: str


class TrendWaveOut(Schema):
    number: int
    campaign_id: int
    closed_on: str
    respondents: int | None
    invited: int
    participation: float | None
    overall: CellOut
    enps: CellOut
    enps_split: list[float] | None  # promoters, passives, detractors (%)
    items: list[ItemCellOut]


class TrendItemOut(Schema):
    code: str
    text: str
    reverse: bool


class TrendOut(Schema):
    unit_id: int
    unit: str
    schedule_id: int
    threshold: int
    items: list[TrendItemOut]
    waves: list[TrendWaveOut]


class AlertOut(Schema):
    id: int
    kind: str
    unit_id: int
    unit: str
    schedule_id: int
    wave_number: int
    item_code: str
    value: float | None
    baseline: float | None
    change: float | None
    text: str
    acknowledged: bool


def schedule_out(schedule: PulseSchedule) -> ScheduleOut:
    return ScheduleOut(
        id=schedule.pk,
        name=schedule.name,
        cadence=schedule.cadence,
        weekday=schedule.weekday,
        hour=schedule.hour,
        open_days=schedule.open_days,
        threshold=schedule.k,
        languages=list(schedule.languages or []),
        starts_on=schedule.starts_on.isoformat(),
        active=schedule.active,
    )


def leader_schedule(request, slug: str, schedule_id: int):
    scope = get_leader_scope_or_404(request, slug)
    schedule = get_schedule_or_404(scope, schedule_id)
    schedule.organisation = scope.organisation
    return scope, schedule


@router.get(
    "/orgs/{slug}/pulse/schedules",
    response={200: list[ScheduleOut], **ERRORS},
    openapi_extra=PAGED,
)
def list_schedules(
    request, response: HttpResponse, slug: Slug, page: Page = 1, limit: Limit = DEFAULT_LIMIT
):
    scope = get_leader_scope_or_404(request, slug)
    schedules = PulseSchedule.objects.filter(organisation=scope.organisation)
    rows = paginate(request, response, schedules, page, limit)
    for schedule in rows:
        schedule.organisation = scope.organisation  # no query per schedule for its k
    return [schedule_out(s) for s in rows]


@router.get("/orgs/{slug}/pulse/schedules/{schedule_id}", response={200: ScheduleOut, **ERRORS})
def get_schedule(request, slug: Slug, schedule_id: path_id("schedule")):
    return schedule_out(leader_schedule(request, slug, schedule_id)[1])


@router.get(
    "/orgs/{slug}/pulse/schedules/{schedule_id}/waves",
    response={200: list[WaveOut], **ERRORS},
    openapi_extra=PAGED,
)
def list_waves(
    request,
    response: HttpResponse,
    slug: Slug,
    schedule_id: path_id("schedule"),
    page: Page = 1,
    limit: Limit = DEFAULT_LIMIT,
):
    """The schedule's waves by number; each wave is a campaign (its participation and results
    are the campaign's endpoints)."""
    _scope, schedule = leader_schedule(request, slug, schedule_id)
    waves = PulseWave.objects.filter(schedule=schedule).select_related("campaign")
    return [
        WaveOut(
            number=w.number,
            campaign_id=w.campaign_id,
            status=w.campaign.status,
            opens_at=w.campaign.opens_at.isoformat(),
            closes_at=w.campaign.closes_at.isoformat(),
        )
        for w in paginate(request, response, waves.order_by("number"), page, limit)
    ]


def cell_out(cell: Cell) -> dict:
    return {"value": cell.value, "change": cell.change, "asked": cell.asked, "hidden": cell.hidden}


@router.get("/orgs/{slug}/pulse/units/{unit_id}/trends", response={200: TrendOut, **ERRORS})
def unit_trends(
    request,
    slug: Slug,
    unit_id: path_id("unit"),
    schedule: query_id("The pulse schedule; the first one when left out.") = None,
):
    """The unit's figures wave by wave: index (0-100) overall and per item, eNPS, answers and
    participation, each with its change against the unit's trailing baseline."""
    scope = get_leader_scope_or_404(request, slug)
    unit = get_unit_in_scope_or_404(scope, unit_id)
    if schedule is not None:
        chosen = get_schedule_or_404(scope, schedule)
    else:
        chosen = PulseSchedule.objects.filter(organisation=scope.organisation).first()
        if chosen is None:
            raise Http404
    chosen.organisation = scope.organisation
    language = (get_language() or "en")[:2]
    trend = unit_trend(chosen, unit, language)
    return TrendOut(
        unit_id=unit.pk,
        unit=unit.name,
        schedule_id=chosen.pk,
        threshold=trend.k,
        items=[
            TrendItemOut(
                code=i["code"],
                text=i["frontline"].get(language) or i["frontline"]["en"],
                reverse=bool(i["reverse"]),
            )
            for i in trend.items
        ],
        waves=[
            TrendWaveOut(
                number=row.wave.number,
                campaign_id=row.wave.campaign_id,
                closed_on=row.wave.campaign.closes_at.date().isoformat(),
                respondents=row.respondents,
                invited=row.invited,
                participation=row.participation,
                overall=cell_out(row.overall),
                enps=cell_out(row.enps),
                enps_split=list(row.enps_split) if row.enps_split else None,
                items=[
                    {"code": item["code"], **cell_out(cell)}
                    for item, cell in zip(trend.items, row.items, strict=True)
                ],
            )
            for row in trend.rows
        ],
    )


def alert_out(alert, texts: dict[str, str]) -> AlertOut:
    return AlertOut(
        id=alert.pk,
        kind=alert.kind,
        unit_id=alert.unit_id,
        unit=alert.unit.name,
        schedule_id=alert.schedule_id,
        wave_number=alert.wave.number,
        item_code=alert.item_code,
        value=alert.value,
        baseline=alert.baseline,
        change=alert.change,
        text=describe_alert(alert, alert.schedule.k, texts),
        acknowledged=alert.acknowledged_at is not None,
    )


@router.get(
    "/orgs/{slug}/pulse/alerts", response={200: list[AlertOut], **ERRORS}, openapi_extra=PAGED
)
def list_alerts(
    request,
    response: HttpResponse,
    slug: Slug,
    unit_id: query_id("Only alerts about this unit.") = None,
    kind: Literal["drop", "participation"] | None = None,
    page: Page = 1,
    limit: Limit = DEFAULT_LIMIT,
):
    """Open (unacknowledged) alerts for the caller's units, newest wave first. Figures are
    stored only for groups of k or more; an alert never describes a hidden figure."""
    scope = get_leader_scope_or_404(request, slug)
    alerts = open_alerts(scope)
    if unit_id is not None:
        alerts = alerts.filter(unit=get_unit_in_scope_or_404(scope, unit_id))
    if kind:
        alerts = alerts.filter(kind=kind)
    texts = item_texts(get_language() or "en")
    return [alert_out(a, texts) for a in paginate(request, response, alerts, page, limit)]


@router.post("/orgs/{slug}/pulse/alerts/{alert_id}/acknowledge", response={200: AlertOut, **ERRORS})
def acknowledge(request, slug: Slug, alert_id: path_id("alert")):
    """Mark the alert seen; a second acknowledgement changes nothing."""
    scope = get_leader_scope_or_404(request, slug)
    alert = get_alert_or_404(scope, alert_id)
    acknowledge_alert(alert, request.user)
    alert.refresh_from_db(fields=["acknowledged_at"])
    return alert_out(alert, item_texts(get_language() or "en"))
