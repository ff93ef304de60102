"""The business-case one-pager: an HTML string (for the web page and the PDF) with an SVG chart.

matplotlib and WeasyPrint are imported inside the functions that need them, so the rest of
`twoway.staffing` stays NumPy/SciPy only.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from twoway.staffing.case import SHARE_ASSUMPTIONS, CaseResult


def agents_chart_svg(result: CaseResult, width_in: float = 7.2, height_in: float = 2.6) -> str:
    """Agents per interval start (all queues summed), baseline and every scenario, as SVG text."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in))
    axes = figure.add_subplot()
    for name, series in result.agents_by_start.items():
        axes.step(range(len(series)), series, where="post", linewidth=1.2, label=name)
    ticks = list(range(0, len(result.starts), max(1, len(result.starts) // 7)))
    axes.set_xticks(ticks, [result.starts[i] for i in ticks], fontsize=7)
    axes.set_ylabel("agents", fontsize=8)
    axes.tick_params(axis="y", labelsize=7)
    axes.legend(fontsize=7, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _money(value: float | None, currency: str) -> str:
    if value is None:
        return "never"
    sign = "-" if round(value) < 0 else ""
    return f"{sign}{currency}{abs(round(value)):,.0f}"


def _months(value: float | None) -> str:
    return "never" if value is None else f"{round(value, 1):.1f} months"


def _share(value: float) -> str:
    return f"{round(value * 100, 1):g}%"


@dataclass(frozen=True)
class Formats:
    """How the one-pager writes numbers. The web app passes the functions its pages use
    (`twoway.reports.numbers`), so the page, the PDF table and the PDF summary agree; these
    defaults are for the command line, in English."""

    money: Callable[[float | None, str], str] = _money
    months: Callable[[float | None], str] = _months
    share: Callable[[float], str] = _share
    fte: Callable[[float], str] = lambda value: f"{round(value, 1):,.1f}"


PLAIN = Formats()


def assumption_text(entry: dict, formats: Formats = PLAIN) -> str:
    """An assumption's value as its form field takes it: shares as percentages."""
    value = entry["value"]
    if entry["name"] in SHARE_ASSUMPTIONS and isinstance(value, int | float):
        return formats.share(float(value))
    return "—" if value is None else str(value)


def _scenario_rows(result: CaseResult, formats: Formats = PLAIN) -> str:
    cur = result.case.currency
    rows = []
    for s in [result.baseline, *result.scenarios]:
        payback = "-" if s is result.baseline else formats.months(s.payback_months)
        cells = [
            html.escape(s.name),
            formats.fte(s.fte),
            formats.fte(s.fte_saved),
            formats.money(s.total_cost_per_year, cur),
            formats.money(s.money_saved_per_year, cur),
            formats.money(s.one_off_cost, cur),
            payback,
            formats.money(s.npv, cur),
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return "\n".join(rows)


_STYLE = """
@page { size: A4; margin: 14mm; }
body { font-family: sans-serif; font-size: 9pt; color: #222; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 10.5pt; margin: 4mm 0 1mm; }
table { border-collapse: collapse; width: 100%; } td, th { padding: 1mm 2mm; text-align: right; }
td:first-child, th:first-child { text-align: left; }
tr:nth-child(even) { background: #f3f3f3; }
th { border-bottom: 1px solid #999; } .chart svg { width: 100%; height: auto; }
.small { font-size: 7.5pt; color: #555; }
"""


_WORKAROUNDS = """<h2>Workarounds</h2><table><tr><th>Workaround</th><th>Hours a year</th>
<th>FTE</th><th>Cost a year</th></tr>{rows}</table>"""


def case_html(result: CaseResult, chart_svg: str | None = None, formats: Formats = PLAIN) -> str:
    """Self-contained HTML one-pager: headline, scenarios, chart, workarounds, assumptions."""
    case, cur = result.case, result.case.currency
    svg = agents_chart_svg(result) if chart_svg is None else chart_svg
    best = max(result.scenarios, key=lambda s: s.npv, default=None)
    headline = (
        ""
        if best is None
        else (
            f"<p><b>{html.escape(best.name)}</b>: {formats.fte(best.fte_saved)} FTE, "
            f"{formats.money(best.money_saved_per_year, cur)} a year, paid back in "
            f"{formats.months(best.payback_months)}.</p>"
        )
    )
    workarounds = "".join(
        f"<tr><td>{html.escape(w.name)}</td><td>{w.hours_per_year:,.0f} h</td>"
        f"<td>{formats.fte(w.fte)}</td><td>{formats.money(w.cost_per_year, cur)}</td></tr>"
        for w in result.workarounds
    )
    assumptions = "".join(
        f"<tr><td>{html.escape(a['name'])}</td>"
        f"<td>{html.escape(assumption_text(a, formats))}</td>"
        f"<td>{html.escape(str(a['note']))}</td></tr>"
        for a in result.assumptions
    )
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>{html.escape(case.name)}</title><style>{_STYLE}</style></head><body>
<h1>{html.escape(case.name)}</h1><p>{html.escape(case.description)}</p>{headline}
<h2>Scenarios (per year)</h2><table><tr><th>Scenario</th><th>FTE</th><th>FTE saved</th>
<th>Cost</th><th>Saved</th><th>One-off</th><th>Payback</th><th>NPV</th></tr>
{_scenario_rows(result, formats)}</table>
<h2>Agents per interval, all queues</h2><div class="chart">{svg}</div>
{_WORKAROUNDS.format(rows=workarounds) if workarounds else ""}
<h2>Assumptions</h2><table class="small"><tr><th>Assumption</th><th>Value</th><th>Note</th></tr>
{assumptions}</table></body></html>"""


def write_case_pdf(result: CaseResult, path: str | Path) -> None:
    """Render the one-pager to PDF with WeasyPrint."""
    from weasyprint import HTML

    HTML(string=case_html(result)).write_pdf(str(path))
