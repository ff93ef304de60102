"""Pages: the organisation's sign-on and data-care settings, erasing a person, and one's own
data. The SCIM endpoints are in `scim_views`; the sign-on flow in `sso`."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from twoway.org.models import AuditEvent

from . import services
from .access import get_erasable_person_or_404, get_identity_scope_or_404, get_own_person_or_404
from .erasure import erase_person
from .forms import EraseForm, RetentionForm
from .models import IdentitySettings, ScimGroup, ScimUser
from .mydata import export_person_data, people_of

ACTIONS = ("token", "revoke", "allow_leave", "retention")


@login_required
@require_http_methods(["GET", "POST"])
def identity_settings(request, slug):
    scope = get_identity_scope_or_404(request, slug)
    organisation = scope.organisation
    found = IdentitySettings.of(organisation)
    form = RetentionForm(initial={"months": found.comment_retention_months})
    token = ""
    action = request.POST.get("action", "")
    if request.method == "POST" and action in ACTIONS:
        if action == "token":
            token = services.issue_scim_token(organisation, request.user)
        elif action == "revoke":
            services.revoke_scim_token(organisation, request.user)
            messages.success(request, _("SCIM provisioning is off; the token no longer works."))
        elif action == "allow_leave":
            services.allow_scim_mass_leave(organisation, request.user)
            messages.success(request, _("SCIM may deactivate more people for the next hour."))
        else:
            form = RetentionForm(request.POST)
            if form.is_valid():
                services.set_comment_retention(organisation, form.cleaned_data["months"],
                                               request.user)  # fmt: skip
                messages.success(request, _("Comment retention saved."))
        if not token and not form.errors:
            return redirect("identity_settings", slug=slug)
        found.refresh_from_db()
    context = {
        "scope": scope,
        "org": organisation,
        "settings_row": found,
        "token": token,
        "form": form,
        "scim_url": f"{settings.SITE_URL}/scim/v2",
        "scim_users": ScimUser.objects.filter(organisation=organisation).count(),
        "scim_groups": ScimGroup.objects.filter(organisation=organisation).count(),
        "leave_allowed": bool(
            found.scim_leave_allowed_until and found.scim_leave_allowed_until > timezone.now()
        ),
        "sso": {
            "enabled": settings.OIDC_ENABLED,
            "name": settings.OIDC_PROVIDER_NAME,
            "issuer": settings.OIDC_ISSUER,
            "for_this_org": organisation.slug == settings.OIDC_ORGANISATION,
            "match": settings.OIDC_MATCH,
            "callback": f"{settings.SITE_URL}/oidc/callback/",
        },
        "recent": AuditEvent.objects.filter(organisation=organisation, details__source="scim")[:10],
    }
    status = 400 if form.errors else 200
    return render(request, "identity/settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def erase(request, slug, pk):
    scope = get_identity_scope_or_404(request, slug)
    person = get_erasable_person_or_404(scope, pk)
    form = EraseForm(request.POST or None, expected=person.employee_id)
    if request.method == "POST" and form.is_valid():
        erase_person(person, request.user, form.cleaned_data["reason"])
        messages.success(request, _("The person's data is erased."))
        return redirect("people", slug=slug)
    context = {"scope": scope, "org": scope.organisation, "person": person, "form": form}
    return render(request, "identity/erase.html", context, status=400 if form.errors else 200)


@login_required
def my_data(request):
    """One's own data: a page listing one's organisations, each a JSON download."""
    slug = request.GET.get("org", "")
    if slug:
        person = get_own_person_or_404(request, slug)
        data = export_person_data(person, request.user)
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="twoway-my-data-{slug}-{day}.json"'
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "identity/my_data.html", {"people": people_of(request.user)})
