"""Matplotlib figures to inline, accessible SVG.

Charts are drawn on a bare `Figure` (no pyplot, so no global state between requests) and saved
as SVG with text kept as text: screen readers and PDF text extraction see the labels, and a
browser or WeasyPrint draws them in the page's font.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.figure import Figure

matplotlib.use("Agg")  # no display on a server; only matters if something imports pyplot

STYLE: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays <text>, not glyph outlines
    "svg.hashsalt": "twoway",  # stable ids, so the same data gives the same SVG
    "text.parse_math": False,  # an item text with "$5" is text, not mathtext
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 8,
    "axes.edgecolor": "#666666",
    "axes.linewidth": 0.6,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
}


@contextmanager
def chart_style() -> Iterator[None]:
    """The rc settings every chart is drawn and saved under."""
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        yield


def figure_svg(fig: Figure, *, title: str, desc: str) -> str:
    """The figure as an inline <svg> element with <title>, <desc> and ids unique to it."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration and DOCTYPE: this goes inline
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    prefix = "c" + hashlib.sha1((title + svg).encode()).hexdigest()[:10]
    svg = _prefix_ids(svg, prefix)
    return _add_title(svg, prefix, title, desc)


def _prefix_ids(svg: str, prefix: str) -> str:
    """Several charts share one page: make their ids (clip paths, hatches) distinct."""
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    return re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)


def _add_title(svg: str, prefix: str, title: str, desc: str) -> str:
    opening_end = svg.index(">") + 1
    opening = svg[: opening_end - 1]
    labelled = f'{opening} role="img" aria-labelledby="{prefix}-title {prefix}-desc">'
    head = (
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>'
    )
    return labelled + head + svg[opening_end:]
