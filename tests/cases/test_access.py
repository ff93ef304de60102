"""Who may open business cases: leaders and admins of the organisation, nobody else."""

import pytest

from tests.cases.helpers import form, saved_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["admin", "director", "manager", "team_lead"])
def test_leaders_and_admins_open_the_case_pages(world, login, who):
    client = login(getattr(world, who))
    assert client.get("/o/acme/cases/").status_code == 200
    assert client.get("/o/acme/cases/new/").status_code == 200
    assert client.get("/o/acme/cases/workaround/").status_code == 200


@pytest.mark.parametrize("who", ["agent", "outsider"])
def test_agents_and_outsiders_get_404_everywhere(world, login, who):
    case = saved_case(world.org, world.director)
    client = login(getattr(world, who))
    for url in (
        "/o/acme/cases/",
        "/o/acme/cases/new/",
        "/o/acme/cases/workaround/",
        f"/o/acme/cases/{case.pk}/",
        f"/o/acme/cases/{case.pk}/pdf/",
        f"/o/acme/cases/{case.pk}/delete/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post("/o/acme/cases/new/calculate/", form()).status_code == 404
    assert client.post(f"/o/acme/cases/{case.pk}/duplicate/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get("/o/acme/cases/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_case_of_another_organisation_is_404(world, login):
    theirs = saved_case(world.other_org, world.outsider, name="Globex plan")
    client = login(world.admin)
    assert client.get(f"/o/acme/cases/{theirs.pk}/").status_code == 404
    assert client.get(f"/o/acme/cases/{theirs.pk}/pdf/").status_code == 404
    assert client.post(f"/o/acme/cases/{theirs.pk}/duplicate/").status_code == 404
    assert client.post(f"/o/acme/cases/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"/o/acme/cases/{theirs.pk}/calculate/", form()).status_code == 404
    # Nor through the other organisation's address, where acme's admin has no access.
    assert client.get(f"/o/globex/cases/{theirs.pk}/").status_code == 404
    assert "Globex plan" not in client.get("/o/acme/cases/").content.decode()


def test_a_leader_reads_a_colleagues_case_but_cannot_change_it(world, login):
    case = saved_case(world.org, world.director, name="Dora's case")
    client = login(world.manager)
    page = client.get(f"/o/acme/cases/{case.pk}/")
    assert page.status_code == 200
    assert page.context["editable"] is False
    assert 'name="action" value="save"' not in page.content.decode()
    assert client.post(f"/o/acme/cases/{case.pk}/", form(action="save")).status_code == 403
    assert client.post(f"/o/acme/cases/{case.pk}/delete/").status_code == 403
    case.refresh_from_db()
    assert case.name == "Dora's case"


def test_an_admin_may_change_anyones_case(world, login):
    case = saved_case(world.org, world.director)
    client = login(world.admin)
    response = client.post(f"/o/acme/cases/{case.pk}/", form(name="Renamed", action="save"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.name == "Renamed"
    assert case.owner == world.director
