"""HTML and PDF of the executive report: the same figures, a real document."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from tests.reports.helpers import build
from tests.reports.pdftext import pdf_pages, pdf_text
from twoway.reports.numbers import signed
from twoway.reports.render import render_report_html, render_report_pdf


@pytest.fixture(scope="module")
def html(report):
    return render_report_html(report)


@pytest.fixture(scope="module")
def pdf(report):
    return render_report_pdf(report)


class Outline(HTMLParser):
    """Headings and the inline SVGs of a page."""

    def __init__(self):
        super().__init__()
        self.headings, self.svgs, self._in = [], 0, None

    def handle_starttag(self, tag, attrs):
        if tag in {"h1", "h2", "h3"}:
            self._in = tag
            self.headings.append([tag, ""])
        self.svgs += tag == "svg"

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.headings[-1][1] += data


def test_page_is_standalone_with_headings_and_charts(html, report):
    assert html.startswith("<!doctype html>")
    assert "<link" not in html and "<script" not in html and "http" not in html.split("<body")[0]
    outline = Outline()
    outline.feed(html)
    assert outline.headings[0] == ["h1", report.campaign]
    assert ["h2", "Appendix: method"] in outline.headings
    charts = len(report.org_findings) + len(report.unit_findings) + 2
    assert outline.svgs == charts
    for svg in html.split("<svg")[1:]:
        ET.fromstring("<svg" + svg.split("</svg>")[0] + "</svg>")


def test_pdf_is_a_real_document_of_a_sensible_length(pdf):
    assert pdf.startswith(b"%PDF-")
    assert 3 <= pdf_pages(pdf) <= 30


def test_page_and_pdf_show_the_same_key_figures(html, pdf, report):
    text = pdf_text(pdf)
    top = report.org_findings[0]
    delta = signed(top.gap.delta)
    for figure in (delta, f"{top.frontline.n}", report.summary[0][:40]):
        assert figure in html
        assert figure in " ".join(text.split())
    assert "Appendix: method" in text


def test_spanish_pdf_reads_in_spanish():
    report = build(language="es")
    html = render_report_html(report)
    assert '<html lang="es">' in html
    assert "Informe ejecutivo de alineación" in html
    assert "Anexo: método" in html
    assert signed(report.org_findings[0].gap.delta).replace(".", ",") in html


def test_item_text_and_comments_are_escaped():
    report = build(comments={"": ["<script>alert('tools')</script> the tools"]})
    html = render_report_html(report)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
