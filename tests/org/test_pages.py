"""The unit tree and the people list: content, search, filters, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_person
from twoway.org.models import Role

pytestmark = pytest.mark.django_db


def test_unit_tree_counts_people_by_role_over_subtrees(world, login):
    response = login(world.admin).get("/o/acme/units/")
    rows = {row["unit"].name: row for row in response.context["rows"]}
    assert rows["Lisbon"]["agents"] == 5
    assert rows["Lisbon"]["leaders"] == 3  # Dora, Tom, Tina
    assert rows["Acme Care"]["total"] == 13
    assert rows["Team Home 1"]["total"] == 3
    assert "work at home" in response.content.decode()


def test_unit_tree_for_a_manager_starts_at_their_unit(world, login):
    response = login(world.manager).get("/o/acme/units/")
    names = [row["unit"].name for row in response.context["rows"]]
    assert names == ["Work at Home", "Team Home 1"]


def test_search_finds_by_name_and_employee_id(world, login):
    client = login(world.admin)
    names = {p.first_name for p in client.get("/o/acme/people/?q=cruz").context["page"]}
    assert names == {"Cruz"}
    names = {p.first_name for p in client.get("/o/acme/people/?q=E02").context["page"]}
    assert names == {"Tina", "Dan", "Eva"}


def test_filters_by_role_location_and_unit(world, login):
    client = login(world.admin)
    page = client.get("/o/acme/people/?role=team_lead").context["page"]
    assert {p.first_name for p in page} == {"Tom", "Tina", "Theo"}
    page = client.get("/o/acme/people/?location=remote").context["page"]
    assert {p.first_name for p in page} == {"Fay", "Gus"}
    page = client.get(f"/o/acme/people/?unit={world.lisbon.pk}&role=agent").context["page"]
    assert {p.first_name for p in page} == {"Ana", "Ben", "Cruz", "Dan", "Eva"}


def test_leavers_are_hidden_unless_asked_for(world, login):
    ben = world.people["Ben"]
    ben.is_active = False
    ben.save()
    client = login(world.admin)
    assert "Ben" not in {p.first_name for p in client.get("/o/acme/people/").context["page"]}
    left = client.get("/o/acme/people/?status=left").context["page"]
    assert {p.first_name for p in left} == {"Ben"}


def test_htmx_search_returns_only_the_results_fragment(world, login):
    response = login(world.admin).get("/o/acme/people/?q=ana", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "Ana" in body


def _add_agents(world, n):
    tom = world.people["Tom"]
    for i in range(n):
        make_person(world.org, f"X{i:04d}", f"Extra{i}", world.team1, Role.AGENT, tom)


@pytest.mark.parametrize("url", ["/o/acme/people/", "/o/acme/units/", "/o/acme/"])
def test_pages_use_the_same_number_of_queries_whatever_the_head_count(world, login, url):
    client = login(world.admin)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _add_agents(world, 120)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
    assert len(small) <= 12


def test_people_list_is_paginated(world, login):
    _add_agents(world, 120)
    client = login(world.admin)
    page = client.get("/o/acme/people/").context["page"]
    assert len(page.object_list) == 50 and page.paginator.num_pages == 3
    page3 = client.get("/o/acme/people/?page=3").context["page"]
    assert len(page3.object_list) == 133 - 100
