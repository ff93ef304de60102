"""Pages for an organisation: home, unit tree, people, audit log."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .access import get_admin_scope_or_404, get_scope_or_404, organisations_for
from .forms import PeopleFilterForm
from .models import LEADER_ROLES, AuditEvent, Role

PEOPLE_PER_PAGE = 50


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
        c for c in scope.organisation.campaigns.filter(launched=True)[:10] if c.status == "closed"
    ]
    if scope.is_admin:
        context["recent_events"] = AuditEvent.objects.filter(organisation=scope.organisation)[:5]
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
        ancestor_ids = [int(part) for part in unit.path.strip("/").split("/")]
        for role, n in counts.get(unit.pk, {}).items():
            for ancestor in ancestor_ids:
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


def tree_order(units: list) -> list:
    """Depth-first order with siblings sorted by name, as people expect to read a tree."""
    names = {unit.pk: unit.name.casefold() for unit in units}

    def key(unit):
        return tuple(names.get(int(part), "") for part in unit.path.strip("/").split("/"))

    return sorted(units, key=key)


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
        row["indent"] = row["unit"].depth - base_depth
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
