"""The search box finds people and units of the reader's scope and the pages they may open."""

from tests.factories import make_unit


def test_a_director_finds_people_and_units_of_their_site_only(world, login):
    client = login(world.director)
    page = client.get("/o/acme/search/", {"q": "team"}).content.decode()
    assert "Team Lisbon 1" in page and "Team Lisbon 2" in page
    assert "Team Home 1" not in page  # Mario's site, outside Dora's scope
    page = client.get("/o/acme/search/", {"q": "ana"}).content.decode()
    assert "Ana Example" in page
    assert "Fay Example" not in client.get("/o/acme/search/", {"q": "fay"}).content.decode()


def test_accents_and_case_do_not_matter(world, login):
    make_unit(world.org, "Équipe Lisbon 1", world.home)
    page = login(world.admin).get("/o/acme/search/", {"q": "EQUIPE"}).content.decode()
    assert "Équipe Lisbon 1" in page


def test_an_agent_finds_pages_but_no_person_nor_unit(world, login):
    client = login(world.agent)
    page = client.get("/o/acme/search/", {"q": "ana"}).content.decode()
    assert "Ana Example" not in page
    page = client.get("/o/acme/search/", {"q": "voice"}).content.decode()
    assert "Frontline voice" in page
    assert "Access" not in client.get("/o/acme/search/", {"q": "access"}).content.decode()


def test_admin_pages_are_found_by_admins_and_a_short_query_asks_for_more(world, login):
    client = login(world.admin)
    assert "Audit log" in client.get("/o/acme/search/", {"q": "audit"}).content.decode()
    assert "at least two letters" in client.get("/o/acme/search/", {"q": "a"}).content.decode()


def test_search_is_404_outside_the_organisation(world, login):
    assert login(world.outsider).get("/o/acme/search/", {"q": "ana"}).status_code == 404


def test_search_reads_a_bounded_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.admin)
    with django_assert_max_num_queries(14):
        assert client.get("/o/acme/search/", {"q": "example"}).status_code == 200


def test_every_page_the_search_lists_opens_for_its_audience(world, login):
    from django.urls import reverse

    from twoway.workspace.search import ADMINS, LEADERS, PAGES

    for _title, name, audience, _words in PAGES:
        reader = {ADMINS: world.admin, LEADERS: world.director}.get(audience, world.agent)
        response = login(reader).get(reverse(name, args=["acme"]))
        assert response.status_code == 200, (name, audience)
