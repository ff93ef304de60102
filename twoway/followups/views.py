"""Action pages: leaders list, create and close actions for units in their scope; everyone
with a place in the organisation sees the "you said, we did" notes of their own team."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twoway.org.access import get_leader_scope_or_404, get_scope_or_404, get_unit_in_scope_or_404
from twoway.org.naming import label_units

from .access import get_action_in_scope_or_404, get_published_note_or_404
from .forms import ActionForm, FeedbackForm, PublishForm
from .huddle import huddle_pdf_bytes
from .models import Action, SourceKind
from .services import (
    AlreadyVoted,
    create_action,
    feedback_open,
    feedback_results,
    note_visible_to,
    notes_for_reader,
    publish_action,
    record_feedback,
    voted_action_ids,
)

LIST_LIMIT = 200


def label_units_of(notes):
    label_units([n.unit for n in notes])
    return notes


@login_required
def action_list(request, slug):
    scope = get_leader_scope_or_404(request, slug)
    actions = Action.objects.filter(
        organisation=scope.organisation, unit__path__startswith=scope.unit_path
    ).select_related("unit", "owner")
    unit = None
    if request.GET.get("unit"):
        unit = get_unit_in_scope_or_404(scope, request.GET["unit"])
        actions = actions.filter(unit=unit)
    status = request.GET.get("status")
    if status in Action.Status.values:
        actions = actions.filter(status=status)
    actions = list(actions[:LIST_LIMIT])
    results = feedback_results(actions, scope.organisation.anonymity_threshold)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "unit": unit,
        "status": status,
        "rows": [(a, results[a.pk]) for a in actions],
        "units": scope.units().order_by("path")[:500],
        "k": scope.organisation.anonymity_threshold,
    }
    return render(request, "followups/list.html", context)


@login_required
def action_new(request, slug, unit_id):
    scope = get_leader_scope_or_404(request, slug)
    unit = get_unit_in_scope_or_404(scope, unit_id)
    form = ActionForm(
        request.POST or None, scope=scope, unit=unit, initial=_source_from(request.GET)
    )
    if request.method == "POST" and form.is_valid():
        create_action(unit, form.cleaned_data, request.user)
        messages.success(request, _("The action is recorded."))
        return redirect(f"{_list_url(slug)}?unit={unit.pk}")
    context = {"scope": scope, "org": scope.organisation, "unit": unit, "form": form}
    return render(request, "followups/new.html", context, status=400 if form.errors else 200)


def _source_from(params) -> dict:
    """Prefill from a result or theme page's link: ?source_kind=theme&source_ref=..."""
    kind = params.get("source_kind", "")
    return {
        "source_kind": kind if kind in SourceKind.values else SourceKind.OTHER,
        "source_ref": params.get("source_ref", "")[:100],
        "source_label": params.get("source_label", "")[:300],
    }


def _list_url(slug) -> str:
    from django.urls import reverse

    return reverse("actions", kwargs={"slug": slug})


@login_required
def action_done(request, slug, action_id):
    scope = get_leader_scope_or_404(request, slug)
    action = get_action_in_scope_or_404(scope, action_id)
    initial = {"you_said": action.you_said or action.source_label, "we_did": action.we_did}
    form = PublishForm(
        request.POST or None, k=scope.organisation.anonymity_threshold, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        publish_action(
            action, form.cleaned_data["you_said"], form.cleaned_data["we_did"], request.user
        )
        messages.success(request, _("Done, and the note is published to the team."))
        return redirect(f"{_list_url(slug)}?unit={action.unit_id}")
    context = {"scope": scope, "org": scope.organisation, "action": action, "form": form}
    return render(request, "followups/done.html", context, status=400 if form.errors else 200)


@login_required
def team_notes(request, slug):
    """The person's own team's notes (and those of the units above it), nothing else."""
    scope = get_scope_or_404(request, slug)
    person = scope.person
    notes = label_units_of(notes_for_reader(scope, limit=LIST_LIMIT))
    voted = voted_action_ids(person, [n.pk for n in notes])
    context = {
        "scope": scope,
        "org": scope.organisation,
        "person": person,
        "notes": [
            (
                n,
                feedback_open(n) and note_visible_to(n, person) and n.pk not in voted,
                n.pk in voted,
            )
            for n in notes
        ],
        "form": FeedbackForm(),
    }
    return render(request, "followups/team.html", context)


@login_required
@require_POST
def action_feedback(request, slug, action_id):
    scope = get_scope_or_404(request, slug)
    action = get_published_note_or_404(scope, action_id)
    form = FeedbackForm(request.POST)
    if not feedback_open(action):
        messages.error(request, _("This question has closed."))
    elif not form.is_valid():
        messages.error(request, _("Choose one answer, then send it."))
    else:
        try:
            record_feedback(action, scope.person, form.cleaned_data["helped"])
            messages.success(request, _("Thank you. Your answer is counted, not named."))
        except AlreadyVoted:
            messages.error(request, _("You have already answered this one."))
    return redirect("actions_team", slug=slug)


@login_required
def huddle_pdf(request, slug, unit_id):
    scope = get_leader_scope_or_404(request, slug)
    unit = get_unit_in_scope_or_404(scope, unit_id)
    response = HttpResponse(huddle_pdf_bytes(unit), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="huddle-{unit.pk}.pdf"'
    return response
