"""The plan of an initiative: phases (with the change-load warning before saving), the
decision log and course corrections, and adoption imports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from twoway.org.access import get_scope_or_404
from twoway.org.models import Unit

from ..access import get_editor_seat_or_404
from ..forms import AdoptionUploadForm, DecisionForm, PhaseForm, add_change_error
from ..loadmap import overload_warning
from ..models import Decision, Phase
from ..services import ChangeError, add_phase, import_adoption, log_decision, move_phase

SHOWN_ERRORS = 200


def _units(scope):
    return Unit.objects.filter(organisation=scope.organisation).order_by("path")


def impacted_units(seat):
    """The impacted units and every unit under them, in tree order."""
    named = [seat.tree.units[pk] for ids in seat.phases.units.values() for pk in ids]
    inside = Q(pk__in=[])
    for unit in named:
        inside |= Q(path__startswith=unit.path)
    return Unit.objects.filter(inside, organisation=seat.initiative.organisation).order_by("path")


@login_required
def phase_edit(request, slug, key, phase_id=None):
    """A new phase, or new dates and units for one; warns when a team would be overloaded."""
    scope = get_scope_or_404(request, slug)
    seat = get_editor_seat_or_404(scope, key)
    initiative = seat.initiative
    phase = get_object_or_404(Phase, pk=phase_id, initiative=initiative) if phase_id else None
    initial = {}
    if phase is not None:
        initial = {
            "name": phase.name,
            "units": seat.phases.units[phase.pk],
            "start": phase.start,
            "go_live": phase.go_live,
            "sustain_until": phase.sustain_until,
            "impact": phase.impact,
        }
    form = PhaseForm(request.POST or None, units=_units(scope), initial=initial)
    overload: list = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        units = list(data["units"])
        dates = (data["start"], data["go_live"], data["sustain_until"])
        overload = overload_warning(
            initiative, units, data["start"], data["sustain_until"], data["impact"],
            exclude_phase=phase.pk if phase else None,
        )  # fmt: skip
        if not overload or data["overload_ok"]:
            try:
                if phase is None:
                    add_phase(
                        initiative,
                        units,
                        *dates,
                        impact=data["impact"],
                        name=data["name"],
                        actor=request.user,
                    )
                    messages.success(request, _("The phase is planned."))
                else:
                    moved = move_phase(
                        phase, *dates, units=units, impact=data["impact"], actor=request.user
                    )
                    messages.success(
                        request,
                        _("The phase is saved; %(n)s planned message(s) follow its go-live.")
                        % {"n": moved},
                    )
            except ChangeError as error:
                add_change_error(form, error)
            else:
                return redirect("change_initiative", slug=slug, key=key)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "initiative": initiative,
        "phase": phase,
        "form": form,
        "overload": overload,
    }
    return render(request, "change/phase_form.html", context, status=400 if form.errors else 200)


@login_required
def decision_new(request, slug, key):
    scope = get_scope_or_404(request, slug)
    seat = get_editor_seat_or_404(scope, key)
    initiative = seat.initiative
    impacted = impacted_units(seat)
    kind = request.GET.get("kind", Decision.Kind.DECISION)
    form = DecisionForm(
        request.POST or None,
        units=impacted,
        initial={"kind": kind, "units": request.GET.getlist("unit")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log_decision(
                initiative,
                kind=data["kind"],
                saw=data["saw"],
                change=data["change"],
                by_when=data["by_when"],
                units=data["units"],
                actor=request.user,
            )
        except ChangeError as error:
            add_change_error(form, error)
        else:
            messages.success(request, _("It is in the decision log."))
            return redirect("change_initiative", slug=slug, key=key)
    context = {"scope": scope, "org": scope.organisation, "initiative": initiative, "form": form}
    return render(request, "change/decision_form.html", context, status=400 if form.errors else 200)


@login_required
def adoption_upload(request, slug, key):
    scope = get_scope_or_404(request, slug)
    seat = get_editor_seat_or_404(scope, key)
    initiative = seat.initiative
    form = AdoptionUploadForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        plan = import_adoption(
            initiative, upload.read(), upload.name, dry_run=dry_run, actor=request.user
        )
        if plan.ok and not dry_run:
            messages.success(
                request,
                _("Imported: %(new)s new rows, %(replaced)s replaced, %(same)s unchanged.")
                % {"new": plan.new, "replaced": plan.replaced, "same": plan.unchanged},
            )
            return redirect("change_initiative", slug=slug, key=key)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "initiative": initiative,
        "form": form,
        "plan": plan,
        "errors": plan.error_list(SHOWN_ERRORS) if plan and not plan.ok else [],
    }
    status = 400 if form.errors or (plan is not None and not plan.ok) else 200
    return render(request, "change/adoption_form.html", context, status=status)
