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


def test_team_leads_and_site_directors_cannot_read_the_whole_report(answered, login):
    url = f"/o/acme/surveys/campaigns/{answered.campaign.pk}/report/"
    assert login(answered.team_lead).get(url).status_code == 404
    assert login(answered.director).get(url).status_code == 404
    assert login(answered.outsider).get(url).status_code == 404


def test_an_open_campaign_has_no_report_yet(diagnostic, login):
    url = f"/o/acme/surveys/campaigns/{diagnostic.campaign.pk}/report/"
    page = login(diagnostic.admin).get(url)
    assert "Results appear when the campaign closes" in page.content.decode()
