"""Numbers for the pages: evaluate a case's plain data, summarise it, draw it, print it."""

from __future__ import annotations

import dataclasses
from typing import Any

from twoway.reports import numbers
from twoway.staffing import CaseResult, case_from_dict, evaluate_case
from twoway.staffing.onepager import Formats, agents_chart_svg, assumption_text, case_html


def _share_places(value: float) -> int:
    """30% as the form takes it, 72.5% where a decimal is needed."""
    return 0 if float(round(value * 100, 1)).is_integer() else 1


# The pages' number formats, for the PDF too: one rounding rule (`twoway.reports.numbers`).
PAGE_FORMATS = Formats(
    money=numbers.money,
    months=numbers.months,
    share=lambda value: numbers.percent(value, places=_share_places(value)),
    fte=numbers.fte,
)


def assumption_value(entry: dict) -> str:
    return assumption_text(entry, PAGE_FORMATS)


def evaluate(data: dict[str, Any]) -> CaseResult:
    """Evaluate a case stored as `BusinessCase.to_dict()`; raises StaffingInputError."""
    return evaluate_case(case_from_dict(data))


def summarise(result: CaseResult) -> dict[str, Any]:
    """Headline figures of the first scenario (the change), kept for the list page."""
    summary: dict[str, Any] = {
        "currency": result.case.currency,
        "baseline_fte": round(result.baseline.fte, 2),
    }
    if result.scenarios:
        change = result.scenarios[0]
        summary.update(
            scenario=change.name,
            fte_saved=round(change.fte_saved, 2),
            money_saved_per_year=round(change.money_saved_per_year, 2),
            payback_months=None
            if change.payback_months is None
            else round(change.payback_months, 1),
            npv=round(change.npv, 2),
        )
    return summary


def _plain_text(label: str) -> str:
    # matplotlib reads text between two "$" as math and fails on unbalanced ones.
    return label.replace("$", r"\$")


def chart_svg(result: CaseResult) -> str:
    """The library's chart of agents per interval, safe for names and labels users typed."""
    plain = dataclasses.replace(
        result,
        starts=[_plain_text(s) for s in result.starts],
        agents_by_start={_plain_text(k): v for k, v in result.agents_by_start.items()},
    )
    return agents_chart_svg(plain)


def peaks(result: CaseResult) -> list[tuple[str, float]]:
    """Peak agents in any interval, per scenario: the chart's figures for a screen reader."""
    return [(name, max(series, default=0)) for name, series in result.agents_by_start.items()]


def pdf_bytes(result: CaseResult) -> bytes:
    """The library's one-pager as PDF bytes (WeasyPrint, imported here because it is slow)."""
    from weasyprint import HTML

    return HTML(string=case_html(result, chart_svg(result), PAGE_FORMATS)).write_pdf()
