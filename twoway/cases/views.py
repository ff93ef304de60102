"""Business-case pages: list, new, view and edit, recompute, upload a plan, PDF, copy, delete."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twoway.staffing import (
    CaseResult,
    PlanFileError,
    StaffingInputError,
    WorkaroundCost,
    workaround_cost,
)

from .access import can_change, get_case_or_404, get_cases_scope_or_404, get_changeable_case
from .casedata import evaluate_form, form_initial, new_case_data
from .compute import chart_svg, evaluate, pdf_bytes, peaks
from .forms import CaseForm, PlanUploadForm, WorkaroundCostForm
from .models import BusinessCase
from .plans import describe_plan, plan_error_message, read_uploaded_plan
from .services import (
    create_case,
    create_case_from_plan,
    delete_case,
    duplicate_case,
    replace_workload,
    update_case,
)

CASES_PER_PAGE = 50


@login_required
def case_list(request, slug):
    scope = get_cases_scope_or_404(request, slug)
    cases = BusinessCase.objects.filter(organisation=scope.organisation).select_related("owner")
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"scope": scope, "org": scope.organisation, "page": page}
    return render(request, "cases/list.html", context)


def results_context(result: CaseResult | None) -> dict:
    """What the results fragment shows: the figures, the chart and its text alternative."""
    if result is None:
        return {"result": None}
    return {"result": result, "chart": chart_svg(result), "peaks": peaks(result)}


def render_editor(
    request, scope, *, form, result, case=None, upload_form=None, problem=None, status=200
):
    """The case page: the form beside its results, editable or read-only."""
    editable = case is None or can_change(scope, request.user, case)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    context = {
        "scope": scope,
        "org": scope.organisation,
        "case": case,
        "form": form,
        "editable": editable,
        "upload_form": upload_form or PlanUploadForm(),
        "problem": problem,
        **results_context(result),
    }
    return render(request, "cases/editor.html", context, status=status)


def _wants_save(request) -> bool:
    return request.POST.get("action") == "save"


@login_required
def case_new(request, slug):
    scope = get_cases_scope_or_404(request, slug)
    if request.method != "POST":
        data, inputs = new_case_data()
        form = CaseForm(initial=form_initial(data, inputs))
        return render_editor(request, scope, form=form, result=evaluate(data))
    form = CaseForm(request.POST)
    data, result = evaluate_form(form, None)
    if result is not None and _wants_save(request):
        case = create_case(scope.organisation, request.user, data, form.workload_inputs())
        messages.success(request, _("Saved “%(name)s”.") % {"name": case.name})
        return redirect("case_detail", slug=slug, pk=case.pk)
    return render_editor(request, scope, form=form, result=result, status=200 if result else 400)


def _saved_result(case: BusinessCase) -> tuple[CaseResult | None, str | None]:
    """The saved case's figures, or why it no longer evaluates (a library rule changed)."""
    try:
        return evaluate(case.data), None
    except StaffingInputError as error:
        return None, str(error)


@login_required
def case_detail(request, slug, pk):
    scope = get_cases_scope_or_404(request, slug)
    if request.method != "POST":
        case = get_case_or_404(scope, pk)
        initial = form_initial(case.data, case.workload_inputs)
        form = CaseForm(initial=initial, has_plan=case.has_plan)
        result, problem = _saved_result(case)
        return render_editor(request, scope, form=form, result=result, case=case, problem=problem)
    case = get_changeable_case(request, scope, pk)
    form = CaseForm(request.POST, has_plan=case.has_plan)
    data, result = evaluate_form(form, case.data)
    if result is not None and _wants_save(request):
        update_case(case, data, form.workload_inputs(case.workload_inputs))
        messages.success(request, _("Saved “%(name)s”.") % {"name": case.name})
        return redirect("case_detail", slug=slug, pk=case.pk)
    return render_editor(
        request, scope, form=form, result=result, case=case, status=200 if result else 400
    )


@login_required
@require_POST
def case_calculate(request, slug, pk=None):
    """The results fragment for the form as it stands (htmx posts here on every change)."""
    scope = get_cases_scope_or_404(request, slug)
    case = get_case_or_404(scope, pk) if pk is not None else None
    form = CaseForm(request.POST, has_plan=bool(case and case.has_plan))
    _data, result = evaluate_form(form, case.data if case else None)
    context = {"form": form, **results_context(result)}
    return render(request, "cases/_calculated.html", context)


def _read_plan(upload_form: PlanUploadForm):
    """The plan in a valid upload form, or None with the error (row and column) on the form."""
    if not upload_form.is_valid():
        return None
    upload = upload_form.cleaned_data["file"]
    try:
        return read_uploaded_plan(upload, upload_form.cleaned_data["interval_minutes"] * 60)
    except PlanFileError as error:
        upload_form.add_error("file", plan_error_message(error, upload.name))
        return None


def _plan_message(request, plan, filename: str) -> None:
    counts = {"file": filename, **describe_plan(plan)}
    text = _("Read %(file)s: %(intervals)s intervals in %(queues)s queues.") % counts
    messages.success(request, text)


@login_required
@require_POST
def case_upload(request, slug):
    """Start a new case from a workload file."""
    scope = get_cases_scope_or_404(request, slug)
    upload_form = PlanUploadForm(request.POST, request.FILES)
    plan = _read_plan(upload_form)
    if plan is not None:
        filename = upload_form.cleaned_data["file"].name
        name = upload_form.cleaned_data["name"] or Path(filename).stem
        try:
            case = create_case_from_plan(scope.organisation, request.user, name, plan, filename)
        except StaffingInputError as error:
            upload_form.add_error("file", str(error))
        else:
            _plan_message(request, plan, filename)
            return redirect("case_detail", slug=slug, pk=case.pk)
    data, inputs = new_case_data()
    form = CaseForm(initial=form_initial(data, inputs))
    return render_editor(
        request, scope, form=form, result=evaluate(data), upload_form=upload_form, status=400
    )


@login_required
@require_POST
def case_plan(request, slug, pk):
    """Replace a saved case's workload with an uploaded file, keeping its levers."""
    scope = get_cases_scope_or_404(request, slug)
    case = get_changeable_case(request, scope, pk)
    upload_form = PlanUploadForm(request.POST, request.FILES)
    plan = _read_plan(upload_form)
    if plan is not None:
        filename = upload_form.cleaned_data["file"].name
        try:
            replace_workload(case, plan, filename)
        except StaffingInputError as error:
            upload_form.add_error("file", str(error))
        else:
            _plan_message(request, plan, filename)
            return redirect("case_detail", slug=slug, pk=case.pk)
    form = CaseForm(initial=form_initial(case.data, case.workload_inputs), has_plan=case.has_plan)
    result, problem = _saved_result(case)
    return render_editor(
        request,
        scope,
        form=form,
        result=result,
        case=case,
        upload_form=upload_form,
        problem=problem,
        status=400,
    )


def pdf_response(result: CaseResult) -> HttpResponse:
    response = HttpResponse(pdf_bytes(result), content_type="application/pdf")
    filename = f"{slugify(result.case.name) or 'business-case'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def case_pdf(request, slug, pk):
    """The saved case as a one-page PDF."""
    scope = get_cases_scope_or_404(request, slug)
    result, problem = _saved_result(get_case_or_404(scope, pk))
    if result is None:
        messages.error(request, problem)
        return redirect("case_detail", slug=slug, pk=pk)
    return pdf_response(result)


@login_required
@require_POST
def case_pdf_from_form(request, slug, pk=None):
    """The one-pager of the form as it stands, saved or not."""
    scope = get_cases_scope_or_404(request, slug)
    case = get_case_or_404(scope, pk) if pk is not None else None
    form = CaseForm(request.POST, has_plan=bool(case and case.has_plan))
    _data, result = evaluate_form(form, case.data if case else None)
    if result is None:
        return render_editor(request, scope, form=form, result=None, case=case, status=400)
    return pdf_response(result)


@login_required
@require_POST
def case_duplicate(request, slug, pk):
    """Anyone who sees a case may copy it; the copy is theirs."""
    scope = get_cases_scope_or_404(request, slug)
    copy = duplicate_case(get_case_or_404(scope, pk), request.user)
    messages.success(request, _("Copied to “%(name)s”.") % {"name": copy.name})
    return redirect("case_detail", slug=slug, pk=copy.pk)


@login_required
def case_delete(request, slug, pk):
    scope = get_cases_scope_or_404(request, slug)
    case = get_changeable_case(request, scope, pk)
    if request.method == "POST":
        delete_case(case)
        messages.success(request, _("Deleted “%(name)s”.") % {"name": case.name})
        return redirect("cases", slug=slug)
    context = {"scope": scope, "org": scope.organisation, "case": case}
    return render(request, "cases/delete.html", context)


# --- The workaround's cost ------------------------------------------------------------------


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
