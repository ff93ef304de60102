"""Pages for an organisation: home, unit tree, people, roster import and export, access and
the audit log. Log-in, passwords and invitations are in `account_views`."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import (
    get_admin_scope_or_404,
    get_pending_upload_or_404,
    get_scope_or_404,
    organisations_for,
)
from .export import roster_csv, roster_xlsx
from .forms import (
    ChangeAccessForm,
    ConfirmImportForm,
    GrantAccessForm,
    PeopleFilterForm,
    RosterUploadForm,
    TitleRolesForm,
)
from .home import home_sections
from .models import LEADER_ROLES, AuditEvent, Membership, Person, Role
from .naming import label_units, tree_order
from .services import (
    AccessRefused,
    change_access,
    discard_upload,
    grant_access,
    import_roster,
    mark_upload_applied,
    preview_roster,
    revoke_access,
    set_title_roles,
    store_roster_upload,
    summarise_counts,
)

PEOPLE_PER_PAGE = 50
MAX_INDENT = 8  # twoway.css has a class per depth (no style attributes under the CSP)


@login_required
def home(request):
    organisations = list(organisations_for(request.user))
    if len(organisations) == 1:
        return redirect("org_home", slug=organisations[0].slug)
    return render(request, "org/choose_org.html", {"organisations": organisations})


@login_required
def org_home(request, slug):
    scope = get_scope_or_404(request, slug)
    people = scope.people().filter(is_active=True)
    totals = people.aggregate(
        total=Count("pk"),
        agents=Count("pk", filter=Q(role=Role.AGENT)),
        leaders=Count("pk", filter=Q(role__in=LEADER_ROLES)),
    )
    context = {"scope": scope, "org": scope.organisation, "totals": totals}
    context["closed_campaigns"] = [
        # Diagnostics only: a pulse wave's figures are read on the pulse pages.
        c
        for c in scope.organisation.campaigns.filter(launched=True, pulse_wave__isnull=True)[:10]
        if c.status == "closed"
    ]
    if scope.is_admin:
        context["recent_events"] = AuditEvent.objects.filter(organisation=scope.organisation)[:5]
    context["sections"] = home_sections(scope)
    return render(request, "org/home.html", context)


def role_counts_by_unit(people) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in people.values("unit_id", "role").annotate(n=Count("pk")).order_by():
        counts[row["unit_id"]][row["role"]] = row["n"]
    return counts


def unit_rows(units, counts: dict[int, dict[str, int]]) -> list[dict]:
    """Units in tree order, each with head-counts by role for its whole subtree."""
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit in units:
        for role, n in counts.get(unit.pk, {}).items():
            for ancestor in unit.ancestor_ids():
                totals[ancestor][role] += n
    rows = []
    for unit in units:
        by_role = totals.get(unit.pk, {})
        rows.append(
            {
                "unit": unit,
                "agents": by_role.get(Role.AGENT, 0),
                "leaders": sum(by_role.get(r, 0) for r in LEADER_ROLES),
                "support": by_role.get(Role.SUPPORT, 0),
                "total": sum(by_role.values()),
            }
        )
    return rows


@login_required
def unit_tree(request, slug):
    scope = get_scope_or_404(request, slug)
    if not scope.sees_people:
        raise Http404
    units = tree_order(list(scope.units()))
    base_depth = min((u.depth for u in units), default=0)
    counts = role_counts_by_unit(scope.people().filter(is_active=True))
    rows = unit_rows(units, counts)
    for row in rows:
        row["indent"] = min(row["unit"].depth - base_depth, MAX_INDENT)
    return render(
        request, "org/unit_tree.html", {"scope": scope, "org": scope.organisation, "rows": rows}
    )


def filter_people(scope, form: PeopleFilterForm):
    people = scope.people().select_related("unit", "manager")
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or "active"
    if status != "all":
        people = people.filter(is_active=status == "active")
    if query := (data.get("q") or "").strip():
        people = people.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(employee_id__icontains=query)
            | Q(email__icontains=query)
        )
    if data.get("role"):
        people = people.filter(role=data["role"])
    if data.get("location"):
        people = people.filter(work_location=data["location"])
    if data.get("unit"):
        unit = scope.units().filter(pk=data["unit"]).first()
        people = people.filter(unit__path__startswith=unit.path) if unit else people.none()
    return people.order_by("last_name", "first_name", "employee_id")


@login_required
def people_list(request, slug):
    scope = get_scope_or_404(request, slug)
    if not scope.sees_people:
        raise Http404
    form = PeopleFilterForm(request.GET)
    page = Paginator(filter_people(scope, form), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "form": form,
        "page": page,
        "query": query.urlencode(),
    }
    template = "org/_people_table.html" if request.headers.get("HX-Request") else "org/people.html"
    return render(request, template, context)


@login_required
def person_detail(request, slug, pk):
    scope = get_scope_or_404(request, slug)
    person = get_object_or_404(scope.people().select_related("unit", "manager"), pk=pk)
    return render(
        request, "org/person.html", {"scope": scope, "org": scope.organisation, "person": person}
    )


@login_required
def audit_log(request, slug):
    scope = get_admin_scope_or_404(request, slug)
    events = AuditEvent.objects.filter(organisation=scope.organisation)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request, "org/audit.html", {"scope": scope, "org": scope.organisation, "page": page}
    )


# --- Roster ---------------------------------------------------------------------------------

PREVIEW_ROWS = 200


@login_required
def roster_import(request, slug):
    scope = get_admin_scope_or_404(request, slug)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        pending = store_roster_upload(
            scope.organisation, request.user, upload.name, upload.read(),
            form.cleaned_data["date_order"],
        )  # fmt: skip
        return redirect("roster_preview", slug=slug, upload_id=pending.pk)
    return render(
        request,
        "org/roster_import.html",
        {"scope": scope, "org": scope.organisation, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def roster_preview(request, slug, upload_id):
    scope = get_admin_scope_or_404(request, slug)
    pending = get_pending_upload_or_404(request, scope, upload_id)
    outcome = preview_roster(
        scope.organisation, bytes(pending.content), pending.filename, pending.date_order
    )
    if outcome.errors:
        discard_upload(pending)
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
    pending = get_pending_upload_or_404(request, scope, upload_id)
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
    mark_upload_applied(pending)
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


# --- Access ---------------------------------------------------------------------------------


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
    label_units([p.unit for p in people_by_user.values()])
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
            try:
                outcome = grant_access(
                    scope.organisation,
                    person,
                    form.cleaned_data["level"],
                    form.cleaned_data["password"],
                    actor=request.user,
                )
            except AccessRefused as refusal:
                form.add_error(refusal.field or None, refusal.message)
            else:
                report_grant(request, person, outcome)
                return redirect("access", slug=slug)
    context = {"scope": scope, "org": scope.organisation, "rows": rows, "form": form}
    return render(request, "org/access.html", context, status=400 if form.errors else 200)


def report_grant(request, person, outcome) -> None:
    if outcome.membership is not None:
        messages.success(request, _("Access given to %(name)s.") % {"name": person.full_name})
    elif outcome.mail_failed:
        messages.error(
            request,
            _("%(name)s already has an account, so an invitation is needed, but it could not "
              "be e-mailed to %(to)s. Check the mail settings and give access again.")
            % {"name": person.full_name, "to": outcome.invited},
        )  # fmt: skip
    else:
        messages.success(
            request,
            _("%(name)s already has a twoway account, so no password was set: an invitation "
              "went to %(to)s. Access starts when its owner accepts.")
            % {"name": person.full_name, "to": outcome.invited},
        )  # fmt: skip


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
    elif form.cleaned_data["level"] == membership.level:
        messages.info(request, _("Nothing changed: that is already their access."))
    elif form.demotes(membership) and not form.cleaned_data["confirmed"]:
        context = {
            "scope": scope,
            "org": scope.organisation,
            "membership": membership,
            "level": form.cleaned_data["level"],
            "level_label": dict(form.fields["level"].choices)[form.cleaned_data["level"]],
        }
        return render(request, "org/access_confirm.html", context)
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
        set_title_roles(organisation, form.cleaned_data["mapping"], request.user)
        messages.success(request, _("Mapping saved. It applies to the next import."))
        return redirect("role_mapping", slug=slug)
    context = {"scope": scope, "org": organisation, "form": form}
    return render(request, "org/role_mapping.html", context, status=400 if form.errors else 200)
