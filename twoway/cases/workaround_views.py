"""The workaround's cost page: what a broken process costs in hours, money and FTE."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from twoway.staffing import StaffingInputError, WorkaroundCost, workaround_cost

from .access import get_cases_scope_or_404
from .forms import WorkaroundCostForm


def price_workaround(form: WorkaroundCostForm) -> WorkaroundCost | None:
    """The cost for a valid form, or None with the errors on the form."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return workaround_cost(
            data["minutes_lost_per_occurrence"],
            data["occurrences_per_agent_per_day"],
            data["agents_affected"],
            data["cost_per_hour"],
            data["working_days_per_year"],
            data["paid_hours_per_day"],
            name=data["name"],
        )
    except StaffingInputError as error:
        form.add_library_error(error)
        return None


@login_required
def workaround_cost_page(request, slug):
    """GET shows the form priced at its defaults; POST (htmx or not) prices what was typed."""
    scope = get_cases_scope_or_404(request, slug)
    form = WorkaroundCostForm(request.POST or None)
    if request.method == "POST":
        cost = price_workaround(form)
        currency = form.cleaned_data.get("currency", "$") if cost else "$"
    else:
        bound = WorkaroundCostForm({name: f.initial for name, f in form.fields.items()})
        cost, currency = price_workaround(bound), "$"
    context = {"form": form, "cost": cost, "currency": currency}
    if request.headers.get("HX-Request") == "true":
        return render(request, "cases/_workaround_result.html", context)
    context.update(scope=scope, org=scope.organisation)
    return render(request, "cases/workaround.html", context, status=400 if form.errors else 200)
