"""Charts: valid, accessible SVG; hidden cells carry no number; colours follow the sign."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from matplotlib.colors import to_rgb

from twoway.reports import charts

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?\*?$")


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(svg: str) -> list[str]:
    return [t.text.strip() for t in parsed(svg).iter(f"{SVG}text") if t.text and t.text.strip()]


def fills(svg: str) -> list[tuple[float, float, float]]:
    """Every fill colour the SVG paints with (style attributes and fill attributes)."""
    found = re.findall(r"fill:\s*(#[0-9a-fA-F]{6})", svg) + re.findall(
        r'fill="(#[0-9a-fA-F]{6})"', svg
    )
    return [to_rgb(c) for c in found]


def heatmap(deltas, marks=None, rows=None, columns=None, title="Gaps by unit"):
    rows = rows or [f"Item {i}" for i in range(len(deltas))]
    columns = columns or [f"Team {j}" for j in range(len(deltas[0]))]
    marks = marks or [[False] * len(columns) for _ in rows]
    return charts.gap_heatmap_svg(rows, columns, deltas, marks, title=title)


def test_heatmap_is_valid_svg_with_title_and_description():
    svg = heatmap([[0.5, -0.2], [None, 0.1]], title="Leaders and frontline")
    root = parsed(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Leaders and frontline"
    assert "hidden" in root.find(f"{SVG}desc").text
    labelled = root.get("aria-labelledby").split()
    assert {e.get("id") for e in root.iter() if e.get("id")} >= set(labelled)


def test_hidden_heatmap_cells_carry_no_number():
    deltas = [[0.61, None, -0.27], [None, None, 0.05]]
    svg = heatmap(deltas)
    numbers = [
        t
        for t in texts(svg)
        if NUMBER.match(t) and t not in {"-1.0", "-0.5", "0.0", "+0.5", "+1.0"}
    ]
    assert sorted(numbers) == sorted(["+0.61", "-0.27", "+0.05"])
    table = charts.gap_heatmap_table(
        ["Item 0", "Item 1"], ["A", "B", "C"], deltas, [[False] * 3] * 2
    )
    assert table.rows == [
        ["Item 0", "+0.61", "hidden", "-0.27"],
        ["Item 1", "hidden", "hidden", "+0.05"],
    ]


def test_heatmap_marks_gaps_unlikely_to_be_chance():
    svg = heatmap([[0.4, 0.4]], marks=[[True, False]])
    assert "+0.40*" in texts(svg)
    assert "+0.40" in texts(svg)


def test_heatmap_colours_follow_the_sign_of_delta():
    def reddish(c):
        return c[0] - c[2] > 0.2

    def bluish(c):
        return c[2] - c[0] > 0.2

    positive = fills(heatmap([[0.7, 0.4], [0.9, 0.3]]))
    negative = fills(heatmap([[-0.7, -0.4], [-0.9, -0.3]]))
    assert any(map(reddish, positive)) and not any(map(bluish, positive))
    assert any(map(bluish, negative)) and not any(map(reddish, negative))


def test_heatmap_stays_readable_at_30_items_by_60_units():
    rows = [f"Question {i} about tools, process and pace" for i in range(30)]
    columns = [f"Center/Site {j % 4}/Team {j}" for j in range(60)]
    deltas = [[((i * 7 + j * 3) % 21 - 10) / 10 for j in range(60)] for i in range(30)]
    deltas[3][5] = None
    svg = charts.gap_heatmap_svg(rows, columns, deltas, [[False] * 60] * 30, title="Big")
    shown = texts(svg)
    assert all(r in shown for r in rows) and all(c in shown for c in columns)
    sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)px", svg)]
    assert min(sizes) >= 5  # px at 72 dpi: points; the smallest print size we accept
    width = float(parsed(svg).get("width").removesuffix("pt")) / 72
    assert width < 25  # inches: scrolls on screen, fits a landscape poster


def test_heatmap_refuses_a_delta_outside_minus_one_to_one():
    with pytest.raises(ValueError, match=r"outside -1\.\.1"):
        heatmap([[1.5]])


def test_labels_are_text_not_markup_or_math():
    svg = heatmap([[0.2]], rows=["Refunds over $5 & <more>"], columns=["Team $x$"])
    assert "Refunds over $5 & <more>" in texts(svg)
    assert "Team $x$" in texts(svg)


def test_diverging_bars_show_shares_not_counts():
    scale = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]
    few = charts.diverging_bars_table(["Leaders"], [[0, 1, 1, 2, 0]], scale)
    many = charts.diverging_bars_table(["Leaders"], [[0, 10, 10, 20, 0]], scale)
    assert few.rows[0][1:-1] == many.rows[0][1:-1] == ["0%", "25%", "25%", "50%", "0%"]
    svg = charts.diverging_bars_svg(
        ["Leaders (believed now)", "Frontline"],
        [[0, 10, 10, 20, 0], [5, 5, 0, 0, 0]],
        scale,
        title="Tools",
    )
    shown = texts(svg)
    assert "Leaders (believed now)" in shown and "Strongly agree" in shown
    assert "50%" in shown and "20" not in shown  # the count 20 is never written


def test_diverging_bars_describe_every_share_for_screen_readers():
    svg = charts.diverging_bars_svg(["Group"], [[0, 2, 2, 0, 0]], list("12345"), title="t")
    desc = parsed(svg).find(f"{SVG}desc").text
    assert "2 50%" in desc and "3 50%" in desc


def test_participation_hides_suppressed_units():
    svg = charts.participation_svg(["North", "Night"], [0.81, None], title="Who answered")
    shown = texts(svg)
    assert "81%" in shown and "hidden" in shown
    assert parsed(svg).find(f"{SVG}title").text == "Who answered"
    table = charts.participation_table(["North", "Night"], [0.81, None])
    assert table.rows == [["North", "81%"], ["Night", "hidden"]]


def test_charts_write_numbers_in_the_report_language():
    with translation.override("es"):
        svg = heatmap([[0.56]])
        table = charts.participation_table(["Norte"], [0.5])
    assert "+0,56" in texts(svg)
    assert table.headers == ["Unidad", "Tasa de respuesta"]


def test_several_charts_on_one_page_have_distinct_ids():
    first = heatmap([[0.1, None]], title="One")
    second = heatmap([[0.1, None]], title="Two")
    ids = lambda svg: {e.get("id") for e in parsed(svg).iter() if e.get("id")}  # noqa: E731
    assert not ids(first) & ids(second)
