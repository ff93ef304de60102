"""An initiative's page, its edit forms and its status.

Leaders and owners get the whole picture (phases, adoption, alerts, the decision log, and the
communication, readiness and scorecard sections); the frontline gets the page of their own team:
why, what changes for them, when, the wins and "got it / I have a question".
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from twoway.org.access import get_scope_or_404

from ..access import get_editor_seat_or_404, get_seat_or_404
from ..forms import CharacteristicsForm, InitiativeForm, StatusForm, add_change_error
from ..overview import (
    adoption_view,
    business_case_summary,
    open_alerts,
    phase_rows,
    size_of,
    timeline,
)
from ..sections import frontline_context, leader_sections
from ..services import ChangeError, set_characteristics, set_status, update_initiative


@login_required
def initiative_page(request, slug, key):
    scope = get_scope_or_404(request, slug)
    seat = get_seat_or_404(scope, key)
    if not seat.is_leader:
        context = {"scope": scope, "org": scope.organisation, **frontline_context(seat, request)}
        return render(request, "change/frontline.html", context)
    initiative = seat.initiative
    context = {
        "scope": scope,
        "org": scope.organisation,
        "seat": seat,
        "initiative": initiative,
        "size": size_of(initiative),
        "case": business_case_summary(initiative),
        "phases": phase_rows(seat),
        "timeline": timeline(seat),
        "adoption": adoption_view(seat),
        "alerts": open_alerts(seat),
        "decisions": initiative.decisions.prefetch_related("units")[:50],
        **leader_sections(seat),
    }
    return render(request, "change/initiative.html", context)


@login_required
def initiative_edit(request, slug, key):
    scope = get_scope_or_404(request, slug)
    seat = get_editor_seat_or_404(scope, key)
    initiative = seat.initiative
    form = InitiativeForm(
        request.POST or None, instance=initiative, organisation=scope.organisation, editing=True
    )
    profile = CharacteristicsForm(
        request.POST or None, initial_ratings=initiative.characteristics or {}, prefix="size"
    )
    if request.method == "POST" and form.is_valid() and profile.is_valid():
        data = {**form.model_fields(), "impacted_roles": form.impacted_roles()}
        try:
            update_initiative(initiative, data, request.user)
            set_characteristics(initiative, profile.ratings(), request.user)
        except ChangeError as error:
            add_change_error(form, error)
        else:
            messages.success(request, _("The initiative is saved."))
            return redirect("change_initiative", slug=slug, key=key)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "initiative": initiative,
        "form": form,
        "profile": profile,
    }
    status = 400 if form.errors or profile.errors else 200
    return render(request, "change/initiative_form.html", context, status=status)


@login_required
def initiative_status(request, slug, key):
    scope = get_scope_or_404(request, slug)
    seat = get_editor_seat_or_404(scope, key)
    initiative = seat.initiative
    form = StatusForm(request.POST or None, initial={"status": initiative.status})
    if request.method == "POST" and form.is_valid():
        try:
            set_status(
                initiative,
                form.cleaned_data["status"],
                form.cleaned_data["abandoned_reason"],
                request.user,
            )
        except ChangeError as error:
            add_change_error(form, error)
        else:
            messages.success(
                request,
                _("The status is now %(status)s.") % {"status": initiative.get_status_display()},
            )
            return redirect("change_initiative", slug=slug, key=key)
    context = {"scope": scope, "org": scope.organisation, "initiative": initiative, "form": form}
    return render(request, "change/status.html", context, status=400 if form.errors else 200)
