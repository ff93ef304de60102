"""Pulse comment pages for leaders: a unit's rising and falling themes, and its comments.

Both read only the waves whose comments of the unit pass the diagnostic's audit
(`comments.readable_waves`); anything outside the user's scope answers 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from twoway.org.models import Unit

from .comments import comment_page, readable_waves, theme_state, theme_table
from .models import PulseSchedule
from .views import get_leader_scope_or_404

MAX_QUERY = 100


def _unit_and_schedule(request, slug, unit_id):
    """The scope, the unit (404 outside the scope) and the chosen schedule (404 if none)."""
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


def _context(scope, unit, schedule, schedules, hidden: int) -> dict:
    k = max(schedule.threshold, scope.organisation.anonymity_threshold)
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
    scope, unit, schedule, schedules = _unit_and_schedule(request, slug, unit_id)
    waves, hidden = readable_waves(schedule, unit)
    table = theme_table(schedule, unit, waves)
    context = _context(scope, unit, schedule, schedules, hidden)
    context.update(table=table, rising=table.rising(), falling=table.falling())
    return render(request, "pulse/comments_themes.html", context)


@login_required
def unit_comments(request, slug, unit_id):
    scope, unit, schedule, schedules = _unit_and_schedule(request, slug, unit_id)
    waves, hidden = readable_waves(schedule, unit)
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    labels = theme_state(schedule).get("labels", {})
    theme = _theme_param(request.GET.get("theme"), labels)
    comments, total = comment_page(unit, waves, theme=theme, query=query)
    context = _context(scope, unit, schedule, schedules, hidden)
    context.update(
        comments=comments,
        total=total,
        query=query,
        theme=theme,
        theme_label=labels.get(str(theme), "") if theme is not None else "",
        labels=labels,
        waves=waves,
    )
    return render(request, "pulse/comments.html", context)


def _theme_param(value: str | None, labels: dict) -> int | None:
    """A known theme id from the query string, or None (an unknown id filters nothing)."""
    if value and value.isdigit() and value in labels:
        return int(value)
    return None
