"""Campaigns through the API: the heatmap's release cut to the caller's units, the comments
page's lists, participation; hidden cells carry no figure, other units answer 404."""

import html
import re

import pytest

from tests.api.conftest import bearer
from twoway.surveys.models import Campaign

pytestmark = pytest.mark.django_db
FIGURES = {"n", "mean", "top2", "distribution", "gap"}


def results(client, user, campaign, query=""):
    response = client.get(f"/api/orgs/acme/campaigns/{campaign.pk}/results{query}", **bearer(user))
    assert response.status_code == 200, response.content
    return response.json()["records"]


def test_every_split_hides_the_same_way_and_never_carries_a_figure(client, answered):
    for by in ("", "?by=tenure_band", "?by=work_location", "?by=language"):
        records = results(client, answered.admin, answered.campaign, by)
        hidden = [r for r in records if r["suppressed"]]
        assert hidden, by
        assert all(not (FIGURES & set(r)) and r["reason"] == "suppressed" for r in hidden), by
        assert all(r["n"] >= 5 for r in records if not r["suppressed"]), by


def test_a_unit_filter_outside_the_scope_is_404_inside_it_narrows(client, answered):
    url = f"/api/orgs/acme/campaigns/{answered.campaign.pk}/results"
    lead = bearer(answered.team_lead)
    assert client.get(f"{url}?unit_id={answered.team2.pk}", **lead).status_code == 404
    records = results(
        client, answered.team_lead, answered.campaign, f"?unit_id={answered.team1.pk}"
    )
    assert records and {r["unit_id"] for r in records} == {answered.team1.pk}
    query = "?lens=frontline&item=change-pace-manageable"
    frontline = results(client, answered.admin, answered.campaign, query)
    assert frontline
    assert {(r["lens"], r["item"]) for r in frontline} == {("frontline", "change-pace-manageable")}


def test_the_small_team_has_no_figure_in_any_view(client, answered):
    for view in ("now", "wanted"):
        query = f"?view={view}&unit_id={answered.team_home.pk}"
        records = results(client, answered.admin, answered.campaign, query)
        assert records and all(r["suppressed"] and not (FIGURES & set(r)) for r in records)


def test_comments_are_the_comment_pages_lists(client, answered, login):
    web = login(answered.admin)
    shown = {}
    for unit in (answered.center, answered.lisbon, answered.team1, answered.team_home):
        page = web.get(
            f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results/comments/{unit.pk}/"
        )
        body = page.content.decode().split('class="comments"')[-1]
        on_page = [html.unescape(c) for c in re.findall(r"<li>(.*?)</li>", body)]
        url = f"/api/orgs/acme/campaigns/{answered.campaign.pk}/comments/{unit.pk}?limit=1000"
        comments = client.get(url, **bearer(answered.admin)).json()["comments"]
        assert comments == (on_page if 'class="comments"' in page.content.decode() else []), unit
        shown[unit.name] = len(comments)
    assert shown["Acme Care"] > 0 and shown["Team Lisbon 1"] == 0  # the team's list is hidden
    home = f"/api/orgs/acme/campaigns/{answered.campaign.pk}/comments/{answered.team_home.pk}"
    assert client.get(home, **bearer(answered.admin)).json()["comments"] == []


def test_comments_of_a_unit_outside_the_scope_are_404(client, answered):
    url = f"/api/orgs/acme/campaigns/{answered.campaign.pk}/comments/{answered.team2.pk}"
    assert client.get(url, **bearer(answered.team_lead)).status_code == 404
    assert client.get(url, **bearer(answered.agent)).status_code == 404


def test_participation_after_closing_is_the_releases_figure_or_nothing(client, answered):
    url = f"/api/orgs/acme/campaigns/{answered.campaign.pk}/participation"
    rows = {r["unit"]: r for r in client.get(url, **bearer(answered.admin)).json()}
    assert rows["Team Home 1"]["responded"] is None and rows["Team Home 1"]["rate"] is None
    assert all(r["live"] is False for r in rows.values())


def test_results_of_an_open_campaign_wait_for_its_close(client, diagnostic):
    url = f"/api/orgs/acme/campaigns/{diagnostic.campaign.pk}"
    headers = bearer(diagnostic.admin)
    assert client.get(f"{url}/results", **headers).status_code == 409
    assert client.get(f"{url}/comments/{diagnostic.center.pk}", **headers).status_code == 409
    assert client.get(url, **headers).json()["status"] == "open"


def test_campaigns_filter_by_status_and_kind(client, answered):
    headers = bearer(answered.admin)
    closed = client.get("/api/orgs/acme/campaigns?status=closed", **headers).json()
    assert [c["name"] for c in closed] == ["Spring diagnostic"]
    assert client.get("/api/orgs/acme/campaigns?status=open", **headers).json() == []
    assert client.get("/api/orgs/acme/campaigns?kind=pulse", **headers).json() == []
    assert closed[0]["kind"] == "diagnostic" and closed[0]["wave_number"] is None


def test_an_unknown_view_or_split_is_a_422_naming_it(client, answered):
    url = f"/api/orgs/acme/campaigns/{answered.campaign.pk}/results"
    for query, name in (("?view=later", "view"), ("?by=shoe_size", "by"), ("?lens=x", "lens")):
        response = client.get(url + query, **bearer(answered.admin))
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", name]


def test_another_organisations_campaign_is_404(client, answered, world):
    other = Campaign.objects.filter(organisation=answered.org).first()
    url = f"/api/orgs/globex/campaigns/{other.pk}/results"
    assert client.get(url, **bearer(answered.outsider)).status_code == 404
