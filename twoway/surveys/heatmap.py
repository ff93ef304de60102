"""What the results pages show, prepared from a campaign's results: heatmap columns and cells,
an item's distributions and chart, construct rows. Reads only cells the engine has shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from twoway.insights import severity as severity_band
from twoway.org.models import TENURE_BANDS, Unit, WorkLocation
from twoway.org.naming import unit_labels
from twoway.reports.charts import diverging_bars_svg
from twoway.reports.wording import severity_label

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
    hidden: bool = False

    @property
    def pk(self) -> int:
        return self.unit.pk


def unit_columns(scope, level: str) -> list[Column]:
    labels = unit_labels(scope.organisation.pk)
    columns = [Column(labels.get(u.pk, u.name), u) for u in columns_for(scope, level)]
    if level == "team":  # read down the page, site by site
        columns.sort(key=lambda c: tree_order_key(c.unit, labels))
    return columns


def tree_order_key(unit: Unit, labels: dict[int, str]) -> tuple:
    above = [labels.get(pk, "").casefold() for pk in unit.ancestor_ids()[:-1]]
    return (*above, unit.name.casefold())


def mark_hidden_columns(columns: list[Column], rows: list[dict]) -> None:
    """A column whose every cell is hidden says so in its header, in the one wording."""
    for position, column in enumerate(columns):
        column.hidden = bool(rows) and not any(r["cells"][position]["shown"] for r in rows)


TENURE_LABELS = {
    "0-3m": _lazy("Under 3 months"),
    "3-12m": _lazy("3 to 12 months"),
    "1-2y": _lazy("1 to 2 years"),
    "2-5y": _lazy("2 to 5 years"),
    "5y+": _lazy("5 years or more"),
}
TENURE_ORDER = [*(band for _days, band in TENURE_BANDS), "5y+"]


def split_label(by: str, value: str) -> str:
    """A split's value in words: "3 to 12 months", "Remote", "Portuguese"; never a code."""
    if not value:
        return _("not given")
    if by == "tenure_band":
        return str(TENURE_LABELS.get(value, value))
    if by == "work_location":
        return str(WorkLocation(value).label) if value in WorkLocation.values else value
    if by == "language":
        try:
            return get_language_info(value)["name_translated"]
        except KeyError:
            return value
    return value


def split_order(by: str, value: str) -> tuple:
    """Tenure bands by length, others by their words; "not given" last."""
    if not value:
        return (2, "")
    if by == "tenure_band" and value in TENURE_ORDER:
        return (0, TENURE_ORDER.index(value))
    return (1, split_label(by, value).casefold())


def filter_columns(scope, results, by: str) -> list[Column]:
    """The scope's top unit, for everyone and then for each value of the filter."""
    units = columns_for(scope, "site")
    if not units:
        return []
    top = units[0]
    values = {r[by] for r in results.records if r.get(by) is not None}
    ordered = sorted(values, key=lambda value: split_order(by, value))
    return [Column(top.name, top)] + [
        Column(f"{top.name} · {split_label(by, value)}", top, value) for value in ordered
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
        "title": severity_label(gap["severity"])
        + (f" · {_('leaders of %(l)s') % {'l': level}}" if level else ""),
        "delta": gap["cliffs_delta"],
        "mean_diff": gap["mean_diff"],
        "q": gap["q"],
        "significant": significant,
        "severity": gap["severity"],
        "severity_label": severity_label(gap["severity"]),
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


def item_chart(rows: list[dict], item: Item, unit: Unit, language: str = "en") -> str:
    """Diverging stacked bars of the groups shown for this unit (none when all are hidden)."""
    shown = [r for r in rows if r["record"]]
    if not shown:
        return ""
    scale = list(shown[0]["record"]["distribution"])
    return diverging_bars_svg(
        [r["label"] for r in shown],
        [[r["record"]["distribution"][v] for v in scale] for r in shown],
        scale,
        title=f"{getattr(unit, 'label', unit.name)}: {item.wording('frontline', language)}",
    )


def construct_rows(rows: list[dict], language: str = "en") -> list[dict]:
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
        label = (
            (construct.label.get(language) or construct.label.get("en", construct.code))
            if construct
            else _("Other")
        )
        out.append({"label": label, "cells": cells, "items": len(item_rows)})
    return out


def teams_by_construct(columns: list[Column], constructs: list[dict]) -> list[dict]:
    """The team heatmap turned on its side: a row per team, a column per construct, so that
    sixty teams read down the page instead of across five metres of it."""
    return [
        {"column": column, "cells": [construct["cells"][position] for construct in constructs]}
        for position, column in enumerate(columns)
    ]


def mean_cell(shown: list[dict], total: int) -> dict:
    if not shown or len(shown) < total:
        return {"shown": False}
    delta = sum(c["delta"] for c in shown) / len(shown)
    severity = severity_band(abs(delta))
    return {
        "shown": True,
        "label": f"{delta:.2f}",
        "title": severity_label(severity),
        "css": SEVERITY_CLASS[severity] + (" pos" if delta > 0 else " neg"),
        "delta": delta,
    }


def results_leader_lens(view: str) -> str:
    return VIEWS[view]
