"""The executive report of a closed campaign: who may read it, and what it never shows."""

import io

import pytest
from pypdf import PdfReader

from twoway.surveys.report import build_report

pytestmark = pytest.mark.django_db


def test_admin_reads_the_report_in_html_and_pdf(answered, login):
    client = login(answered.admin)
    base = f"/o/acme/surveys/campaigns/{answered.campaign.pk}"
    html = client.get(f"{base}/report/")
    assert html.status_code == 200
    body = html.content.decode()
    assert "Acme Care" in body and answered.campaign.name in body
    pdf = client.get(f"{base}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert answered.campaign.name in text
    assert client.get(f"{base}/report.pdf").content == pdf.content  # drawn once, kept


def test_the_report_never_shows_the_small_team(answered):
    report = build_report(answered.campaign)
    findings = report.org_findings + report.unit_findings
    assert findings
    assert all(f.frontline.n >= 5 and f.leaders.n >= 5 for f in findings)
    assert not any("Home" in f.unit for f in findings)


def test_a_site_director_reads_the_report_of_their_site_and_nothing_else(answered, login):
    base = f"/o/acme/surveys/campaigns/{answered.campaign.pk}"
    client = login(answered.director)
    html = client.get(f"{base}/report/")
    assert html.status_code == 200
    body = html.content.decode()
    assert "Lisbon" in body and "Lisbon as a whole, largest gaps first." in body
    assert "Work at Home" not in body and "Home 1" not in body
    assert "whole organisation" not in body.replace("The whole organisation", "")
    pdf = client.get(f"{base}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Lisbon" in text and "Work at Home" not in text


def test_the_subtree_report_reads_the_release_cells_of_the_subtree_only(answered):
    lisbon = build_report(answered.campaign, unit=answered.lisbon)
    assert lisbon.scope == "Lisbon"
    findings = lisbon.org_findings + lisbon.unit_findings
    assert findings  # the teams' gaps, against the Lisbon leaders
    for finding in findings:
        assert finding.frontline.n >= 5 and finding.leaders.n >= 5
        assert "Home" not in finding.unit_label and "Home" not in finding.leader_unit_label


def test_the_whole_report_finds_unit_gaps_against_the_leaders_above_them(answered):
    """A team's gap names its leader group by the same path as the team (it used to keep the
    engine's id path, so no unit finding was ever built)."""
    report = build_report(answered.campaign)
    assert report.unit_findings


def test_agents_and_outsiders_get_no_report(answered, login):
    url = f"/o/acme/surveys/campaigns/{answered.campaign.pk}/report/"
    assert login(answered.agent).get(url).status_code == 404
    assert login(answered.outsider).get(url).status_code == 404
    assert login(answered.team_lead).get(url).status_code == 200


def test_an_open_campaign_has_no_report_yet(diagnostic, login):
    url = f"/o/acme/surveys/campaigns/{diagnostic.campaign.pk}/report/"
    page = login(diagnostic.admin).get(url)
    assert "Results appear when the campaign closes" in page.content.decode()
