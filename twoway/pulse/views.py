"""Pulse pages: schedules for admins, trends per unit for leaders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twoway.org.access import get_admin_scope_or_404, get_leader_scope_or_404
from twoway.org.models import AuditEvent, Unit
from twoway.org.services import audit

from .chart import line_svg
from .forms import ScheduleForm
from .models import PulseSchedule
from .schedules import set_active
from .trends import unit_trend


@login_required
def pulse_home(request, slug):
    scope = get_leader_scope_or_404(request, slug)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "schedules": PulseSchedule.objects.filter(organisation=scope.organisation),
        "units": scope.units().order_by("path")[:500],
    }
    return render(request, "pulse/home.html", context)


@login_required
def schedule_list(request, slug):
    scope = get_admin_scope_or_404(request, slug)
    form = ScheduleForm(request.POST or None, organisation=scope.organisation)
    if request.method == "POST" and form.is_valid():
        _create_schedule(scope.organisation, form.cleaned_data, request.user)
        messages.success(request, _("The pulse is scheduled."))
        return redirect("pulse_schedules", slug=slug)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "form": form,
        "schedules": PulseSchedule.objects.filter(organisation=scope.organisation),
    }
    return render(request, "pulse/schedules.html", context, status=400 if form.errors else 200)


def _create_schedule(organisation, data: dict, actor) -> PulseSchedule:
    with transaction.atomic():
        schedule = PulseSchedule.objects.create(
            organisation=organisation,
            name=data["name"],
            audience_roles=data["roles"],
            cadence=data["cadence"],
            weekday=data["weekday"],
            hour=data["hour"],
            open_days=data["open_days"],
            threshold=data["threshold"],
            languages=data["languages"],
            starts_on=data["starts_on"],
            created_by=actor,
        )
        schedule.audience_units.set(data["units"])
        audit(
            organisation, actor, AuditEvent.Kind.SETTINGS_CHANGED, f"Pulse {schedule.name} created"
        )
    return schedule


@login_required
@require_POST
def schedule_toggle(request, slug, schedule_id):
    scope = get_admin_scope_or_404(request, slug)
    schedule = get_object_or_404(PulseSchedule, pk=schedule_id, organisation=scope.organisation)
    set_active(schedule, not schedule.active, request.user)
    if schedule.active:
        messages.success(request, _("The pulse is running again."))
    else:
        messages.success(request, _("The pulse is paused: no new waves open."))
    return redirect("pulse_schedules", slug=slug)


def unit_and_schedule_or_404(request, slug, unit_id):
    """The leader's scope, a unit in it and the chosen schedule (?schedule=, else the first);
    404 for a unit outside the scope or an organisation without a pulse."""
    scope = get_leader_scope_or_404(request, slug)
    unit = get_object_or_404(Unit, pk=unit_id, organisation=scope.organisation)
    if not scope.covers_unit(unit):
        raise Http404
    schedules = list(PulseSchedule.objects.filter(organisation=scope.organisation))
    if not schedules:
        raise Http404
    chosen = request.GET.get("schedule")
    schedule = next((s for s in schedules if str(s.pk) == chosen), schedules[0])
    return scope, unit, schedule, schedules


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


def _chart(trend) -> str:
    labels = [str(row.wave.number) for row in trend.rows]
    values = [row.overall.value for row in trend.rows]
    shown = sum(v is not None for v in values)
    return line_svg(
        labels,
        values,
        title=_("Overall index by wave, %(unit)s") % {"unit": trend.unit.name},
        desc=_("%(shown)s of %(total)s waves shown; the others had fewer than %(k)s answers.")
        % {"shown": shown, "total": len(values), "k": trend.k},
    )
