"""Inline SVG for the initiative page: the adoption curve against its target, and the phases
on a timeline. Each figure has a title and a description for screen readers, and the page
gives the same numbers in a table beside it."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence

from django.utils.html import escape

WIDTH, HEIGHT, PAD_X, PAD_Y = 720, 220, 40, 24
INK, TARGET, LIVE, PREP, GRID = "#0b6e4f", "#9a5b00", "#0b6e4f", "#b7d9cc", "#d9dee7"


def _svg(body: str, *, title: str, desc: str, ident: str, height: int = HEIGHT) -> str:
    return (
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'style="max-width:100%;height:auto" font-family="system-ui, sans-serif">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def adoption_svg(
    first: datetime.date,
    utilisation: Sequence[float | None],
    target: Sequence[float | None],
    *,
    title: str,
    desc: str,
) -> str:
    """Utilisation (solid) and the target (dashed) per day, 0-100 %; gaps break the line."""
    n = len(utilisation)
    if n == 0:
        return ""
    step = (WIDTH - 2 * PAD_X) / max(n - 1, 1)

    def x(i: int) -> float:
        return PAD_X + i * step

    def y(v: float) -> float:
        return HEIGHT - PAD_Y - v * (HEIGHT - 2 * PAD_Y)

    grid = "".join(
        f'<line x1="{PAD_X}" x2="{WIDTH - PAD_X}" y1="{y(g):.1f}" y2="{y(g):.1f}" stroke="{GRID}"/>'
        f'<text x="4" y="{y(g) + 4:.1f}" font-size="11">{round(g * 100)}%</text>'
        for g in (0, 0.5, 0.8, 1)
    )
    months = "".join(
        f'<text x="{x(i):.1f}" y="{HEIGHT - 6}" font-size="11" text-anchor="middle">'
        f"{(first + datetime.timedelta(days=i)).strftime('%Y-%m')}</text>"
        for i in range(n)
        if (first + datetime.timedelta(days=i)).day == 1 and _every_nth_month(first, i, n)
    )
    return _svg(
        grid
        + _polylines(utilisation, x, y, f'stroke="{INK}" stroke-width="2"')
        + _polylines(target, x, y, f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="5 4"')
        + months,
        title=title,
        desc=desc,
        ident="adoption",
    )


def _every_nth_month(first: datetime.date, i: int, n: int) -> bool:
    every = max(1, math.ceil(n / 30 / 10))  # about ten labels whatever the span
    day = first + datetime.timedelta(days=i)
    return (day.year * 12 + day.month) % every == 0


def _polylines(values, x, y, style: str) -> str:
    segments, current = [], []
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            if current:
                segments.append(current)
            current = []
        else:
            current.append(f"{x(i):.1f},{y(v):.1f}")
    if current:
        segments.append(current)
    return "".join(
        f'<polyline points="{" ".join(s)}" fill="none" {style}/>' for s in segments if len(s) > 1
    )


def timeline_svg(
    phases: Sequence[tuple[str, datetime.date, datetime.date, datetime.date]],
    today: datetime.date,
    *,
    title: str,
    desc: str,
) -> str:
    """One row per phase (name, start, go-live, sustain-until): preparation in a light bar,
    go-live to sustain-until in a dark one, and today as a vertical line."""
    if not phases:
        return ""
    lo = min(p[1] for p in phases)
    hi = max(p[3] for p in phases)
    span = max((hi - lo).days, 1)
    row, top, label_w = 30, 10, 170
    height = top + row * len(phases) + 24

    def x(day: datetime.date) -> float:
        return label_w + (day - lo).days / span * (WIDTH - label_w - 10)

    bars = []
    for i, (name, start, go_live, until) in enumerate(phases):
        y0 = top + i * row
        bars.append(
            f'<text x="4" y="{y0 + 17}" font-size="12">{escape(name[:26])}</text>'
            f'<rect x="{x(start):.1f}" y="{y0 + 4}" width="{max(x(go_live) - x(start), 1):.1f}" '
            f'height="18" fill="{PREP}"/>'
            f'<rect x="{x(go_live):.1f}" y="{y0 + 4}" width="{max(x(until) - x(go_live), 1):.1f}" '
            f'height="18" fill="{LIVE}"/>'
        )
    axis = (
        f'<text x="{label_w}" y="{height - 6}" font-size="11">{lo.isoformat()}</text>'
        f'<text x="{WIDTH - 10}" y="{height - 6}" font-size="11" text-anchor="end">'
        f"{hi.isoformat()}</text>"
    )
    now = ""
    if lo <= today <= hi:
        now = (
            f'<line x1="{x(today):.1f}" x2="{x(today):.1f}" y1="2" y2="{height - 20}" '
            f'stroke="#b3261e" stroke-width="2"/>'
        )
    return _svg("".join(bars) + axis + now, title=title, desc=desc, ident="timeline", height=height)
