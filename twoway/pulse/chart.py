"""A small inline SVG line chart of the overall index by wave; hidden waves leave a gap."""

from __future__ import annotations

from django.utils.html import escape

WIDTH, HEIGHT, PAD = 640, 200, 30


def line_svg(labels: list[str], values: list[float | None], *, title: str, desc: str) -> str:
    """0-100 on the vertical axis; a None breaks the line and draws no point (no number)."""
    if not labels:
        return ""
    step = (WIDTH - 2 * PAD) / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return PAD + i * step

    def y(v: float) -> float:
        return HEIGHT - PAD - v / 100 * (HEIGHT - 2 * PAD)

    segments, current = [], []
    for i, v in enumerate(values):
        if v is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(f"{x(i):.1f},{y(v):.1f}")
    if current:
        segments.append(current)
    lines = "".join(
        f'<polyline points="{" ".join(s)}" fill="none" stroke="#1f5fa8" stroke-width="2"/>'
        for s in segments
    )
    dots = "".join(
        f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="#1f5fa8"/>'
        for i, v in enumerate(values)
        if v is not None
    )
    grid = "".join(
        f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(g):.1f}" y2="{y(g):.1f}" stroke="#ddd"/>'
        f'<text x="2" y="{y(g) + 4:.1f}" font-size="10">{g}</text>'
        for g in (0, 50, 100)
    )
    every = max(1, len(labels) // 13)
    ticks = "".join(
        f'<text x="{x(i):.1f}" y="{HEIGHT - 8}" font-size="10" text-anchor="middle">'
        f"{escape(label)}</text>"
        for i, label in enumerate(labels)
        if i % every == 0
    )
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="pulse-chart-title '
        f'pulse-chart-desc" style="max-width:100%;height:auto">'
        f'<title id="pulse-chart-title">{escape(title)}</title>'
        f'<desc id="pulse-chart-desc">{escape(desc)}</desc>{grid}{lines}{dots}{ticks}</svg>'
    )
