"""Who sees what, proven through HTTP: anything outside a scope answers 404."""

import pytest

pytestmark = pytest.mark.django_db


def people_on_page(client, url="/o/acme/people/?status=all"):
    response = client.get(url)
    assert response.status_code == 200
    return {p.first_name for p in response.context["page"].object_list}


def test_admin_sees_everyone(world, login):
    assert people_on_page(login(world.admin)) == set(world.people)


def test_team_lead_sees_only_their_team(world, login):
    assert people_on_page(login(world.team_lead)) == {"Tom", "Ana", "Ben", "Cruz"}


def test_director_sees_their_site(world, login):
    seen = people_on_page(login(world.director))
    assert seen == {"Dora", "Tom", "Tina", "Ana", "Ben", "Cruz", "Dan", "Eva"}


def test_manager_sees_their_subtree(world, login):
    assert people_on_page(login(world.manager)) == {"Mario", "Theo", "Fay", "Gus"}


def test_team_lead_cannot_open_a_person_of_another_team(world, login):
    client = login(world.team_lead)
    dan = world.people["Dan"]
    assert client.get(f"/o/acme/people/{dan.pk}/").status_code == 404
    assert client.get(f"/o/acme/people/{world.people['Ben'].pk}/").status_code == 200


def test_team_lead_cannot_filter_into_another_unit(world, login):
    client = login(world.team_lead)
    assert people_on_page(client, f"/o/acme/people/?unit={world.team2.pk}") == set()


def test_agent_has_no_people_or_unit_pages(world, login):
    client = login(world.agent)
    assert client.get("/o/acme/").status_code == 200
    assert client.get("/o/acme/people/").status_code == 404
    assert client.get("/o/acme/units/").status_code == 404
    assert client.get(f"/o/acme/people/{world.people['Ana'].pk}/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/o/acme/roster/import/",
        "/o/acme/roster/export/",
        "/o/acme/audit/",
        "/o/acme/access/",
        "/o/acme/settings/roles/",
    ],
)
def test_admin_pages_are_404_for_a_director(world, login, url):
    assert login(world.director).get(url).status_code == 404


@pytest.mark.parametrize("url", ["/o/acme/", "/o/acme/people/", "/o/acme/units/"])
def test_another_organisation_is_404(world, login, url):
    assert login(world.outsider).get(url).status_code == 404


def test_outsider_cannot_open_a_person_by_id(world, login):
    client = login(world.outsider)
    assert client.get(f"/o/globex/people/{world.people['Ana'].pk}/").status_code == 404


def test_a_person_who_left_loses_their_scope(world, login):
    tom = world.people["Tom"]
    tom.is_active = False
    tom.save()
    assert login(world.team_lead).get("/o/acme/people/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get("/o/acme/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_consultant_sees_each_client_organisation(world, login):
    from tests.factories import make_account
    from twoway.org.models import Membership

    consultant = make_account("consultant", world.org, Membership.Level.CONSULTANT)
    Membership.objects.create(
        user=consultant, organisation=world.other_org, level=Membership.Level.CONSULTANT
    )
    client = login(consultant)
    home = client.get("/")
    assert home.status_code == 200
    assert b"Acme Care" in home.content and b"Globex" in home.content
    assert people_on_page(client) == set(world.people)
    assert client.get("/o/globex/people/").status_code == 200
