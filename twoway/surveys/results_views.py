"""Results pages: the gap heatmap, an item's two distributions, comments. Scoped and suppressed."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from twoway.insights import severity as severity_band
from twoway.org.access import get_scope_or_404
from twoway.org.models import Unit
from twoway.reports.charts import diverging_bars_svg
from twoway.reports.render import render_report_html

from .models import Item, Lens
from .report import build_report, report_pdf
from .results import (
    FILTERS,
    RESPONDENTS,
    VIEWS,
    ResultsNotReady,
    campaign_results,
    comments_for,
    unit_key,
)
from .views import get_campaign_or_404, get_leader_scope_or_404

MAX_COLUMNS = 80
SEVERITY_CLASS = {"negligible": "sev0", "small": "sev1", "medium": "sev2", "large": "sev3"}


def columns_for(scope, level: str) -> list[Unit]:
    """The units shown as heatmap columns: the scope's top unit and its children, or teams."""
    units = list(scope.units().order_by("path"))
    if not units:
        return []
    top = min(u.depth for u in units)
    if level == "team":
        chosen = [u for u in units if u.kind == "team"]
    else:
        chosen = [u for u in units if u.depth in (top, top + 1)]
    return sorted(chosen, key=lambda u: (u.depth, u.name.casefold()))[:MAX_COLUMNS]


@dataclass
class Column:
    name: str
    unit: Unit
    group: str | None = None

    @property
    def pk(self) -> int:
        return self.unit.pk


def unit_columns(scope, level: str) -> list[Column]:
    return [Column(u.name, u) for u in columns_for(scope, level)]


def filter_columns(scope, results, by: str) -> list[Column]:
    """The scope's top unit, for everyone and then for each value of the filter."""
    units = columns_for(scope, "site")
    if not units:
        return []
    top = units[0]
    values = sorted({r[by] for r in results.records if r.get(by) is not None}, key=str)
    return [Column(top.name, top)] + [
        Column(f"{top.name} · {value or _('not given')}", top, value) for value in values
    ]


def heatmap_cell(results, unit: Unit, item: str, group=None) -> dict:
    record = results.cell(unit_key(unit.path), "frontline", item, group)
    gap = record.get("gap") if record and not record["suppressed"] else None
    if not gap:
        return {"shown": False}
    leader_unit = results.units.get(gap["leader_unit"])
    level = leader_unit.name if leader_unit and leader_unit.pk != unit.pk else ""
    significant = gap["q"] is not None and gap["q"] < 0.05
    return {
        "shown": True,
        # Formatted here, not in the template: a 30 x 60 heatmap renders 1,800 cells.
        "label": f"{gap['cliffs_delta']:.2f}{' ●' if significant else ''}{'†' if level else ''}",
        "title": gap["severity"] + (f" · {_('leaders of %(l)s') % {'l': level}}" if level else ""),
        "delta": gap["cliffs_delta"],
        "mean_diff": gap["mean_diff"],
        "q": gap["q"],
        "significant": significant,
        "severity": gap["severity"],
        "css": SEVERITY_CLASS.get(gap["severity"], "sev0")
        + (" pos" if gap["cliffs_delta"] > 0 else " neg"),
        "leader_level": level,
    }


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
    level = request.GET.get("level", "site")
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
            "cells": [heatmap_cell(results, c.unit, item.code, c.group) for c in columns],
        }
        for item in items
    ]
    by_construct = request.GET.get("rows") == "constructs"
    context = {
        "scope": scope,
        "org": scope.organisation,
        "campaign": campaign,
        "view": view,
        "level": level,
        "by": by or "",
        "filters": [
            ("", _("No filter")),
            ("tenure_band", _("Tenure")),
            ("work_location", _("Work location")),
            ("language", _("Language")),
        ],
        "columns": columns,
        "rows": rows,
        "constructs": construct_rows(rows) if by_construct else None,
        "views": [
            ("now", _("Believed now vs experienced")),
            ("wanted", _("Wanted vs experienced")),
        ],
    }
    return render(request, "surveys/results.html", context)


def distribution_rows(results, unit: Unit, item: Item) -> list[dict]:
    rows = []
    for lens, label in (
        ("leader", Lens(results_leader_lens(results.view)).label),
        ("frontline", Lens.FRONTLINE.label),
    ):
        record = results.cell(unit_key(unit.path), lens, item.code)
        if record and not record["suppressed"]:
            total = (
                sum(record["distribution"].values())
                if isinstance(record["distribution"], dict)
                else sum(record["distribution"])
            )
            rows.append({"label": label, "record": record, "total": total})
        else:
            rows.append({"label": label, "record": None})
    return rows


def item_chart(rows: list[dict], item: Item, unit: Unit) -> str:
    """Diverging stacked bars of the groups shown for this unit (none when all are hidden)."""
    shown = [r for r in rows if r["record"]]
    if not shown:
        return ""
    scale = list(shown[0]["record"]["distribution"])
    return diverging_bars_svg(
        [r["label"] for r in shown],
        [[r["record"]["distribution"][v] for v in scale] for r in shown],
        scale,
        title=f"{unit.name}: {item.frontline_text.get('en', item.code)}",
    )


def construct_rows(rows: list[dict]) -> list[dict]:
    """One row per construct: the mean Cliff's delta of its items, where every item is shown.

    Computed only from cells already shown, so it reveals nothing the item rows do not.
    """
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["item"].construct_id, []).append(row)
    out = []
    for item_rows in grouped.values():
        construct = item_rows[0]["item"].construct
        cells = []
        for column in range(len(item_rows[0]["cells"])):
            column_cells = [r["cells"][column] for r in item_rows]
            cells.append(mean_cell([c for c in column_cells if c["shown"]], len(column_cells)))
        label = construct.label.get("en", construct.code) if construct else _("Other")
        out.append({"label": label, "cells": cells, "items": len(item_rows)})
    return out


def mean_cell(shown: list[dict], total: int) -> dict:
    if not shown or len(shown) < total:
        return {"shown": False}
    delta = sum(c["delta"] for c in shown) / len(shown)
    severity = severity_band(abs(delta))
    return {
        "shown": True,
        "label": f"{delta:.2f}",
        "title": severity,
        "css": SEVERITY_CLASS[severity] + (" pos" if delta > 0 else " neg"),
        "delta": delta,
    }


def results_leader_lens(view: str) -> str:
    return VIEWS[view]


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
    units = columns_for(scope, request.GET.get("level", "site"))
    blocks = []
    for unit in units:
        rows = distribution_rows(results, unit, item)
        blocks.append(
            {
                "unit": unit,
                "rows": rows,
                "gap": heatmap_cell(results, unit, item.code),
                "chart": item_chart(rows, item, unit),
            }
        )
    context = {
        "scope": scope,
        "org": scope.organisation,
        "campaign": campaign,
        "item": item,
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


def get_whole_org_scope_or_404(request, slug):
    """The executive report covers every unit: for admins and whoever leads the whole center."""
    scope = get_leader_scope_or_404(request, slug)
    if not (scope.is_admin or scope.unit_path == min_root_path(scope)):
        raise Http404
    return scope


def min_root_path(scope) -> str:
    root = Unit.objects.filter(organisation=scope.organisation, depth=0).order_by("pk").first()
    return root.path if root else ""


def report_language(request, campaign) -> str:
    language = request.GET.get("lang", "en")
    return language if language in (campaign.languages or ["en"]) else "en"


@login_required
@closed_only
def executive_report(request, slug, campaign_id):
    scope = get_whole_org_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    report = build_report(campaign, report_language(request, campaign))
    return HttpResponse(render_report_html(report))


@login_required
@closed_only
def executive_report_pdf(request, slug, campaign_id):
    scope = get_whole_org_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    language = report_language(request, campaign)
    response = HttpResponse(report_pdf(campaign, language), content_type="application/pdf")
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
        writer.writerow(
            [
                visible[r["unit"]].name,
                r["lens"],
                r["item"],
                r["suppressed"],
                r.get("reason", ""),
                *figures,
                *gap_figures,
            ]
        )
    return response


CSV_COLUMNS = [
    "unit", "lens", "item", "suppressed", "reason", "n", "mean", "top2",
    "leader_unit", "mean_diff", "cliffs_delta", "p", "q", "severity",
]  # fmt: skip


@login_required
@closed_only
def results_for_everyone(request, slug, campaign_id):
    """The whole organisation's results, for everyone in it, agents included (DESIGN 3.6).

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
