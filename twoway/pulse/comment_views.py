"""Pulse comment pages for leaders: a unit's rising and falling themes, and its comments.

Both read only the waves whose comments of the unit pass the diagnostic's audit
(`comments.readable_waves`); anything outside the user's scope answers 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .comments import comment_page, readable_waves, theme_state, theme_table
from .views import unit_and_schedule_or_404

MAX_QUERY = 100


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
    scope, unit, schedule, schedules = unit_and_schedule_or_404(request, slug, unit_id)
    waves, hidden = readable_waves(schedule, unit)
    table = theme_table(schedule, unit, waves)
    context = _context(scope, unit, schedule, schedules, hidden)
    context.update(table=table, rising=table.rising(), falling=table.falling())
    return render(request, "pulse/comments_themes.html", context)


@login_required
def unit_comments(request, slug, unit_id):
    scope, unit, schedule, schedules = unit_and_schedule_or_404(request, slug, unit_id)
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
