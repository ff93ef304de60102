"""Every answer carries an ETag; sending it back gives 304 until the answer changes. Lists
come in pages, with the total and the other pages in headers, and the body a plain list."""

import pytest

from tests.api.conftest import bearer
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def test_an_unchanged_answer_is_304_and_a_changed_one_is_sent_again(client, world):
    headers = bearer(world.admin)
    first = client.get("/api/orgs/acme/units", **headers)
    etag = first["ETag"]
    again = client.get("/api/orgs/acme/units", HTTP_IF_NONE_MATCH=etag, **headers)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    make_unit(world.org, "Team Lisbon 3", world.lisbon)
    changed = client.get("/api/orgs/acme/units", HTTP_IF_NONE_MATCH=etag, **headers)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Team Lisbon 3" in [u["name"] for u in changed.json()]


def test_answers_are_private_to_their_caller(client, world):
    response = client.get("/api/orgs/acme/units", **bearer(world.manager))
    assert "private" in response["Cache-Control"]
    assert {"Authorization", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_a_team_leads_etag_does_not_open_the_admins_answer(client, world):
    lead = client.get("/api/orgs/acme/units", **bearer(world.team_lead))
    admin = client.get(
        "/api/orgs/acme/units", HTTP_IF_NONE_MATCH=lead["ETag"], **bearer(world.admin)
    )
    assert admin.status_code == 200 and len(admin.json()) == 6


def test_errors_have_no_etag_and_are_never_304(client, world):
    headers = bearer(world.admin)
    missing = client.get("/api/orgs/acme/units/999999", **headers)
    assert missing.status_code == 404 and "ETag" not in missing
    assert (
        client.get("/api/orgs/acme/units/999999", HTTP_IF_NONE_MATCH="*", **headers).status_code
        == 404
    )


def test_people_come_in_pages_with_links_to_the_others(client, world):
    headers = bearer(world.admin)
    first = client.get("/api/orgs/acme/people?limit=5", **headers)
    assert first["X-Total-Count"] == "13" and len(first.json()) == 5
    links = dict(
        (part.split(";")[1].strip()[5:-1], part.split(";")[0].strip()[1:-1])
        for part in first["Link"].split(",")
    )
    assert set(links) == {"first", "next", "last"}
    assert links["last"] == "/api/orgs/acme/people?limit=5&page=3"
    pages = [client.get(links["next"], **headers), client.get(links["last"], **headers)]
    everyone = first.json() + pages[0].json() + pages[1].json()
    assert len({p["id"] for p in everyone}) == 13
    assert 'rel="prev"' in pages[1]["Link"] and 'rel="next"' not in pages[1]["Link"]


def test_a_page_past_the_last_is_empty_not_an_error(client, world):
    response = client.get("/api/orgs/acme/people?page=99", **bearer(world.admin))
    assert response.status_code == 200 and response.json() == []
    assert response["X-Total-Count"] == "13"


def test_units_without_a_limit_are_all_of_them_as_in_version_1(client, world):
    response = client.get("/api/orgs/acme/units", **bearer(world.admin))
    assert len(response.json()) == 6 and response["X-Total-Count"] == "6"
    assert "Link" not in response
