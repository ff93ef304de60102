"""The JSON API: authenticated, scoped like the pages, suppressed like the pages."""

import pytest

from twoway.api.models import ApiToken

pytestmark = pytest.mark.django_db
FIGURES = {"n", "mean", "top2", "distribution", "gap"}


def bearer(user):
    _, key = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_openapi_schema_is_published(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/orgs/{slug}/campaigns/{campaign_id}/results" in schema["paths"]


def test_anonymous_calls_are_refused(client, world):
    assert client.get("/api/orgs/acme/units").status_code == 401


def test_a_token_reads_units_in_its_users_scope(client, world):
    response = client.get("/api/orgs/acme/units", **bearer(world.manager))
    assert response.status_code == 200
    assert [u["name"] for u in response.json()] == ["Work at Home", "Team Home 1"]


def test_a_wrong_token_is_refused(client, world):
    response = client.get("/api/orgs/acme/units", HTTP_AUTHORIZATION="Bearer tw_nope")
    assert response.status_code == 401


def test_other_organisations_and_agents_get_404(client, world):
    assert client.get("/api/orgs/acme/units", **bearer(world.outsider)).status_code == 404
    assert client.get("/api/orgs/acme/units", **bearer(world.agent)).status_code == 404


def test_results_carry_no_figures_for_suppressed_cells(client, answered):
    url = f"/api/orgs/acme/campaigns/{answered.campaign.pk}/results"
    body = client.get(url, **bearer(answered.admin)).json()
    assert body["threshold"] == 5
    suppressed = [r for r in body["records"] if r["suppressed"]]
    shown = [r for r in body["records"] if not r["suppressed"]]
    assert suppressed and shown
    assert all(not (FIGURES & set(r)) and r["reason"] for r in suppressed)
    assert all(r["n"] >= 5 for r in shown)
    home = [r for r in body["records"] if r["unit"] == "Team Home 1"]
    assert home and all(r["suppressed"] for r in home)


def test_a_team_lead_gets_only_their_team_from_the_api(client, answered):
    url = f"/api/orgs/acme/campaigns/{answered.campaign.pk}/results"
    body = client.get(url, **bearer(answered.team_lead)).json()
    assert {r["unit"] for r in body["records"]} == {"Team Lisbon 1"}
    participation = client.get(
        f"/api/orgs/acme/campaigns/{answered.campaign.pk}/participation",
        **bearer(answered.team_lead),
    ).json()
    assert [p["unit"] for p in participation] == ["Team Lisbon 1"]
    assert set(participation[0]) == {"unit_id", "unit", "invited", "responded", "rate", "live"}


def test_session_log_in_works_for_the_browser(client, world):
    client.force_login(world.admin)
    assert client.get("/api/orgs/acme/campaigns").status_code == 200
