"""Units and people through the API: the scope of the unit tree and people pages, no more."""

import pytest

from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def names(response):
    assert response.status_code == 200, response.content
    return [row.get("name") or row["first_name"] for row in response.json()]


def test_a_director_reads_the_units_and_people_of_their_site(client, world):
    headers = bearer(world.director)
    assert names(client.get("/api/orgs/acme/units", **headers)) == [
        "Lisbon",
        "Team Lisbon 1",
        "Team Lisbon 2",
    ]
    people = names(client.get("/api/orgs/acme/people", **headers))
    assert sorted(people) == ["Ana", "Ben", "Cruz", "Dan", "Dora", "Eva", "Tina", "Tom"]


def test_a_unit_or_person_outside_the_scope_is_404(client, world):
    headers = bearer(world.team_lead)
    assert client.get(f"/api/orgs/acme/units/{world.team1.pk}", **headers).status_code == 200
    assert client.get(f"/api/orgs/acme/units/{world.team2.pk}", **headers).status_code == 404
    dan = world.people["Dan"]
    assert client.get(f"/api/orgs/acme/people/{dan.pk}", **headers).status_code == 404
    gina = world.stranger
    assert client.get(f"/api/orgs/acme/people/{gina.pk}", **bearer(world.admin)).status_code == 404
    under = client.get(f"/api/orgs/acme/people?unit={world.team2.pk}", **headers)
    assert under.json() == []


def test_agents_and_other_organisations_read_no_unit_and_no_person(client, world):
    for user in (world.agent, world.outsider):
        for url in (
            "/api/orgs/acme/units",
            "/api/orgs/acme/people",
            f"/api/orgs/acme/people/{world.people['Ana'].pk}",
        ):
            assert client.get(url, **bearer(user)).status_code == 404, (user, url)


def test_people_filter_as_on_the_people_page(client, world):
    headers = bearer(world.admin)
    assert names(client.get("/api/orgs/acme/people?location=remote", **headers)) == ["Fay", "Gus"]
    assert names(client.get("/api/orgs/acme/people?q=E01", **headers)) == [
        "Ana",
        "Ben",
        "Cruz",
        "Tom",
    ]
    leads = names(client.get("/api/orgs/acme/people?role=team_lead", **headers))
    assert sorted(leads) == ["Theo", "Tina", "Tom"]
    home = names(client.get(f"/api/orgs/acme/people?unit={world.home.pk}", **headers))
    assert sorted(home) == ["Fay", "Gus", "Mario", "Theo"]


def test_a_person_reads_as_on_their_page(client, world):
    ana = world.people["Ana"]
    body = client.get(f"/api/orgs/acme/people/{ana.pk}", **bearer(world.team_lead)).json()
    assert body["employee_id"] == "E011" and body["email"] == "ana@acme.example"
    assert body["unit_id"] == world.team1.pk and body["manager_id"] == world.people["Tom"].pk
    assert body["hire_date"] == "2024-01-15" and body["is_active"] is True


def test_units_filter_by_kind_parent_and_subtree(client, world):
    headers = bearer(world.admin)
    assert names(client.get("/api/orgs/acme/units?kind=site", **headers)) == [
        "Lisbon",
        "Work at Home",
    ]
    children = client.get(f"/api/orgs/acme/units?parent_id={world.lisbon.pk}", **headers)
    assert names(children) == ["Team Lisbon 1", "Team Lisbon 2"]
    under = client.get(f"/api/orgs/acme/units?under={world.home.pk}", **headers)
    assert names(under) == ["Work at Home", "Team Home 1"]
    assert names(client.get("/api/orgs/acme/units?q=lisbon 2", **headers)) == ["Team Lisbon 2"]
    body = client.get(f"/api/orgs/acme/units/{world.team_home.pk}", **headers).json()
    assert body["path"] == [world.center.pk, world.home.pk, world.team_home.pk]


def test_listing_people_costs_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    headers = bearer(world.admin)
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/orgs/acme/people?limit=100", **headers).json()) == 13
    with django_assert_max_num_queries(12):
        client.get("/api/orgs/acme/units", **headers)
