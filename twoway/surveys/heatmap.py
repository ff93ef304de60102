"""What the results pages show, prepared from a campaign's results: heatmap columns and cells,
an item's distributions and chart, construct rows. Reads only cells the engine has shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from twoway.insights import severity as severity_band
from twoway.org.models import Unit
from twoway.reports.charts import diverging_bars_svg

from .models import Item, Lens
from .results import VIEWS, unit_key

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
