"""The report PDF's heatmap page holds the whole heatmap: its heading, every question in full,
and the legend, on one page above the footer."""

import io

import pytest
from pypdf import PdfReader

from twoway.surveys.report import build_report, report_pdf

pytestmark = pytest.mark.django_db


def test_the_heatmap_its_labels_and_its_legend_share_one_page(answered):
    pdf = report_pdf(answered.campaign, "en")
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    (heatmap,) = [text for text in pages if "All questions at a glance" in text]
    assert "Cliff's delta: below 0" in heatmap and "unlikely to be chance" in heatmap
    report = build_report(answered.campaign)
    longest = max(report.heatmap.table.rows, key=lambda row: len(row[0]))[0]
    assert len(longest) <= 80 and longest in " ".join(heatmap.split())
