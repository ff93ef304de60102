"""Access management: who has an account in the organisation, and at which level."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import get_admin_scope_or_404
from .forms import ChangeAccessForm, GrantAccessForm, TitleRolesForm
from .models import AuditEvent, Membership, Person
from .services import audit, change_access, grant_access, revoke_access


@login_required
def access_list(request, slug):
    scope = get_admin_scope_or_404(request, slug)
    memberships = (
        Membership.objects.filter(organisation=scope.organisation)
        .select_related("user")
        .order_by("user__username")
    )
    people_by_user = {
        p.user_id: p
        for p in Person.objects.filter(
            organisation=scope.organisation, user__isnull=False
        ).select_related("unit")
    }
    rows = [(m, people_by_user.get(m.user_id)) for m in memberships]
    form = GrantAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.filter(
            organisation=scope.organisation,
            employee_id=form.cleaned_data["employee_id"].strip(),
            is_active=True,
        ).first()
        if person is None:
            form.add_error("employee_id", _("No active person has this employee ID."))
        else:
            grant_access(
                scope.organisation,
                person,
                form.cleaned_data["level"],
                form.cleaned_data["password"],
                actor=request.user,
            )
            messages.success(request, _("Access given to %(name)s.") % {"name": person.full_name})
            return redirect("access", slug=slug)
    context = {"scope": scope, "org": scope.organisation, "rows": rows, "form": form}
    return render(request, "org/access.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def access_change(request, slug, membership_id):
    scope = get_admin_scope_or_404(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=membership_id,
        organisation=scope.organisation,
    )
    form = ChangeAccessForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an access level."))
    elif membership.user_id == request.user.pk:
        messages.error(request, _("You cannot change your own access; ask another admin."))
    elif form.cleaned_data["level"] == "revoke":
        revoke_access(membership, actor=request.user)
    else:
        change_access(membership, form.cleaned_data["level"], actor=request.user)
    return redirect("access", slug=slug)


@login_required
def role_mapping(request, slug):
    scope = get_admin_scope_or_404(request, slug)
    organisation = scope.organisation
    initial = "\n".join(f"{title} = {role}" for title, role in organisation.title_roles.items())
    form = TitleRolesForm(request.POST or None, initial={"mapping": initial})
    if request.method == "POST" and form.is_valid():
        organisation.title_roles = form.cleaned_data["mapping"]
        organisation.save(update_fields=["title_roles"])
        audit(
            organisation,
            request.user,
            AuditEvent.Kind.SETTINGS_CHANGED,
            _("Job title mapping changed"),
            title_roles=organisation.title_roles,
        )
        messages.success(request, _("Mapping saved. It applies to the next import."))
        return redirect("role_mapping", slug=slug)
    context = {"scope": scope, "org": organisation, "form": form}
    return render(request, "org/role_mapping.html", context, status=400 if form.errors else 200)
