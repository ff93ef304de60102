"""Roster pages: upload, preview the diff, confirm; export."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import get_admin_scope_or_404
from .export import roster_csv, roster_xlsx
from .forms import ConfirmImportForm, RosterUploadForm
from .models import RosterUpload
from .services import import_roster, preview_roster, summarise_counts

PREVIEW_ROWS = 200


@login_required
def roster_import(request, slug):
    scope = get_admin_scope_or_404(request, slug)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        pending = RosterUpload.objects.create(
            organisation=scope.organisation,
            uploaded_by=request.user,
            filename=upload.name[:255],
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            date_order=form.cleaned_data["date_order"],
        )
        return redirect("roster_preview", slug=slug, upload_id=pending.pk)
    return render(
        request,
        "org/roster_import.html",
        {"scope": scope, "org": scope.organisation, "form": form},
        status=400 if form.errors else 200,
    )


def _pending_upload(request, scope, upload_id) -> RosterUpload:
    return get_object_or_404(
        RosterUpload,
        pk=upload_id,
        organisation=scope.organisation,
        uploaded_by=request.user,
        applied_at__isnull=True,
    )


@login_required
def roster_preview(request, slug, upload_id):
    scope = get_admin_scope_or_404(request, slug)
    pending = _pending_upload(request, scope, upload_id)
    outcome = preview_roster(
        scope.organisation, bytes(pending.content), pending.filename, pending.date_order
    )
    context = {
        "scope": scope,
        "org": scope.organisation,
        "upload": pending,
        "outcome": outcome,
        "diff": outcome.diff,
        "limit": PREVIEW_ROWS,
    }
    return render(request, "org/roster_preview.html", context)


@login_required
@require_POST
def roster_confirm(request, slug, upload_id):
    scope = get_admin_scope_or_404(request, slug)
    pending = _pending_upload(request, scope, upload_id)
    form = ConfirmImportForm(request.POST)
    confirmed = form.is_valid() and form.cleaned_data["confirm_mass_leave"]
    outcome = import_roster(
        scope.organisation,
        bytes(pending.content),
        pending.filename,
        actor=request.user,
        date_order=pending.date_order or None,
        allow_mass_leave=confirmed,
    )
    if not outcome.applied:
        if outcome.needs_mass_leave_confirmation:
            messages.error(
                request, _("Tick the box to confirm the leavers, or upload a full roster.")
            )
        return redirect("roster_preview", slug=slug, upload_id=pending.pk)
    pending.applied_at = timezone.now()
    pending.content = b""
    pending.save(update_fields=["applied_at", "content"])
    counts = outcome.diff.counts() if outcome.diff else {}
    messages.success(request, _("Roster imported: %(s)s.") % {"s": summarise_counts(counts)})
    return redirect("people", slug=slug)


@login_required
def roster_export(request, slug):
    scope = get_admin_scope_or_404(request, slug)
    people = scope.organisation.people.all()
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            roster_xlsx(people),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{slug}-roster-{stamp}.xlsx"'
        return response
    response = HttpResponse(roster_csv(people), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-roster-{stamp}.csv"'
    return response
