"""The report never shows a figure or a comment of a hidden cell: not in the HTML, not in the
PDF's text, not in a chart. These tests feed it records as a careless caller might (hidden
records that still carry figures, comments for small teams) and read what comes out."""

from __future__ import annotations

import copy

import pytest

from tests.reports import sample
from tests.reports.helpers import build
from tests.reports.pdftext import pdf_text
from twoway.reports.render import render_report_html, render_report_pdf

HIDDEN_TEAM = "Center/Night/Team N1"  # k or more answers for `all`, but its frontline is hidden
SECRET_IN_HIDDEN_TEAM = "Marisol from nights covers for the broken headset every week"
SECRET_PARTICIPATION = {"unit": HIDDEN_TEAM, "invited": 6, "responded": 4, "rate": 0.666}
# Figures a buggy caller leaves on hidden records; none may surface. Values chosen to occur
# nowhere else in the sample report (checked below, so the test can fail).
PLANTED = {
    "n": 4,
    "mean": 3.911,
    "top2": 0.913,
    "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 3},
}
PLANTED_GAP = {
    "leader_unit": HIDDEN_TEAM,
    "mean_diff": 2.468,
    "cliffs_delta": 0.987,
    "ci95": [0.951, 0.999],
    "p": 0.0123,
    "q": 0.0456,
    "severity": "large",
}
PLANTED_TEXT = [
    "3.91",
    "+2.47",
    "+0.99",
    "91%",
    "0.046",
    "67%",
    SECRET_IN_HIDDEN_TEAM,
    sample.SECRET_COMMENT,
]


def careless_records() -> list[dict]:
    """The sample's records with figures planted on every hidden cell."""
    records = copy.deepcopy(sample.records())
    for record in records:
        if record.get("suppressed"):
            record.update(copy.deepcopy(PLANTED))
            if record["lens"] == "frontline":
                record["gap"] = copy.deepcopy(PLANTED_GAP)
    return records


def careless_comments() -> dict[str, list[str]]:
    return {
        **sample.COMMENTS,
        HIDDEN_TEAM: [SECRET_IN_HIDDEN_TEAM, "The tools on nights are slow."],
    }


@pytest.fixture(scope="module")
def careless_report():
    return build(
        careless_records(),
        comments=careless_comments(),
        participation=[*sample.participation(), dict(SECRET_PARTICIPATION)],
    )


@pytest.fixture(scope="module")
def careless_html(careless_report):
    return render_report_html(careless_report)


@pytest.fixture(scope="module")
def careless_pdf_text(careless_report):
    return pdf_text(render_report_pdf(careless_report))


def test_planted_figures_would_be_noticed_if_they_leaked():
    clean = render_report_html(build())
    assert all(text not in clean for text in PLANTED_TEXT)


@pytest.mark.parametrize("text", PLANTED_TEXT)
def test_hidden_cell_figures_and_comments_never_reach_the_page(careless_html, text):
    assert text not in careless_html


@pytest.mark.parametrize("text", PLANTED_TEXT)
def test_hidden_cell_figures_and_comments_never_reach_the_pdf(careless_pdf_text, text):
    assert text not in careless_pdf_text


def test_figures_on_hidden_records_change_nothing(careless_report):
    clean = build(participation=[*sample.participation(), dict(SECRET_PARTICIPATION)])
    assert render_report_html(careless_report) == render_report_html(clean)


def test_no_finding_or_chart_point_for_a_hidden_team(careless_report):
    units = {f.unit for f in careless_report.org_findings + careless_report.unit_findings}
    assert HIDDEN_TEAM not in units and sample.SMALL_TEAM not in units
    for finding in careless_report.org_findings + careless_report.unit_findings:
        assert PLANTED["distribution"] != dict(
            zip("12345", map(int, finding.leaders.distribution), strict=True)
        )


def test_small_participation_is_hidden_even_when_the_caller_forgets(careless_report):
    rows = dict((row[0], row[1]) for row in careless_report.participation.table.rows)
    assert rows["Night / Team N1"] == "hidden"
    assert rows["Night / Team N2"] == "hidden"
    assert "67%" not in careless_report.participation.svg


def test_a_gap_whose_leader_group_is_hidden_is_left_out():
    records = copy.deepcopy(sample.records())
    target = next(
        r for r in records if r["unit"] == "" and r["lens"] == "frontline" and r["item"] == "tools"
    )
    target["gap"]["leader_unit"] = HIDDEN_TEAM  # its leader cell is hidden
    report = build(records)
    assert "tools" not in {f.item for f in report.org_findings}


def test_comments_of_a_shown_team_are_quoted(careless_report):
    # The counterpart: the filter lets real evidence through.
    quoted = [
        c for f in careless_report.org_findings + careless_report.unit_findings for c in f.comments
    ]
    assert "The tools freeze at least twice a shift and we lose the customer's history." in quoted
