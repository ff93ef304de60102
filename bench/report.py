"""Benchmark the executive report and its charts.

    .venv/bin/python bench/report.py

Prints the time to draw the gap heatmap at 30 items x 60 units (the results page's largest),
to build the sample report, and to render it as HTML and as PDF.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")

import django

django.setup()

from tests.reports.conftest import build  # noqa: E402
from twoway.reports.charts import gap_heatmap_svg  # noqa: E402
from twoway.reports.render import render_report_html, render_report_pdf  # noqa: E402


def timed(label: str, work, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<44} {best * 1000:8.0f} ms (best of {repeat})")
    return result


def main() -> None:
    rows = [f"Question {i} about tools, process and pace" for i in range(30)]
    columns = [f"Center/Site {j % 4}/Team {j}" for j in range(60)]
    deltas = [[((i * 7 + j * 3) % 21 - 10) / 10 for j in range(60)] for i in range(30)]
    marks = [[(i + j) % 3 == 0 for j in range(60)] for i in range(30)]
    svg = timed(
        "heatmap 30 x 60 (SVG)", lambda: gap_heatmap_svg(rows, columns, deltas, marks, title="t")
    )
    print(f"{'  its size':<44} {len(svg) / 1024:8.0f} KiB")
    report = timed("build the sample report (10 charts)", build)
    html = timed("render HTML", lambda: render_report_html(report))
    pdf = timed("render PDF (WeasyPrint)", lambda: render_report_pdf(report), repeat=2)
    print(f"{'  sizes: HTML / PDF':<44} {len(html) / 1024:5.0f} / {len(pdf) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
