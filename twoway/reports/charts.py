"""The report's charts as accessible SVG strings, each with a table of the same numbers.

Every chart function takes plain lists and returns an inline <svg> with <title> and <desc>;
its `*_table` twin returns the same numbers as a `Table` for the page and for screen readers.
A value of None is a hidden cell: it is drawn hatched and grey, with no number, ever.
Numbers are written in the active language (call inside `translation.override`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PatchCollection
from matplotlib.colors import Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from twoway.reports.numbers import percent, signed
from twoway.reports.svg import chart_style, figure_svg

GAP_COLORMAP = "RdBu_r"  # red: leaders rate higher; blue: the frontline does; white: no gap
HIDDEN_FILL = "#e6e6e6"
HIDDEN_EDGE = "#9a9a9a"
HIDDEN_HATCH = "////"
NEUTRAL_FILL = "#d4d4d4"
MAX_LABEL = 80  # a whole question fits; longer ones end in …


@dataclass(frozen=True)
class Table:
    """A chart's numbers as text: column headers and one list of cells per row."""

    headers: list[str]
    rows: list[list[str]]


# ---------------------------------------------------------------- gap heatmap


def gap_heatmap_svg(
    rows: list[str],
    columns: list[str],
    deltas: list[list[float | None]],
    marks: list[list[bool]],
    *,
    title: str,
) -> str:
    """Rows (items or constructs) by columns (units), coloured by Cliff's delta on a fixed
    -1..1 diverging scale. None is a hidden cell (hatched, no number); a mark (q < 0.05) adds *.
    """
    _check_grid(rows, columns, deltas, marks)
    with chart_style():
        fig = _heatmap_figure(rows, columns, deltas, marks)
        return figure_svg(fig, title=title, desc=_heatmap_desc(rows, columns, deltas))


def gap_heatmap_table(
    rows: list[str],
    columns: list[str],
    deltas: list[list[float | None]],
    marks: list[list[bool]],
) -> Table:
    """The heatmap's numbers: delta with * where marked, "hidden" where None."""
    _check_grid(rows, columns, deltas, marks)
    body = [
        [row, *(_delta_text(d, m) or _("hidden") for d, m in zip(ds, ms, strict=True))]
        for row, ds, ms in zip(rows, deltas, marks, strict=True)
    ]
    return Table(["", *columns], body)


def _check_grid(
    rows: Sequence[str],
    columns: Sequence[str],
    deltas: Sequence[Sequence[float | None]],
    marks: Sequence[Sequence[bool]],
) -> None:
    if len(deltas) != len(rows) or len(marks) != len(rows):
        raise ValueError(f"deltas and marks need {len(rows)} rows, one per row label")
    for i, (ds, ms) in enumerate(zip(deltas, marks, strict=True)):
        if len(ds) != len(columns) or len(ms) != len(columns):
            raise ValueError(f"row {i}: deltas and marks need {len(columns)} values")
        for d in ds:
            if d is not None and not -1 <= d <= 1:
                raise ValueError(f"row {i}: Cliff's delta {d} is outside -1..1")


def _delta_text(delta: float | None, mark: bool) -> str:
    if delta is None:
        return ""
    return signed(delta) + ("*" if mark else "")


def _heatmap_figure(
    rows: list[str],
    columns: list[str],
    deltas: list[list[float | None]],
    marks: list[list[bool]],
) -> Figure:
    n_rows, n_cols = len(rows), len(columns)
    cell = 0.44 if n_cols <= 16 else 0.32  # inches; 60 columns stay about 20 inches wide
    label_w = min(max((len(_short(r)) for r in rows), default=4) * 0.058 + 0.25, 4.9)
    col_h = min(max((len(_short(c)) for c in columns), default=4) * 0.05 + 0.25, 2.4)
    legend_h = 1.3
    width = max(label_w + n_cols * cell + 1.0, label_w + 3.8)
    height = col_h + n_rows * cell + legend_h
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes(
        (label_w / width, legend_h / height, n_cols * cell / width, n_rows * cell / height)
    )
    cmap, norm = _gap_colours()
    _fill_cells(ax, deltas, cmap, norm)
    _write_cells(ax, deltas, marks, cmap, norm, size=6.5 if cell > 0.4 else 5.2)
    _label_grid(ax, rows, columns)
    _heatmap_legend(fig, label_w / width, width, height, cmap, norm)
    return fig


def _gap_colours():
    return colormaps[GAP_COLORMAP], Normalize(vmin=-1.0, vmax=1.0)


def _fill_cells(ax, deltas: list[list[float | None]], cmap, norm) -> None:
    """Shown cells as one mesh (fast for 30 x 60), hidden ones as one hatched collection."""
    values = np.array([[np.nan if d is None else d for d in ds] for ds in deltas], dtype=float)
    ax.pcolormesh(
        np.ma.masked_invalid(values), cmap=cmap, norm=norm, edgecolors="white", linewidth=0.8
    )
    hidden = [Rectangle((j, i), 1, 1) for i, j in zip(*np.nonzero(np.isnan(values)), strict=True)]
    if hidden:
        ax.add_collection(
            PatchCollection(
                hidden, facecolor=HIDDEN_FILL, edgecolor=HIDDEN_EDGE, hatch=HIDDEN_HATCH, lw=0.5
            )
        )


def _write_cells(ax, deltas, marks, cmap, norm, size: float) -> None:
    """Each shown cell's delta; hidden cells get no text at all."""
    for i, (ds, ms) in enumerate(zip(deltas, marks, strict=True)):
        for j, (delta, mark) in enumerate(zip(ds, ms, strict=True)):
            if delta is None:
                continue
            ax.text(
                j + 0.5,
                i + 0.5,
                _delta_text(delta, mark),
                ha="center",
                va="center",
                fontsize=size,
                color=_ink_on(cmap(norm(delta))),
                fontweight="bold" if mark else "normal",
            )


def _label_grid(ax, rows: list[str], columns: list[str]) -> None:
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(rows), 0)  # first row on top
    ax.xaxis.tick_top()
    ax.set_xticks(np.arange(len(columns)) + 0.5)
    ax.set_xticklabels([_short(c) for c in columns], rotation=55, ha="left", rotation_mode="anchor")
    ax.set_yticks(np.arange(len(rows)) + 0.5)
    ax.set_yticklabels([_short(r) for r in rows])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _heatmap_legend(fig: Figure, left: float, width: float, height: float, cmap, norm) -> None:
    bar_w = min(3.2, width - left * width - 0.4)
    cax = fig.add_axes((left, 0.9 / height, bar_w / width, 0.12 / height))
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=cax, orientation="horizontal")
    bar.set_ticks([-1, -0.5, 0, 0.5, 1])
    bar.set_ticklabels([signed(t, 1) for t in (-1, -0.5, 0, 0.5, 1)])
    bar.ax.tick_params(labelsize=7, length=2)
    bar.set_label(_("Cliff's delta: below 0 the frontline rates higher, above 0 leaders do"))
    bar.ax.xaxis.label.set_fontsize(7)
    fig.legend(
        handles=[
            Patch(
                facecolor=HIDDEN_FILL,
                edgecolor=HIDDEN_EDGE,
                hatch=HIDDEN_HATCH,
                label=_("hidden: too few people, or no comparison"),
            ),
            Patch(
                facecolor="none", edgecolor="none", label=_("* unlikely to be chance (q < 0.05)")
            ),
        ],
        loc="lower left",
        bbox_to_anchor=(left, 0.0),
        ncol=1,
        frameon=False,
        fontsize=7,
        handlelength=1.4,
    )


def _heatmap_desc(rows: list[str], columns: list[str], deltas: list[list[float | None]]) -> str:
    shown = [d for ds in deltas for d in ds if d is not None]
    text = _(
        "Heatmap of %(rows)d rows by %(columns)d columns. Colour shows Cliff's delta, leaders "
        "minus frontline, from -1 (blue, the frontline rates higher) to +1 (red, leaders rate "
        "higher). Hatched grey cells are hidden. An asterisk marks a gap unlikely to be chance."
    ) % {"rows": len(rows), "columns": len(columns)}
    if shown:
        text += " " + _("%(shown)d cells shown, %(hidden)d hidden.") % {
            "shown": len(shown),
            "hidden": len(rows) * len(columns) - len(shown),
        }
    return text


# ---------------------------------------------------------------- diverging bars


def diverging_bars_svg(
    labels: list[str],
    distributions: list[list[int]],
    scale_labels: list[str],
    *,
    title: str,
) -> str:
    """Likert-style diverging stacked bars, one per group, in shares: the low half of the
    scale left of 0, the high half right, a middle point split across 0."""
    shares = _shares(labels, distributions, scale_labels)
    with chart_style():
        fig = _bars_figure(labels, shares, scale_labels)
        desc = _bars_desc(labels, shares, scale_labels)
        return figure_svg(fig, title=title, desc=desc)


def diverging_bars_table(
    labels: list[str], distributions: list[list[int]], scale_labels: list[str]
) -> Table:
    """The bars' shares as percentages, with each group's n."""
    shares = _shares(labels, distributions, scale_labels)
    body = [
        [label, *(percent(s) for s in row), str(sum(counts))]
        for label, row, counts in zip(labels, shares, distributions, strict=True)
    ]
    return Table(["", *scale_labels, "n"], body)


def _shares(
    labels: list[str], distributions: list[list[int]], scale_labels: list[str]
) -> list[list[float]]:
    if len(labels) != len(distributions):
        raise ValueError("one distribution per label")
    out = []
    for label, counts in zip(labels, distributions, strict=True):
        if len(counts) != len(scale_labels):
            raise ValueError(f"{label!r}: {len(counts)} counts for {len(scale_labels)} points")
        if any(c < 0 for c in counts):
            raise ValueError(f"{label!r}: counts cannot be negative")
        total = sum(counts)
        out.append([c / total if total else 0.0 for c in counts])
    return out


def _scale_colours(points: int) -> list[tuple[float, float, float]]:
    cmap = colormaps["RdBu"]
    colours = [to_rgb(cmap(x)) for x in np.linspace(0.12, 0.88, points)]
    if points % 2:
        colours[points // 2] = to_rgb(NEUTRAL_FILL)
    return colours


def _bars_figure(labels: list[str], shares: list[list[float]], scale: list[str]) -> Figure:
    label_w = min(max((len(_short(x)) for x in labels), default=4) * 0.058 + 0.3, 2.6)
    height = 0.34 * len(labels) + 0.75
    width = 6.8
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes(
        (
            label_w / width,
            0.55 / height,
            (width - label_w - 0.25) / width,
            0.34 * len(labels) / height,
        )
    )
    colours = _scale_colours(len(scale))
    for i, row in enumerate(shares):
        _draw_bar(ax, i, row, colours)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_xlim(-1, 1)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels([_short(x) for x in labels])
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.set_xticklabels([percent(abs(t)) for t in (-1, -0.5, 0, 0.5, 1)])
    ax.tick_params(length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    handles = [Patch(facecolor=c, label=s) for c, s in zip(colours, scale, strict=True)]
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=min(len(scale), 6),
        frameon=False,
        fontsize=7,
        handlelength=1.2,
    )
    return fig


def _draw_bar(ax, i: int, row: list[float], colours) -> None:
    points = len(row)
    middle = row[points // 2] / 2 if points % 2 else 0.0
    cursor = -(sum(row[: points // 2]) + middle)
    for share, colour in zip(row, colours, strict=True):
        if share > 0:
            ax.barh(i, share, left=cursor, height=0.62, color=colour, edgecolor="white", lw=0.5)
            if share >= 0.07:
                ax.text(
                    cursor + share / 2,
                    i,
                    percent(share),
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color=_ink_on(colour),
                )
        cursor += share


def _bars_desc(labels: list[str], shares: list[list[float]], scale: list[str]) -> str:
    parts = []
    for label, row in zip(labels, shares, strict=True):
        answers = ", ".join(f"{s} {percent(x)}" for s, x in zip(scale, row, strict=True))
        parts.append(f"{label}: {answers}.")
    return _("Diverging stacked bars, shares of answers per group.") + " " + " ".join(parts)


# ---------------------------------------------------------------- participation


def participation_svg(units: list[str], rates: list[float | None], *, title: str) -> str:
    """Horizontal bars of response rates (0..1); None is a hidden unit, drawn with no number."""
    _check_rates(units, rates)
    with chart_style():
        fig = _participation_figure(units, rates)
        return figure_svg(fig, title=title, desc=_participation_desc(units, rates))


def participation_table(units: list[str], rates: list[float | None]) -> Table:
    _check_rates(units, rates)
    body = [
        [u, _("hidden") if r is None else percent(r)] for u, r in zip(units, rates, strict=True)
    ]
    return Table([_("Unit"), _("Response rate")], body)


def _check_rates(units: list[str], rates: list[float | None]) -> None:
    if len(units) != len(rates):
        raise ValueError("one rate per unit")
    for unit, rate in zip(units, rates, strict=True):
        if rate is not None and not 0 <= rate <= 1:
            raise ValueError(f"{unit!r}: a rate is a share between 0 and 1, not {rate}")


def _participation_figure(units: list[str], rates: list[float | None]) -> Figure:
    label_w = min(max((len(_short(u)) for u in units), default=4) * 0.058 + 0.3, 3.0)
    height = 0.3 * len(units) + 0.7
    width = 6.8
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes(
        (label_w / width, 0.45 / height, (width - label_w - 0.6) / width, 0.3 * len(units) / height)
    )
    for i, rate in enumerate(rates):
        if rate is None:
            ax.barh(i, 1, height=0.6, color=HIDDEN_FILL, edgecolor=HIDDEN_EDGE, hatch=HIDDEN_HATCH)
            ax.text(0.02, i, _("hidden"), va="center", fontsize=7, color="#333333")
            continue
        ax.barh(i, rate, height=0.6, color="#3b6ea5")
        ax.text(rate + 0.01, i, percent(rate), va="center", fontsize=7, color="#222222")
    ax.set_xlim(0, 1.08)
    ax.set_ylim(len(units) - 0.5, -0.5)
    ax.set_yticks(range(len(units)))
    ax.set_yticklabels([_short(u) for u in units])
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xticklabels([percent(t) for t in (0, 0.25, 0.5, 0.75, 1)])
    ax.tick_params(length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def _participation_desc(units: list[str], rates: list[float | None]) -> str:
    parts = [
        f"{u}: {_('hidden') if r is None else percent(r)}."
        for u, r in zip(units, rates, strict=True)
    ]
    return _("Response rate by unit.") + " " + " ".join(parts)


# ---------------------------------------------------------------- shared


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _ink_on(colour) -> str:
    """Black or white text, whichever reads better on this fill (WCAG relative luminance)."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.22 else "#ffffff"
