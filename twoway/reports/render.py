"""The executive report as a standalone HTML page and as a PDF of that same page.

The PDF is WeasyPrint's rendering of the exact HTML string the page shows, so both carry the same
figures, charts and words. Nothing is fetched while rendering: the charts are inline SVG and the
styles inline CSS; any other URL is refused.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.template.loader import render_to_string
from django.utils import translation

from twoway.reports.executive import ExecutiveReport


def render_report_html(report: ExecutiveReport) -> str:
    """A standalone page (inline CSS and charts), readable on screen and in print."""
    with translation.override(report.language):
        return render_to_string("reports/executive.html", {"report": report})


def render_report_pdf(report: ExecutiveReport) -> bytes:
    """The same page as a PDF (A4), with page numbers."""
    import weasyprint  # imported here: it loads Pango, which a page view never needs

    html = weasyprint.HTML(string=render_report_html(report), url_fetcher=_data_urls_only())
    with _quiet_svg_styles():
        return html.write_pdf()


def _data_urls_only():
    """A fetcher for data: URLs only (matplotlib embeds its colour bar as one). The report is
    self-contained: any other URL would be a bug or an injection, never a need."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):  # WeasyPrint 68 and later
        return urls.URLFetcher(allowed_protocols={"data"})

    def fetch(url: str, *args, **kwargs):
        if url.startswith("data:"):
            return urls.default_url_fetcher(url, *args, **kwargs)
        raise ValueError(f"the executive report loads no external resource ({url[:60]})")

    return fetch


class _SvgStyleNoise(logging.Filter):
    """WeasyPrint reads inline SVG's presentation styles as page CSS too and warns about each
    one (fill, stroke, text-anchor) while drawing them correctly: drop those warnings only."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Ignored `")


@contextmanager
def _quiet_svg_styles() -> Iterator[None]:
    logger = logging.getLogger("weasyprint")
    noise = _SvgStyleNoise()
    logger.addFilter(noise)
    try:
        yield
    finally:
        logger.removeFilter(noise)
