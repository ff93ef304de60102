"""The change API: initiatives, phases, adoption batches, metrics and load, scoped like the
pages, with the command line's JSON keys."""

from __future__ import annotations

import json

from tests.change.conftest import GO_LIVE
from twoway.api.models import ApiToken
from twoway.change.models import AdoptionRow


def bearer(user):
    _, key = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, url, body, user):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(user))


def rows(adopted, unit="Team Lisbon 1"):
    return [
        {"date": f"2027-01-{4 + i:02d}", "unit": unit, "eligible": 10, "adopted": a}
        for i, a in enumerate(adopted)
    ]


def test_the_change_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/orgs/{slug}/initiatives/{key}/adoption" in paths
    assert "/api/orgs/{slug}/load" in paths


def test_create_an_initiative_and_a_phase_by_unit_path(client, world):
    response = post(
        client, "/api/orgs/acme/initiatives", {"key": "kb", "title": "KB"}, world.director
    )
    assert response.status_code == 201 and response.json()["status"] == "proposed"
    body = {"units": ["Acme Care / Lisbon"], "start": "2027-01-04", "go_live": "2027-01-11",
            "sustain_until": "2027-03-01", "impact": "high"}  # fmt: skip
    response = post(client, "/api/orgs/acme/initiatives/kb/phases", body, world.director)
    assert response.status_code == 201
    assert response.json()["phase"]["units"] == ["Acme Care / Lisbon"]
    again = post(client, "/api/orgs/acme/initiatives/kb/phases", body, world.director)
    assert again.status_code == 422
    (error,) = again.json()["detail"]  # the API's one 422 shape, naming the field
    assert error["loc"][0] == "body" and "impacted twice" in error["msg"]
    assert (
        post(
            client, "/api/orgs/acme/initiatives", {"key": "x", "title": "X"}, world.agent
        ).status_code
        == 404
    )


def test_adoption_batches_are_checked_row_by_row_and_written_whole(client, world, desktop):
    url = "/api/orgs/acme/initiatives/desktop/adoption"
    bad = rows([3, 12, 4])
    response = post(client, url, {"rows": bad}, world.director)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "row": 2,
            "column": "adopted",
            "message": "adopted (12) is more than eligible (10): adopted counts people "
            "among the eligible",
        }
    ]
    assert not AdoptionRow.objects.exists()
    assert (
        post(client, url, {"rows": rows([3, 4]), "dry_run": True}, world.director).json()["new"]
        == 2
    )
    assert not AdoptionRow.objects.exists()
    assert post(client, url, {"rows": rows([3, 4])}, world.director).json()["new"] == 2
    assert post(client, url, {"rows": rows([3, 4])}, world.director).json()["unchanged"] == 2
    assert post(client, url, {"rows": rows([3])}, world.team_lead).status_code == 404


def test_metrics_and_load_keep_the_command_line_keys_and_the_scope(client, world, desktop):
    post(
        client,
        "/api/orgs/acme/initiatives/desktop/adoption",
        {"rows": rows([8] * 3) + rows([2] * 3, "Team Lisbon 2")},
        world.director,
    )
    body = client.get(
        "/api/orgs/acme/initiatives/desktop/metrics", **bearer(world.team_lead)
    ).json()
    assert [u["unit"] for u in body["units"]] == ["Acme Care / Lisbon / Team Lisbon 1"]
    assert set(body["units"][0]) == {
        "unit",
        "go_live",
        "utilisation",
        "t80_days",
        "sustainment",
        "behind_target_days",
        "alert",
    }
    assert body["units"][0]["t80_days"] == 0
    assert (
        client.get("/api/orgs/acme/initiatives/desktop/metrics", **bearer(world.agent)).status_code
        == 404
    )
    load = client.get(f"/api/orgs/acme/load?from={GO_LIVE}&weeks=2", **bearer(world.manager)).json()
    assert [r["unit"] for r in load["rows"]] == ["Acme Care / Work at Home / Team Home 1"] * 2
    assert load["rows"][0] == {
        "unit": "Acme Care / Work at Home / Team Home 1",
        "week": "2027-W01",
        "load": 0,
        "initiatives": [],
    }


def test_initiatives_are_listed_by_seat(client, world, desktop):
    assert [
        i["key"] for i in client.get("/api/orgs/acme/initiatives", **bearer(world.agent)).json()
    ] == ["desktop"]
    assert client.get("/api/orgs/acme/initiatives", **bearer(world.outsider)).status_code == 404
    assert (
        client.get("/api/orgs/acme/initiatives/desktop", **bearer(world.outsider)).status_code
        == 404
    )
