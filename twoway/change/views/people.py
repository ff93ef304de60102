"""Champions, wins, the owner's own scorecard ratings, the vision lines and a team's huddle."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twoway.org.access import get_leader_scope_or_404, get_scope_or_404, get_unit_in_scope_or_404
from twoway.org.models import Unit

from ..access import get_editor_seat_or_404, get_seat_or_404
from ..forms import ChampionForm, RatingsForm, VisionForm, WinForm, add_change_error
from ..huddle import huddle_page, vision_line
from ..models import Champion, VisionLine, Win
from ..readiness import sight_trend
from ..sections import champion_choices
from ..services import (
    ChangeError,
    add_champion,
    broadcast_win,
    log_win,
    remove_champion,
    set_owner_ratings,
    set_vision,
)


@login_required
@require_POST
def champion_add(request, slug, key):
    scope = get_scope_or_404(request, slug)
    seat = get_editor_seat_or_404(scope, key)
    form = ChampionForm(request.POST, people=champion_choices(seat))
    if form.is_valid():
        try:
            add_champion(seat.initiative, form.cleaned_data["person"], request.user)
            messages.success(
                request, _("The champion is named; they get the talking points first.")
            )
        except ChangeError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Choose an agent of an impacted team."))
    return redirect(f"/o/{slug}/change/{key}/#champions")


@login_required
@require_POST
def champion_remove(request, slug, key, champion_id):
    scope = get_scope_or_404(request, slug)
    seat = get_editor_seat_or_404(scope, key)
    remove_champion(
        get_object_or_404(Champion, pk=champion_id, initiative=seat.initiative), request.user
    )
    return redirect(f"/o/{slug}/change/{key}/#champions")


@login_required
@require_POST
def win_new(request, slug, key):
    """Anyone with a seat, the frontline included, logs a win."""
    scope = get_scope_or_404(request, slug)
    seat = get_seat_or_404(scope, key)
    form = WinForm(request.POST)
    if form.is_valid():
        unit = scope.person.unit if scope.person else None
        log_win(seat.initiative, form.cleaned_data["text"], unit, request.user)
        messages.success(request, _("Thank you: the win is on the initiative and the huddles."))
    else:
        messages.error(request, _("Say what the win was, in a sentence of up to 300 characters."))
    return redirect(f"/o/{slug}/change/{key}/#wins")


@login_required
@require_POST
def win_broadcast(request, slug, key, win_id):
    scope = get_scope_or_404(request, slug)
    seat = get_editor_seat_or_404(scope, key)
    win = get_object_or_404(Win, pk=win_id, initiative=seat.initiative)
    broadcast_win(win, request.user)
    messages.success(request, _("The win goes out to the impacted units' channels."))
    return redirect(f"/o/{slug}/change/{key}/#wins")


@login_required
def ratings_edit(request, slug, key):
    scope = get_scope_or_404(request, slug)
    seat = get_editor_seat_or_404(scope, key)
    form = RatingsForm(request.POST or None, ratings=seat.initiative.owner_ratings or {})
    if request.method == "POST" and form.is_valid():
        try:
            set_owner_ratings(seat.initiative, form.cleaned_data, request.user)
        except ChangeError as error:
            add_change_error(form, error)
        else:
            messages.success(request, _("Your ratings stand beside the evidence now."))
            return redirect(f"/o/{slug}/change/{key}/#scorecard")
    context = {
        "scope": scope,
        "org": scope.organisation,
        "initiative": seat.initiative,
        "form": form,
    }
    return render(request, "change/ratings_form.html", context, status=400 if form.errors else 200)


@login_required
def vision_page(request, slug):
    """The organisation's vision (admins) and each site's or team's (their leaders), with the
    line-of-sight trend of the leader's own unit."""
    scope = get_leader_scope_or_404(request, slug)
    unit = None
    if request.GET.get("unit") or request.POST.get("unit"):
        unit = get_unit_in_scope_or_404(scope, request.GET.get("unit") or request.POST.get("unit"))
    elif not scope.is_admin:
        unit = scope.person.unit
    line = VisionLine.objects.filter(organisation=scope.organisation, unit=unit).first()
    form = VisionForm(request.POST or None, initial={"text": line.text if line else ""})
    if request.method == "POST" and form.is_valid():
        set_vision(scope.organisation, unit, form.cleaned_data["text"], request.user)
        messages.success(request, _("The vision is saved."))
        return redirect(f"/o/{slug}/change/vision/" + (f"?unit={unit.pk}" if unit else ""))
    trend_unit = unit or Unit.objects.filter(organisation=scope.organisation, parent=None).first()
    context = {
        "scope": scope,
        "org": scope.organisation,
        "unit": unit,
        "form": form,
        "lines": VisionLine.objects.filter(organisation=scope.organisation).select_related("unit"),
        "units": scope.units().order_by("path")[:500],
        "trend": sight_trend(trend_unit) if trend_unit else [],
        "trend_unit": trend_unit,
        "k": scope.organisation.anonymity_threshold,
    }
    return render(request, "change/vision.html", context, status=400 if form.errors else 200)


@login_required
def team_huddle(request, slug, unit_id):
    """A team's huddle as a page a team lead shows on a screen or prints."""
    scope = get_leader_scope_or_404(request, slug)
    unit = get_unit_in_scope_or_404(scope, unit_id)
    if unit.children.exists():
        raise Http404  # a huddle is a team's
    context = {"huddle": huddle_page(unit), "vision": vision_line(unit), "org": scope.organisation}
    return render(request, "change/huddle.html", context)
