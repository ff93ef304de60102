"""Pulse alert pages for leaders, and the manager home: one short page for a phone.

Everything is limited to the units of the user's scope; anything else answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twoway.org.access import Scope
from twoway.org.models import Unit

from .alerts import PulseAlert, describe_alert, item_texts, k_for
from .models import PulseSchedule
from .trends import Cell, unit_trend
from .views import get_leader_scope_or_404

HOME_ALERTS = 5
# Pages of other pulse slices, linked from the manager home only when they exist.
COMMENTS_URL_NAMES = ("pulse_comments",)
ACTIONS_URL_NAMES = ("actions_due", "action_list", "actions")


def open_alerts(scope: Scope):
    """Unacknowledged alerts for units in the scope, newest first."""
    alerts = PulseAlert.objects.filter(
        schedule__organisation=scope.organisation, acknowledged_at__isnull=True
    ).select_related("unit", "wave", "schedule__organisation")
    if scope.unit_path:
        alerts = alerts.filter(unit__path__startswith=scope.unit_path)
    return alerts.order_by("-wave__campaign__closes_at", "unit__path", "kind", "item_code")


def _describe(alerts) -> list[dict]:
    texts = item_texts(get_language() or "en")
    return [{"alert": a, "text": describe_alert(a, k_for(a.schedule), texts)} for a in alerts]


@login_required
def alert_list(request, slug):
    scope = get_leader_scope_or_404(request, slug)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "alerts": _describe(open_alerts(scope)[:500]),
    }
    return render(request, "pulse/alerts.html", context)


@login_required
@require_POST
def alert_acknowledge(request, slug, alert_id):
    scope = get_leader_scope_or_404(request, slug)
    alert = get_object_or_404(
        PulseAlert.objects.select_related("unit"),
        pk=alert_id,
        schedule__organisation=scope.organisation,
    )
    if not scope.covers_unit(alert.unit):
        raise Http404
    if alert.acknowledged_at is None:
        alert.acknowledged_by = request.user
        alert.acknowledged_at = timezone.now()
        alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
    messages.success(request, _("Alert acknowledged."))
    target = "pulse_manager_home" if request.POST.get("next") == "home" else "pulse_alerts"
    return redirect(target, slug=slug)


@dataclass
class Change:
    """A figure at the latest closed wave and its move since the wave before (None: hidden)."""

    now: float | None
    before: float | None

    @property
    def delta(self) -> float | None:
        if self.now is None or self.before is None:
            return None
        return self.now - self.before


@dataclass
class Since:
    schedule: PulseSchedule
    wave_number: int | None
    overall: Change
    enps: Change
    k: int


def _since_last_wave(schedule: PulseSchedule, unit: Unit) -> Since:
    """Overall index and eNPS at the last closed wave against the one before, from trends.

    Both figures are on the trend page already (each shown only for k or more people), so
    their difference reveals nothing new.
    """
    trend = unit_trend(schedule, unit, get_language() or "en")
    rows = trend.rows
    if not rows:
        return Since(schedule, None, Change(None, None), Change(None, None), trend.k)
    last = rows[-1]
    prev = rows[-2] if len(rows) > 1 else None

    def value(cell: Cell | None) -> float | None:
        return cell.value if cell is not None else None

    return Since(
        schedule,
        last.wave.number,
        Change(value(last.overall), value(prev.overall if prev else None)),
        Change(value(last.enps), value(prev.enps if prev else None)),
        trend.k,
    )


def _home_unit(scope: Scope) -> Unit | None:
    """The user's own unit; for an admin without one, the top of the organisation."""
    if scope.person is not None and scope.covers_unit(scope.person.unit):
        return scope.person.unit
    return scope.units().order_by("path").first()


def _link(slug: str, names: tuple[str, ...], unit: Unit) -> str | None:
    """The first of `names` that resolves, for the unit or the organisation; None if none."""
    for name in names:
        for kwargs in ({"slug": slug, "unit_id": unit.pk}, {"slug": slug}):
            try:
                return reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
    return None


@login_required
def manager_home(request, slug):
    scope = get_leader_scope_or_404(request, slug)
    unit = _home_unit(scope)
    if unit is None:
        raise Http404
    schedules = PulseSchedule.objects.filter(organisation=scope.organisation, active=True)
    alerts = open_alerts(scope)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "unit": unit,
        "changes": [_since_last_wave(s, unit) for s in schedules[:3]],
        "alerts": _describe(alerts[:HOME_ALERTS]),
        "alert_count": alerts.count(),
        "comments_url": _link(slug, COMMENTS_URL_NAMES, unit),
        "actions_url": _link(slug, ACTIONS_URL_NAMES, unit),
    }
    return render(request, "pulse/alerts_home.html", context)
