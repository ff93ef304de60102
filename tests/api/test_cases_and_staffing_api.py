"""Business cases and the staffing calculator through the API: the same figures as the pages
and the command line, errors that name the field, other organisations 404."""

import json
import subprocess
import sys

import pytest

from tests.api.conftest import bearer
from twoway.cases.casedata import new_case_data
from twoway.cases.models import BusinessCase
from twoway.cases.services import create_case

pytestmark = pytest.mark.django_db
CASE = {
    "name": "Knowledge base",
    "workload": {"daily_calls": [5200, 4800, 4700, 4600, 4400, 2100, 1500], "aht": 330},
    "scenarios": [{"name": "New KB", "aht_seconds_saved": 20, "one_off_cost": 50000}],
}


def post_case(client, user, body):
    return client.post(
        "/api/orgs/acme/cases", body, content_type="application/json", **bearer(user)
    )


def test_a_director_saves_a_case_and_reads_its_figures_like_the_page(client, world, login):
    created = post_case(client, world.director, CASE)
    assert created.status_code == 201, created.content
    body = created.json()
    saved = BusinessCase.objects.get(pk=body["id"])
    assert saved.owner == world.director and saved.workload_inputs["kind"] == "daily"
    change = body["figures"]["scenarios"][0]
    assert change["name"] == "New KB" and change["fte_saved"] > 0
    assert body["summary"]["fte_saved"] == round(change["fte_saved"], 2)
    page = login(world.director).get(f"/o/acme/cases/{saved.pk}/")
    assert page.status_code == 200 and "Knowledge base" in page.content.decode()
    listed = client.get("/api/orgs/acme/cases", **bearer(world.admin)).json()
    assert [(c["name"], c["owner"], c["editable"]) for c in listed] == [
        ("Knowledge base", "dora", True)
    ]


def test_a_bad_field_is_a_422_naming_it_and_nothing_is_saved(client, world):
    bad = [
        ({**CASE, "name": ""}, ["body", "name"]),
        ({**CASE, "baseline": {"shrinkage": 1.5}}, ["body", "baseline", "shrinkage"]),
        ({**CASE, "baseline": {"shrinkage": "lots"}}, ["body", "baseline", "shrinkage"]),
        ({**CASE, "target": {"service_levl": 0.8}}, ["body", "target", "service_levl"]),
        ({**CASE, "scenarios": [{"name": "Baseline"}]}, ["body", "scenarios", "name"]),
        ({**CASE, "workload": {"plan": "/etc/passwd"}}, ["body", "workload"]),
    ]
    for body, where in bad:
        response = post_case(client, world.admin, body)
        assert response.status_code == 422, body
        locations = [e["loc"][: len(where)] for e in response.json()["detail"]]
        assert where in locations or [where[0], where[1]] in locations, (body, locations)
    assert not BusinessCase.objects.exists()


def test_a_workload_is_never_read_from_a_path_on_the_server(client, world):
    body = {**CASE, "workload": {"plan": "/etc/passwd", "interval_seconds": 900}}
    response = post_case(client, world.admin, body)
    assert response.status_code == 422 and "passwd" not in json.dumps(
        response.json()["detail"][-1:]
    )


def test_agents_and_other_organisations_see_no_case(client, world):
    data, inputs = new_case_data()
    case = create_case(world.org, world.admin, data, inputs)
    for user in (world.agent, world.outsider):
        assert client.get(f"/api/orgs/acme/cases/{case.pk}", **bearer(user)).status_code == 404
        assert client.get("/api/orgs/acme/cases", **bearer(user)).status_code == 404
    assert (
        client.get(f"/api/orgs/globex/cases/{case.pk}", **bearer(world.outsider)).status_code == 404
    )


def test_only_the_owner_or_an_admin_deletes_a_case(client, world):
    data, inputs = new_case_data()
    case = create_case(world.org, world.admin, data, inputs)
    url = f"/api/orgs/acme/cases/{case.pk}"
    refused = client.delete(url, **bearer(world.director))
    assert refused.status_code == 403 and BusinessCase.objects.filter(pk=case.pk).exists()
    assert client.delete(url, **bearer(world.admin)).status_code == 204
    assert client.get(url, **bearer(world.admin)).status_code == 404


def test_the_calculator_agrees_with_the_command_line(client, world):
    query = "calls=250&aht=300&interval=900&target_sl=0.8&answer_within=20&shrinkage=0.3"
    api = client.get(f"/api/staffing/required?{query}", **bearer(world.agent)).json()
    command = [
        sys.executable,
        "-m",
        "twoway.cli",
        "staffing",
        "required",
        "--calls",
        "250",
        "--aht",
        "300",
        "--interval",
        "900",
        "--target-sl",
        "0.8",
        "--answer-within",
        "20",
        "--shrinkage",
        "0.3",
        "--format",
        "json",
    ]
    cli = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    assert api["agents"] == cli["agents"] and api["scheduled"] == cli["scheduled"]
    assert api["service_level"] == pytest.approx(cli["service_level"])


def test_the_calculator_names_the_parameter_it_refuses(client, world):
    headers = bearer(world.admin)
    for query, name in (
        ("calls=-1&aht=300", "calls"),
        ("calls=10&aht=abc", "aht"),
        ("calls=10&aht=300&target_sl=1.5", "target_sl"),
        ("calls=10&aht=300&answer_within=inf", "answer_within"),
        ("aht=300", "calls"),
    ):
        response = client.get(f"/api/staffing/required?{query}", **headers)
        assert response.status_code == 422, query
        assert response.json()["detail"][0]["loc"] == ["query", name], query
    workaround = client.get(
        "/api/staffing/workaround?minutes_lost_per_occurrence=2"
        "&occurrences_per_agent_per_day=5&agents_affected=40&cost_per_hour=30",
        **headers,
    ).json()
    assert workaround["hours_per_year"] == pytest.approx(2 * 5 * 40 * 230 / 60)
