"""A malformed id in a query string is a page that does not exist (404), never a 500
(issue 15: `?unit=abc` on the actions and posters pages)."""

import pytest

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "1.5", "-1", "1e3", "٣", "99999999999999999999999", ""]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_the_actions_page_answers_404_for_a_unit_that_is_no_id(world, login, bad):
    response = login(world.team_lead).get("/o/acme/actions/", {"unit": bad})
    assert response.status_code == (200 if bad == "" else 404)


@pytest.mark.parametrize("bad", BAD_IDS[:-1])
def test_the_posters_page_answers_404_for_a_unit_that_is_no_id(diagnostic, login, bad):
    url = f"/o/acme/surveys/campaigns/{diagnostic.campaign.pk}/posters/"
    response = login(diagnostic.admin).get(url, {"unit": bad})
    assert response.status_code == 404


def test_a_unit_outside_the_scope_is_still_404(world, login):
    response = login(world.team_lead).get("/o/acme/actions/", {"unit": world.team2.pk})
    assert response.status_code == 404
