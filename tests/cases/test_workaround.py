"""The workaround's cost page: hours, money and FTE lost to a broken process."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/o/acme/cases/workaround/"
DATA = {
    "name": "Re-keying orders",
    "minutes_lost_per_occurrence": "2",
    "occurrences_per_agent_per_day": "6",
    "agents_affected": "120",
    "cost_per_hour": "30",
    "currency": "€",
    "working_days_per_year": "230",
    "paid_hours_per_day": "8",
}


def test_the_page_opens_priced_at_its_example(world, login):
    response = login(world.team_lead).get(URL)
    assert response.status_code == 200
    assert response.context["cost"].fte > 0


def test_cost_and_capacity_follow_the_formula(world, login):
    response = login(world.team_lead).post(URL, DATA)
    cost = response.context["cost"]
    # 2 min x 6 a day x 120 agents = 1,440 min a day: 24 h, i.e. 3 FTE of 8 paid hours
    assert cost.fte == pytest.approx(3.0)
    assert cost.hours_per_year == pytest.approx(24 * 230)
    assert cost.cost_per_year == pytest.approx(24 * 230 * 30)
    assert "€165,600" in response.content.decode()


def test_htmx_gets_only_the_result(world, login):
    client = login(world.team_lead)
    response = client.post(URL, DATA, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "€165,600" in html


def test_negative_minutes_are_refused_on_their_field(world, login):
    response = login(world.team_lead).post(URL, {**DATA, "minutes_lost_per_occurrence": "-1"})
    assert response.status_code == 400
    assert response.context["cost"] is None
    assert "0 or more" in response.context["form"].errors["minutes_lost_per_occurrence"][0]
