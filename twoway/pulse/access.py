"""Who may see what in the pulse: a leader's units and schedules; 404 outside the scope."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from twoway.org.access import get_leader_scope_or_404, get_unit_in_scope_or_404
from twoway.org.naming import label_units

from .models import PulseAlert, PulseSchedule


def unit_and_schedule_or_404(request, slug, unit_id):
    """The leader's scope, a unit in it and the chosen schedule (?schedule=, else the first);
    404 for a unit outside the scope or an organisation without a pulse."""
    scope = get_leader_scope_or_404(request, slug)
    unit = get_unit_in_scope_or_404(scope, unit_id)
    label_units([unit])
    schedules = list(PulseSchedule.objects.filter(organisation=scope.organisation))
    if not schedules:
        raise Http404
    for schedule in schedules:  # the organisation is at hand: no query for schedule.k
        schedule.organisation = scope.organisation
    chosen = request.GET.get("schedule")
    schedule = next((s for s in schedules if str(s.pk) == chosen), schedules[0])
    return scope, unit, schedule, schedules


def schedules_and_choice(request, organisation, *, active_only: bool = False):
    """The organisation's schedules and the one asked for (?schedule=, else the first; None
    when there is none)."""
    schedules = PulseSchedule.objects.filter(organisation=organisation)
    if active_only:
        schedules = schedules.filter(active=True)
    schedules = list(schedules)
    for schedule in schedules:  # the organisation is at hand: no query for schedule.k
        schedule.organisation = organisation
    chosen = request.GET.get("schedule")
    default = schedules[0] if schedules else None
    return schedules, next((s for s in schedules if str(s.pk) == chosen), default)


def get_schedule_or_404(scope, schedule_id) -> PulseSchedule:
    return get_object_or_404(PulseSchedule, pk=schedule_id, organisation=scope.organisation)


def open_alerts(scope):
    """Unacknowledged alerts for units in the scope, newest first."""
    alerts = PulseAlert.objects.filter(
        schedule__organisation=scope.organisation, acknowledged_at__isnull=True
    ).select_related("unit", "wave", "schedule__organisation")
    if scope.unit_path:
        alerts = alerts.filter(unit__path__startswith=scope.unit_path)
    return alerts.order_by("-wave__campaign__closes_at", "unit__path", "kind", "item_code")


def alert_history(scope):
    """Acknowledged alerts for units in the scope, the latest acknowledged first."""
    alerts = PulseAlert.objects.filter(
        schedule__organisation=scope.organisation, acknowledged_at__isnull=False
    ).select_related("unit", "wave", "schedule__organisation", "acknowledged_by")
    if scope.unit_path:
        alerts = alerts.filter(unit__path__startswith=scope.unit_path)
    return alerts.order_by("-acknowledged_at", "-pk")


def get_alert_or_404(scope, alert_id) -> PulseAlert:
    alert = get_object_or_404(
        PulseAlert.objects.select_related("unit", "schedule__organisation"),
        pk=alert_id,
        schedule__organisation=scope.organisation,
    )
    if not scope.covers_unit(alert.unit):
        raise Http404
    return alert
