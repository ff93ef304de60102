"""The portfolio (every initiative a user has a seat in), a new initiative, the change load
map and the organisation's change settings."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.insights.load import iso_week, monday_of
from twoway.notify.webhooks import webhook_url_error
from twoway.org.access import (
    get_admin_scope_or_404,
    get_leader_scope_or_404,
    get_scope_or_404,
    get_unit_in_scope_or_404,
)

from ..access import can_create, visible_initiatives
from ..config import settings_for
from ..forms import InitiativeForm, SettingsForm, add_change_error
from ..loadmap import load_map
from ..loadtable import load_rows_html
from ..pace import latest_pace
from ..portfolio import portfolio_rows
from ..services import ChangeError, create_initiative, update_settings

WEEKS_SHOWN = (4, 8, 12, 26, 52)


@login_required
def portfolio(request, slug):
    scope = get_scope_or_404(request, slug)
    seats = visible_initiatives(scope)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "rows": portfolio_rows(seats),
        "can_create": can_create(scope),
    }
    return render(request, "change/portfolio.html", context)


@login_required
def initiative_new(request, slug):
    scope = get_scope_or_404(request, slug)
    if not can_create(scope):
        raise Http404
    form = InitiativeForm(
        request.POST or None,
        organisation=scope.organisation,
        initial={"owner": scope.person.pk if scope.person else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.model_fields()
        try:
            initiative = create_initiative(
                scope.organisation,
                data.pop("key"),
                data.pop("title"),
                actor=request.user,
                impacted_roles=form.impacted_roles(),
                **data,
            )
        except ChangeError as error:
            add_change_error(form, error)
        else:
            messages.success(request, _("The initiative is created. Add its first phase."))
            return redirect("change_phase_new", slug=slug, key=initiative.key)
    context = {"scope": scope, "org": scope.organisation, "form": form}
    return render(
        request, "change/initiative_form.html", context, status=400 if form.errors else 200
    )


@login_required
def load_page(request, slug):
    scope = get_scope_or_404(request, slug)
    if not can_create(scope):
        raise Http404
    first, weeks = _load_window(request)
    result, tree = load_map(scope.organisation, first, weeks)
    capacity = settings_for(scope.organisation).capacity
    keys = result.keys_by_cell()
    load = result.load.tolist()
    rows = []
    for t, pk in enumerate(tree.leaves()):
        if not scope.covers_unit(tree.units[pk]):
            continue
        cells = [(load[t][w], keys[t][w], load[t][w] > capacity) for w in range(weeks)]
        rows.append({"unit": tree.units[pk], "path": tree.short(pk), "cells": cells})
    context = {
        "scope": scope,
        "org": scope.organisation,
        "weeks": [iso_week(m) for m in result.weeks],
        "rows": rows,
        "body": load_rows_html(slug, rows),
        "capacity": capacity,
        "first": first,
        "weeks_count": weeks,
        "weeks_shown": WEEKS_SHOWN,
    }
    return render(request, "change/load.html", context)


def _load_window(request) -> tuple[datetime.date, int]:
    try:
        first = datetime.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        first = timezone.localdate()
    try:
        weeks = int(request.GET.get("weeks", 12))
    except ValueError:
        weeks = 12
    return monday_of(first), min(max(weeks, 1), 52)


@login_required
def pace_cell(request, slug, unit_id):
    """The load map's pulse column for one team, loaded when its row scrolls into view."""
    scope = get_leader_scope_or_404(request, slug)
    unit = get_unit_in_scope_or_404(scope, unit_id)
    return render(request, "change/_pace.html", {"pace": latest_pace(unit)})


@login_required
def change_settings(request, slug):
    scope = get_admin_scope_or_404(request, slug)
    current = settings_for(scope.organisation)
    fields = [
        "weight_low",
        "weight_medium",
        "weight_high",
        "capacity",
        "slack_webhook",
        "teams_webhook",
    ]
    form = SettingsForm(request.POST or None, initial={f: getattr(current, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        for field in ("slack_webhook", "teams_webhook"):
            url = form.cleaned_data[field]
            if url and webhook_url_error(url):
                form.add_error(field, webhook_url_error(url))
        if not form.errors:
            update_settings(scope.organisation, form.cleaned_data, request.user)
            messages.success(request, _("The change settings are saved."))
            return redirect("change_settings", slug=slug)
    context = {"scope": scope, "org": scope.organisation, "form": form}
    return render(request, "change/settings.html", context, status=400 if form.errors else 200)
