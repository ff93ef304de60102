"""The executive report's content: which gaps, in which order, said how."""

from __future__ import annotations

import random

import pytest

from tests.reports import sample
from tests.reports.helpers import build
from twoway.reports.executive import build_executive_report


def test_largest_gaps_come_first_whole_organisation_before_units(report):
    org = [abs(f.gap.delta) for f in report.org_findings]
    units = [abs(f.gap.delta) for f in report.unit_findings]
    assert org and units
    assert org == sorted(org, reverse=True)
    assert units == sorted(units, reverse=True)
    assert all(f.unit == "" for f in report.org_findings)
    assert all(f.unit != "" for f in report.unit_findings)
    assert report.org_findings[0].item == "tools"  # leaders are 1.6 points rosier on tools


def test_only_gaps_of_at_least_small_size_are_findings(report):
    found = {f.item for f in report.org_findings}
    assert "pace" not in found  # leaders and frontline answer alike on pace
    assert {f.gap.severity for f in report.org_findings + report.unit_findings} <= {
        "small",
        "medium",
        "large",
    }


def test_a_unit_that_repeats_the_whole_organisation_is_not_listed_again(report):
    # "Center" holds everyone, so its gaps are the organisation's.
    assert "Center" not in {f.unit for f in report.unit_findings}


def test_findings_carry_the_engine_figures(report):
    records = {(r["unit"], r["lens"], r["item"]): r for r in sample.records()}
    top = report.org_findings[0]
    frontline = records[("", "frontline", "tools")]
    assert top.gap.delta == pytest.approx(frontline["gap"]["cliffs_delta"])
    assert top.frontline.n == frontline["n"]
    assert top.leaders.n == records[("", "leader", "tools")]["n"]


def test_plain_words_explain_each_gap(report):
    top = report.org_findings[0]
    text = " ".join(top.sentences)
    assert "leaders see this more positively than the frontline" in text
    assert "Pick one leader and one frontline person at random" in text
    assert "unlikely to be chance" in text
    assert any("widest gap" in line for line in report.summary)
    assert [t.term for t in report.reading_guide][:2] == ["Gap", "Delta"]
    method = {t.term for t in report.method}
    assert {"Threshold k", "Cliff's delta", "p and q", "Severity", "Leader roll-up"} <= method


def test_pairs_in_plain_words_add_up_to_delta(report):
    # "the leader answers higher 78% of the time, the frontline person 6%": 0.78 - 0.06 = delta
    from twoway.reports.executive import _pair_shares

    for finding in report.org_findings:
        higher, lower, same = _pair_shares(
            finding.leaders.distribution, finding.frontline.distribution
        )
        assert higher - lower == pytest.approx(finding.gap.delta)
        assert higher + lower + same == pytest.approx(1)


def test_a_unit_compared_with_leaders_above_it_says_so(report):
    team = next(f for f in report.unit_findings if f.unit.count("/") == 2)
    assert team.leader_unit_label != team.unit_label
    assert any("Fewer than 5 leaders answered in" in s for s in team.sentences)


def test_wanted_view_is_shown_beside_believed_now(report):
    top = report.org_findings[0]
    assert [g.label for g in top.groups] == [
        "Leaders: believed now",
        "Leaders: wanted",
        "Frontline: experienced",
    ]
    assert top.wanted.top2 > top.leaders.top2


def test_without_a_wanted_view_two_groups_are_compared():
    report = build(wanted=False)
    assert [g.label for g in report.org_findings[0].groups] == [
        "Leaders: believed now",
        "Frontline: experienced",
    ]


def test_representative_comments_are_on_topic_and_chosen_deterministically(report):
    top = report.org_findings[0]
    assert top.comments and all("tool" in c.lower() for c in top.comments)
    assert "Nice team, good coffee." not in [c for f in report.org_findings for c in f.comments]
    shuffled = {
        unit: random.Random(3).sample(texts, len(texts)) for unit, texts in sample.COMMENTS.items()
    }
    again = build(comments=shuffled)
    assert [f.comments for f in again.org_findings] == [f.comments for f in report.org_findings]


def test_no_comment_is_quoted_twice(report):
    quoted = [c for f in report.org_findings + report.unit_findings for c in f.comments]
    assert len(quoted) == len(set(quoted))


def test_spanish_report_has_spanish_labels_and_decimal_commas():
    report = build(language="es")
    top = report.org_findings[0]
    assert top.gap.severity_label == "grande"
    assert "los líderes lo ven más positivo que la primera línea" in top.sentences[0]
    assert top.groups[0].label == "Líderes: lo que creen hoy"
    assert "+0,71" in report.summary[0]
    assert report.reading_guide[0].term == "Brecha"
    assert "Muy de acuerdo" in top.chart.table.headers


def test_filtered_records_are_refused_with_a_clear_message():
    records = sample.records()
    with pytest.raises(ValueError, match="unfiltered"):
        build(records=records + records[:1])


def test_a_campaign_without_gaps_says_so_plainly():
    records = [r for r in sample.records() if r["lens"] != "leader"]
    for r in records:
        r.pop("gap", None)
    report = build_executive_report(
        organisation="Acme Care",
        campaign="Pulse",
        period="May",
        k=5,
        records=records,
        item_texts={},
        participation=[],
        comments={},
    )
    assert report.org_findings == [] and report.participation is None
    assert "No gap of at least small size" in report.summary[0]
