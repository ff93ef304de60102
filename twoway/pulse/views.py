"""Pulse pages: schedules for admins; trends, alerts, comments, drivers and "My team" for
leaders. Everything is limited to the units of the user's scope; anything else answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twoway.org.access import get_admin_scope_or_404, get_leader_scope_or_404
from twoway.org.naming import label_units, tree_order, unit_paths

from .access import (
    alert_history,
    get_alert_or_404,
    get_schedule_or_404,
    open_alerts,
    schedules_and_choice,
    unit_and_schedule_or_404,
)
from .alerts import describe_alert, item_texts
from .chart import line_svg
from .comments import (
    SENTIMENTS,
    CommentFilter,
    filtered_page,
    readable_themes,
    readable_waves,
    theme_labels,
    theme_table,
)
from .dashboard import build_dashboard
from .drivers import unit_drivers
from .exports import FORMATS, download, theme_table_rows, trend_table
from .forms import ScheduleForm
from .home import home_unit
from .live import open_waves
from .models import PulseSchedule
from .overview import latest_overview
from .services import acknowledge_alert, create_schedule, set_active
from .trends import unit_trend

MAX_TREE_UNITS = 2000
MAX_INDENT = 8  # twoway.css has a class per depth


@login_required
def pulse_home(request, slug):
    """Every unit of the scope as a tree, with its figures at the latest wave; the waves open
    now; the schedules."""
    scope = get_leader_scope_or_404(request, slug)
    schedules, schedule = schedules_and_choice(request, scope.organisation)
    units = tree_order(label_units(scope.units()[:MAX_TREE_UNITS]))
    overview = latest_overview(schedule, units) if schedule else None
    scores = overview.by_unit() if overview else {}
    base_depth = min((u.depth for u in units), default=0)
    paths = unit_paths(scope.organisation.pk)
    rows = [
        {
            "unit": u,
            "path": paths.get(u.pk, u.name),
            "score": scores.get(u.pk),
            "indent": min(u.depth - base_depth, MAX_INDENT),
        }
        for u in units
    ]
    context = {
        "scope": scope,
        "org": scope.organisation,
        "schedules": schedules,
        "schedule": schedule,
        "overview": overview,
        "rows": rows,
        "open_waves": open_waves(scope.organisation),
    }
    return render(request, "pulse/home.html", context)


@login_required
def schedule_list(request, slug):
    scope = get_admin_scope_or_404(request, slug)
    form = ScheduleForm(request.POST or None, organisation=scope.organisation)
    if request.method == "POST" and form.is_valid():
        create_schedule(scope.organisation, form.cleaned_data, request.user)
        messages.success(request, _("The pulse is scheduled."))
        return redirect("pulse_schedules", slug=slug)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "form": form,
        "schedules": PulseSchedule.objects.filter(organisation=scope.organisation),
        "open_waves": open_waves(scope.organisation),
    }
    return render(request, "pulse/schedules.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def schedule_toggle(request, slug, schedule_id):
    scope = get_admin_scope_or_404(request, slug)
    schedule = get_schedule_or_404(scope, schedule_id)
    set_active(schedule, not schedule.active, request.user)
    if schedule.active:
        messages.success(request, _("The pulse is running again."))
    else:
        messages.success(request, _("The pulse is paused: no new waves open."))
    return redirect("pulse_schedules", slug=slug)


@login_required
def unit_trends(request, slug, unit_id):
    scope, unit, schedule, schedules = unit_and_schedule_or_404(request, slug, unit_id)
    trend = unit_trend(schedule, unit, get_language() or "en")
    language = (get_language() or "en")[:2]
    context = {
        "scope": scope,
        "org": scope.organisation,
        "unit": unit,
        "schedule": schedule,
        "schedules": schedules,
        "trend": trend,
        "item_texts": [i["frontline"].get(language) or i["frontline"]["en"] for i in trend.items],
        "chart": _chart(trend),
    }
    return render(request, "pulse/trends.html", context)


@login_required
def trends_export(request, slug, unit_id, fmt):
    _scope, unit, schedule, _schedules = unit_and_schedule_or_404(request, slug, unit_id)
    if fmt not in FORMATS:
        raise Http404
    language = get_language() or "en"
    rows = trend_table(unit_trend(schedule, unit, language), language)
    return download(rows, fmt, f"pulse-trend-{unit.pk}-{schedule.pk}")


@login_required
def themes_export(request, slug, unit_id, fmt):
    _scope, unit, schedule, _schedules = unit_and_schedule_or_404(request, slug, unit_id)
    if fmt not in FORMATS:
        raise Http404
    waves, _hidden = readable_waves(schedule, unit)
    rows = theme_table_rows(theme_table(schedule, unit, waves))
    return download(rows, fmt, f"pulse-themes-{unit.pk}-{schedule.pk}")


def _chart(trend) -> str:
    labels = [str(row.wave.number) for row in trend.rows]
    values = [row.overall.value for row in trend.rows]
    shown = sum(v is not None for v in values)
    return line_svg(
        labels,
        values,
        title=_("Overall index by wave, %(unit)s") % {"unit": trend.unit.name},
        desc=_("%(shown)s of %(total)s waves shown; the others are hidden.")
        % {"shown": shown, "total": len(values)},
    )


# --- Alerts and the manager home ------------------------------------------------------

HOME_ALERTS = 5
HISTORY_ALERTS = 200


def _describe(alerts) -> list[dict]:
    texts = item_texts(get_language() or "en")
    return [{"alert": a, "text": describe_alert(a, a.schedule.k, texts)} for a in alerts]


@login_required
def alert_list(request, slug):
    """Open alerts of the reader's units, and the history: those acknowledged, newest first."""
    scope = get_leader_scope_or_404(request, slug)
    open_ones = list(open_alerts(scope)[:500])
    history = list(alert_history(scope)[:HISTORY_ALERTS])
    label_units([a.unit for a in open_ones + history])
    context = {
        "scope": scope,
        "org": scope.organisation,
        "alerts": _describe(open_ones),
        "history": _describe(history),
    }
    return render(request, "pulse/alerts.html", context)


@login_required
@require_POST
def alert_acknowledge(request, slug, alert_id):
    scope = get_leader_scope_or_404(request, slug)
    alert = get_alert_or_404(scope, alert_id)
    acknowledge_alert(alert, request.user)
    messages.success(request, _("Alert acknowledged."))
    target = "pulse_manager_home" if request.POST.get("next") == "home" else "pulse_alerts"
    return redirect(target, slug=slug)


@login_required
def manager_home(request, slug):
    """The manager dashboard: the reader's unit, its teams ranked, focus areas, the wave open
    now and alerts (`dashboard.py`)."""
    scope = get_leader_scope_or_404(request, slug)
    unit = home_unit(scope)
    if unit is None:
        raise Http404
    schedules, schedule = schedules_and_choice(request, scope.organisation, active_only=True)
    alerts = open_alerts(scope)
    dashboard = build_dashboard(scope, unit, schedule)
    home_alerts = list(alerts[:HOME_ALERTS])
    label_units([a.unit for a in home_alerts])
    language = (get_language() or "en")[:2]
    context = {
        "scope": scope,
        "org": scope.organisation,
        "unit": unit,
        "schedules": schedules,
        "schedule": schedule,
        "dashboard": dashboard,
        "language": language,
        "alerts": _describe(home_alerts),
        "alert_count": alerts.count(),
        "comments_url": reverse("pulse_comments", kwargs={"slug": slug, "unit_id": unit.pk}),
        "actions_url": reverse("actions", kwargs={"slug": slug}),
    }
    return render(request, "pulse/dashboard.html", context)


# --- Comments -----------------------------------------------------------------------------

MAX_QUERY = 100


def _context(scope, unit, schedule, schedules, hidden: int) -> dict:
    k = schedule.k
    return {
        "scope": scope,
        "org": scope.organisation,
        "unit": unit,
        "schedule": schedule,
        "schedules": schedules,
        "hidden": hidden,
        "k": k,
    }


@login_required
def unit_themes(request, slug, unit_id):
    scope, unit, schedule, schedules = unit_and_schedule_or_404(request, slug, unit_id)
    waves, hidden = readable_waves(schedule, unit)
    table = theme_table(schedule, unit, waves)
    context = _context(scope, unit, schedule, schedules, hidden)
    context.update(table=table, rising=table.rising(), falling=table.falling())
    return render(request, "pulse/comments_themes.html", context)


@login_required
def unit_comments(request, slug, unit_id):
    """A unit's readable comments, filtered by theme, sentiment, wave and words, 50 a page."""
    scope, unit, schedule, schedules = unit_and_schedule_or_404(request, slug, unit_id)
    waves, hidden = readable_waves(schedule, unit)
    labels = theme_labels(schedule, unit, waves)
    wanted = CommentFilter(
        theme=_theme_param(request.GET.get("theme"), readable_themes(unit, waves)),
        query=request.GET.get("q", "").strip()[:MAX_QUERY],
        sentiment=request.GET.get("sentiment", "")
        if request.GET.get("sentiment") in SENTIMENTS
        else "",
        wave=_wave_param(request.GET.get("wave"), waves),
    )
    page = filtered_page(unit, waves, wanted, _page_param(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    context = _context(scope, unit, schedule, schedules, hidden)
    context.update(
        page=page,
        comments=page.comments,
        total=page.total,
        wanted=wanted,
        query=wanted.query,
        theme=wanted.theme,
        theme_label=labels.get(wanted.theme, "") if wanted.theme is not None else "",
        themes=sorted(labels.items(), key=lambda pair: pair[1].casefold() or "~"),
        sentiments=[
            ("positive", _("Positive")),
            ("neutral", _("Neutral")),
            ("negative", _("Negative")),
        ],
        waves=waves,
        filters_query=query.urlencode(),
    )
    return render(request, "pulse/comments.html", context)


def _wave_param(value: str | None, waves) -> int | None:
    """A readable wave's number, or None; any other answers 404 (as a theme id does)."""
    if not value:
        return None
    if not value.isdigit() or int(value) not in {w.number for w in waves}:
        raise Http404
    return int(value)


def _page_param(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 7 else 1


def _theme_param(value: str | None, readable: set[int]) -> int | None:
    """The theme asked for, if this unit's readable comments have it; any other answers 404
    (a theme id must not open another unit's themes, nor say that they exist)."""
    if value is None or value == "":
        return None
    if not value.isdigit() or int(value) not in readable:
        raise Http404
    return int(value)


# --- Drivers ------------------------------------------------------------------------------


@login_required
def pulse_drivers(request, slug, unit_id):
    scope, unit, schedule, schedules = unit_and_schedule_or_404(request, slug, unit_id)
    language = (get_language() or "en")[:2]
    drivers = unit_drivers(schedule, unit, language)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "unit": unit,
        "schedule": schedule,
        "schedules": schedules,
        "drivers": drivers,
        "wave_numbers": ", ".join(str(w.number) for w in drivers.waves),
    }
    return render(request, "pulse/drivers.html", context)
