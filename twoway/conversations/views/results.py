"""Results: the opinion map and the lists, as a page and as a PDF of that page; leader modelling."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from twoway.org.access import get_admin_scope_or_404, get_scope_or_404
from twoway.org.models import LEADER_ROLES
from twoway.pulse.models import PulseSchedule

from ..access import get_conversation_for_reader_or_404
from ..analysis import participation
from ..modelling import own_result, pooled_result
from ..models import ModellingSetting
from ..results import ResultsNotReady, declared, executive_lists, results_for
from ..services import ensure_final_result, set_modelling


def _results_context(request, slug, conversation_id) -> dict:
    scope = get_scope_or_404(request, slug)
    conversation = get_conversation_for_reader_or_404(scope, conversation_id)
    context = {"scope": scope, "org": scope.organisation, "conversation": conversation}
    try:
        results = results_for(conversation, ensure_final_result(conversation))
    except ResultsNotReady as not_ready:
        return {**context, "not_ready": not_ready.message}
    taking_part = participation(conversation)
    if not scope.sees_people:  # agents read the whole, not unit by unit
        taking_part["rows"] = []
    else:
        taking_part["rows"] = [r for r in taking_part["rows"] if scope.covers_unit(r["unit"])]
    return {
        **context,
        "results": results,
        "lists": executive_lists(results),
        "lens": declared(results, "lens"),
        "sites": declared(results, "site"),
        "participation": taking_part,
        "k": results.data["k"],
    }


@login_required
def conversation_results(request, slug, conversation_id):
    context = _results_context(request, slug, conversation_id)
    status = 200 if "results" in context else 409
    return render(request, "conversations/results.html", context, status=status)


@login_required
def conversation_results_pdf(request, slug, conversation_id):
    context = _results_context(request, slug, conversation_id)
    if "results" not in context:
        return render(request, "conversations/results.html", context, status=409)
    html = render_to_string("conversations/report.html", context, request=request)
    response = HttpResponse(pdf_bytes(html), content_type="application/pdf")
    name = f"conversation-{context['conversation'].pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def pdf_bytes(html: str) -> bytes:
    """WeasyPrint's A4 rendering of the page, fetching nothing: the report is self-contained
    (inline SVG and CSS), so any URL would be an injection, never a need."""
    import weasyprint  # heavy import (Pango), only when a PDF is asked for
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):  # WeasyPrint 68 and later
        fetcher = urls.URLFetcher(allowed_protocols={"data"})
    else:  # pragma: no cover - older WeasyPrint
        fetcher = _data_only
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()


def _data_only(url: str, *args, **kwargs):
    from weasyprint import urls

    if url.startswith("data:"):
        return urls.default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"the conversation report loads no external resource ({url[:60]})")


@login_required
def leader_modelling(request, slug):
    """A leader's own modelling result (from k of their team) and, for their manager, the
    result pooled over k leaders."""
    scope = get_scope_or_404(request, slug)
    person = scope.person
    k = scope.organisation.anonymity_threshold
    is_leader = person is not None and person.role in LEADER_ROLES
    context = {
        "scope": scope,
        "org": scope.organisation,
        "k": k,
        "is_leader": is_leader,
        "own": own_result(person, k) if is_leader else None,
        "pooled": pooled_result(person, k) if is_leader else None,
    }
    return render(request, "conversations/modelling.html", context)


@login_required
def modelling_settings(request, slug):
    """Admins switch the modelling items on or off per pulse schedule."""
    scope = get_admin_scope_or_404(request, slug)
    schedules = PulseSchedule.objects.filter(organisation=scope.organisation).order_by("name")
    if request.method == "POST":
        schedule = get_object_or_404(schedules, pk=request.POST.get("schedule"))
        set_modelling(schedule, request.POST.get("enabled") == "on", request.user)
        messages.success(request, _("Saved."))
        return redirect("modelling_settings", slug=slug)
    enabled = set(
        ModellingSetting.objects.filter(schedule__in=schedules, enabled=True).values_list(
            "schedule_id", flat=True
        )
    )
    context = {
        "scope": scope,
        "org": scope.organisation,
        "rows": [(schedule, schedule.pk in enabled) for schedule in schedules],
    }
    return render(request, "conversations/modelling_settings.html", context)
