"""Results pages: the gap heatmap, an item's two distributions, comments. Scoped and suppressed."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from twoway.org.access import get_leader_scope_or_404, get_scope_or_404
from twoway.org.naming import label_units, unit_labels
from twoway.reports.render import render_report_html
from twoway.safefiles import spreadsheet_safe

from ..access import get_campaign_or_404, report_unit
from ..heatmap import (
    columns_for,
    construct_rows,
    distribution_rows,
    filter_columns,
    heatmap_cell,
    item_chart,
    mark_hidden_columns,
    teams_by_construct,
    unit_columns,
)
from ..models import Item
from ..report import build_report, report_pdf
from ..results import (
    FILTERS,
    RESPONDENTS,
    VIEWS,
    ResultsNotReady,
    campaign_results,
    comments_for,
    unit_key,
)


def closed_only(view):
    """Results pages of a campaign still open say when results will appear, and show none."""

    def wrapper(request, slug, campaign_id, *args, **kwargs):
        try:
            return view(request, slug, campaign_id, *args, **kwargs)
        except ResultsNotReady:
            scope = get_leader_scope_or_404(request, slug)
            campaign = get_campaign_or_404(scope, campaign_id)
            context = {"scope": scope, "org": scope.organisation, "campaign": campaign}
            return render(request, "surveys/results_not_ready.html", context)

    return wrapper


def _options(request):
    view = request.GET.get("view", "now")
    by = request.GET.get("by") or None
    if view not in VIEWS or (by is not None and by not in FILTERS):
        raise Http404
    return view, by


@login_required
@closed_only
def results_heatmap(request, slug, campaign_id):
    scope = get_leader_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    view, by = _options(request)
    level = "team" if request.GET.get("level") == "team" and not by else "site"
    language = (get_language() or "en")[:2]
    results = campaign_results(campaign, view, by)
    columns = filter_columns(scope, results, by) if by else unit_columns(scope, level)
    items = [
        i
        for i in Item.objects.filter(template_id=campaign.template_id).select_related("construct")
        if i.is_rating
    ]
    rows = [
        {
            "item": item,
            "text": item.wording("frontline", language),
            "cells": [heatmap_cell(results, c.unit, item.code, c.group) for c in columns],
        }
        for item in items
    ]
    mark_hidden_columns(columns, rows)
    by_construct = request.GET.get("rows") == "constructs" or level == "team"
    constructs = construct_rows(rows, language) if by_construct else None
    context = {
        "scope": scope,
        "org": scope.organisation,
        "campaign": campaign,
        "view": view,
        "level": level,
        "by": by or "",
        "filters": [
            ("", _("No split")),
            ("tenure_band", _("Tenure")),
            ("work_location", _("Work location")),
            ("language", _("Language")),
        ],
        "columns": columns,
        "any_hidden_column": any(c.hidden for c in columns),
        "rows": rows,
        "constructs": constructs,
        "teams": teams_by_construct(columns, constructs) if level == "team" else None,
        "views": [
            ("now", _("Believed now vs experienced")),
            ("wanted", _("Wanted vs experienced")),
        ],
    }
    return render(request, "surveys/results.html", context)


@login_required
@closed_only
def results_item(request, slug, campaign_id, item_code):
    scope = get_leader_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    view, _by = _options(request)
    item = Item.objects.filter(template_id=campaign.template_id, code=item_code).first()
    if item is None or not item.is_rating or item_code == RESPONDENTS:
        raise Http404
    results = campaign_results(campaign, view)
    language = (get_language() or "en")[:2]
    units = label_units(columns_for(scope, request.GET.get("level", "site")))
    blocks = []
    for unit in units:
        rows = distribution_rows(results, unit, item)
        blocks.append(
            {
                "unit": unit,
                "rows": rows,
                "gap": heatmap_cell(results, unit, item.code),
                "chart": item_chart(rows, item, unit, language),
            }
        )
    context = {
        "scope": scope,
        "org": scope.organisation,
        "campaign": campaign,
        "item": item,
        "text": item.wording("frontline", language),
        "leader_text": item.wording("leader", language),
        "blocks": blocks,
        "view": view,
    }
    return render(request, "surveys/results_item.html", context)


@login_required
@closed_only
def results_comments(request, slug, campaign_id, unit_id):
    scope = get_leader_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    unit = scope.units().filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    label_units([unit])
    results = campaign_results(campaign, "now")
    comments = comments_for(campaign, unit, results)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "campaign": campaign,
        "unit": unit,
        "comments": comments,
    }
    return render(request, "surveys/results_comments.html", context)


def report_language(request, campaign) -> str:
    language = request.GET.get("lang", "en")
    return language if language in (campaign.languages or ["en"]) else "en"


@login_required
@closed_only
def executive_report(request, slug, campaign_id):
    """The report of the reader's scope: the whole organisation for admins and for whoever
    leads all of it, else the subtree of the unit the reader leads (same release, same rules)."""
    scope = get_leader_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    report = build_report(campaign, report_language(request, campaign), report_unit(scope))
    return HttpResponse(render_report_html(report))


@login_required
@closed_only
def executive_report_pdf(request, slug, campaign_id):
    scope = get_leader_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    language = report_language(request, campaign)
    pdf = report_pdf(campaign, language, report_unit(scope))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="alignment-report-{campaign.pk}-{language}.pdf"'
    )
    return response


@login_required
@closed_only
def results_csv(request, slug, campaign_id):
    """The caller's cells as CSV, like the API: suppressed cells carry no figures."""
    scope = get_leader_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    view, _by = _options(request)
    results = campaign_results(campaign, view)
    visible = {unit_key(u.path): u for u in scope.units()}
    labels = unit_labels(scope.organisation.pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="results-{campaign.pk}-{view}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for r in results.records:
        if r["item"] == RESPONDENTS or r["unit"] not in visible:
            continue
        gap = r.get("gap") or {}
        figures = (
            [r.get("n"), r.get("mean"), r.get("top2")] if not r["suppressed"] else ["", "", ""]
        )
        gap_figures = [
            gap.get(k, "")
            for k in ("leader_unit", "mean_diff", "cliffs_delta", "p", "q", "severity")
        ]
        row = [
            labels.get(visible[r["unit"]].pk, visible[r["unit"]].name),
            r["lens"],
            r["item"],
            r["suppressed"],
            r.get("reason", ""),
            *figures,
            *gap_figures,
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response


CSV_COLUMNS = [
    "unit", "lens", "item", "suppressed", "reason", "n", "mean", "top2",
    "leader_unit", "mean_diff", "cliffs_delta", "p", "q", "severity",
]  # fmt: skip


@login_required
@closed_only
def results_for_everyone(request, slug, campaign_id):
    """The whole organisation's results, for everyone in it, agents included (docs/privacy.md).

    Only the organisation-wide cells: no unit, so nothing about any team.
    """
    scope = get_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    results = campaign_results(campaign, "now")
    rows = []
    for code, item in results.items.items():
        if not item.is_rating:
            continue
        frontline = results.cell("", "frontline", code)
        leaders = results.cell("", "leader", code)
        rows.append(
            {
                "item": item,
                "frontline": frontline if frontline and not frontline["suppressed"] else None,
                "leaders": leaders if leaders and not leaders["suppressed"] else None,
            }
        )
    context = {"scope": scope, "org": scope.organisation, "campaign": campaign, "rows": rows}
    return render(request, "surveys/results_everyone.html", context)
